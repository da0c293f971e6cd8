//! Small database helpers shared by the engine and the API.

use sea_orm::{DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait};

/// Begins a transaction that will write.
///
/// On SQLite a deferred transaction that reads before it writes can fail with
/// `SQLITE_BUSY` when another writer commits in between, and no busy timeout helps; taking
/// the write lock up front turns that into an orderly wait. PostgreSQL ignores the mode.
pub async fn begin_write<C>(db: &C) -> Result<C::Transaction, DbErr>
where
    C: TransactionTrait,
{
    db.begin_with_options(TransactionOptions {
        isolation_level: None,
        access_mode: None,
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
    })
    .await
}

pub type Tx = DatabaseTransaction;
