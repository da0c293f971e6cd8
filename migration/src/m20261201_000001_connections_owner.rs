//! A connection is the platform account of the person who connected it, even in a shared
//! workspace, so it goes with them: `connections.connected_by` now cascades from `users`
//! instead of being set to NULL, which left a deleted person's accounts and encrypted tokens
//! behind. The column stays nullable, as the entity has it; rows without a connector reach
//! no one and are left alone.
//!
//! PostgreSQL drops and re-adds the constraint, inside the migration's transaction.
//!
//! SQLite cannot alter a foreign key, so the table is rebuilt (create the new table, copy,
//! drop the old, rename). With foreign keys enforced, dropping `connections` would first
//! delete its rows, cascading into `vault_secrets` and nulling `post_targets.connection_id`.
//! Enforcement can only be switched off outside a transaction, and sea-orm-migration runs
//! SQLite migrations without one, on a pool whose connections each keep their own setting;
//! so the rebuild opens one connection of its own with enforcement off, runs in a
//! transaction there, checks every foreign key before committing, and closes it.

use crate::{
    m20261123_000001_accounts::Users,
    m20261123_000002_workspaces::Workspaces,
    m20261124_200001_connections::{Connections, fk},
};
use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{
        ConnectionTrait, DatabaseConnection, DbBackend, SqlxSqliteConnector, Statement, TransactionTrait,
        sqlx::sqlite::SqlitePoolOptions,
    },
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const FK: &str = "fk_connections_connected_by";
const REBUILT: &str = "connections_rebuilt";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        connected_by_on_delete(manager, ForeignKeyAction::Cascade).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        connected_by_on_delete(manager, ForeignKeyAction::SetNull).await
    }
}

async fn connected_by_on_delete(manager: &SchemaManager<'_>, action: ForeignKeyAction) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Sqlite {
        manager.drop_foreign_key(ForeignKey::drop().name(FK).table(Connections::Table).to_owned()).await?;
        return manager.create_foreign_key(connected_by(Connections::Table, action)).await;
    }
    let SchemaManagerConnection::Connection(db) = manager.get_connection() else {
        return Err(DbErr::Migration(format!(
            "{FK} is rebuilt on SQLite with foreign keys off, which a transaction cannot do: run this migration \
             on a connection, not inside a transaction"
        )));
    };
    let options = db.get_sqlite_connection_pool().connect_options().as_ref().clone().foreign_keys(false);
    let own = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| DbErr::Migration(format!("open a connection for the rebuild: {e}")))?;
    let own = SqlxSqliteConnector::from_sqlx_sqlite_pool(own);
    let rebuilt = rebuild(&own, action).await;
    own.close().await?;
    rebuilt
}

async fn rebuild(db: &DatabaseConnection, action: ForeignKeyAction) -> Result<(), DbErr> {
    let enforced = db.query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA foreign_keys")).await?;
    if enforced.map(|row| row.try_get_by_index::<i32>(0)).transpose()? != Some(0) {
        return Err(DbErr::Migration("foreign keys are still enforced; dropping `connections` would cascade".into()));
    }
    let txn = db.begin().await?;
    let manager = SchemaManager::new(&txn);
    let before = count(&txn, "connections").await?;

    manager.create_table(table(action)).await?;
    let copy = Query::insert()
        .into_table(Alias::new(REBUILT))
        .columns(columns())
        .select_from(Query::select().columns(columns()).from(Connections::Table).to_owned())
        .map_err(|e| DbErr::Migration(e.to_string()))?
        .to_owned();
    manager.exec_stmt(copy).await?;
    manager.drop_table(Table::drop().table(Connections::Table).to_owned()).await?;
    manager.rename_table(Table::rename().table(Alias::new(REBUILT), Connections::Table).to_owned()).await?;
    create_indexes(&manager).await?;

    let after = count(&txn, "connections").await?;
    let broken = txn.query_all_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA foreign_key_check")).await?;
    if before != after || !broken.is_empty() {
        return Err(DbErr::Migration(format!(
            "rebuilding connections kept {after} of {before} rows and broke {} foreign keys",
            broken.len()
        )));
    }
    txn.commit().await
}

async fn count(db: &impl ConnectionTrait, table: &str) -> Result<i64, DbErr> {
    let sql = format!("SELECT COUNT(*) FROM \"{table}\"");
    let row = db.query_one_raw(Statement::from_string(DbBackend::Sqlite, sql)).await?;
    row.map_or(Ok(0), |row| row.try_get_by_index::<i64>(0))
}

fn connected_by(table: impl IntoIden, action: ForeignKeyAction) -> ForeignKeyCreateStatement {
    fk(FK, (table, Connections::ConnectedBy), (Users::Table, Users::Id), action)
}

/// The columns in the order the table was created with.
fn columns() -> [Connections; 17] {
    [
        Connections::Id,
        Connections::WorkspaceId,
        Connections::Platform,
        Connections::PlatformAccountId,
        Connections::AccountName,
        Connections::AvatarUrl,
        Connections::Scopes,
        Connections::Status,
        Connections::StatusReason,
        Connections::ConnectedBy,
        Connections::ConnectedAt,
        Connections::UpdatedAt,
        Connections::LastRefreshedAt,
        Connections::ExpiresAt,
        Connections::RefreshExpiresAt,
        Connections::CanRefresh,
        Connections::LeaseUntil,
    ]
}

/// `connections` as `m20261124_200001_connections` created it, but for the rule on
/// `connected_by`.
fn table(action: ForeignKeyAction) -> TableCreateStatement {
    let name = Alias::new(REBUILT);
    Table::create()
        .table(name.clone())
        .col(pk_uuid(Connections::Id))
        .col(uuid(Connections::WorkspaceId))
        .col(string_len(Connections::Platform, 16))
        .col(string(Connections::PlatformAccountId))
        .col(string(Connections::AccountName))
        .col(string_null(Connections::AvatarUrl))
        .col(text(Connections::Scopes))
        .col(string_len(Connections::Status, 16))
        .col(string_null(Connections::StatusReason))
        .col(uuid_null(Connections::ConnectedBy))
        .col(timestamp_with_time_zone(Connections::ConnectedAt))
        .col(timestamp_with_time_zone(Connections::UpdatedAt))
        .col(timestamp_with_time_zone_null(Connections::LastRefreshedAt))
        .col(timestamp_with_time_zone_null(Connections::ExpiresAt))
        .col(timestamp_with_time_zone_null(Connections::RefreshExpiresAt))
        .col(boolean(Connections::CanRefresh))
        .col(timestamp_with_time_zone_null(Connections::LeaseUntil))
        .foreign_key(&mut fk(
            "fk_connections_workspace",
            (name.clone(), Connections::WorkspaceId),
            (Workspaces::Table, Workspaces::Id),
            ForeignKeyAction::Cascade,
        ))
        .foreign_key(&mut connected_by(name, action))
        .to_owned()
}

/// The indexes went with the old table; their names are free again once it is dropped.
async fn create_indexes(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_index(
            Index::create()
                .name("uq_connections_account")
                .table(Connections::Table)
                .col(Connections::WorkspaceId)
                .col(Connections::Platform)
                .col(Connections::PlatformAccountId)
                .unique()
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_connections_refresh_due")
                .table(Connections::Table)
                .col(Connections::Status)
                .col(Connections::ExpiresAt)
                .to_owned(),
        )
        .await
}
