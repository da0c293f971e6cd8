//! Claiming due rows with a lease, shared by every queue that sends something out (mail,
//! webhook deliveries). A row stays `pending` while a run holds it; the lease
//! (`lease_until`) keeps other runs off it, and once the lease has run out — the run
//! crashed or hung — the row is due again and another run sends it. Each claim counts an
//! attempt, and the attempt count is the fencing token: a run that overran its lease finds
//! the count moved on and leaves the row to its new holder.
//!
//! On PostgreSQL rows are picked with `FOR UPDATE SKIP LOCKED`, so racing runs never take
//! the same row; on SQLite the write transaction is the single writer.

use chrono::{DateTime, Duration, Utc};
use compliance::db::begin_write;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, ExprTrait, FromQueryResult, QueryFilter, UpdateMany,
    sea_query::{Expr, LockBehavior, LockType, Order, Query, SelectStatement},
};

/// A queue table: the columns a leased claim reads and writes.
pub trait Leased: EntityTrait {
    const ID: Self::Column;
    const STATUS: Self::Column;
    const NEXT_ATTEMPT_AT: Self::Column;
    const LEASE_UNTIL: Self::Column;
    const ATTEMPTS: Self::Column;
    /// The status a row waits in until it is sent or given up.
    const PENDING: &'static str;
}

/// Due pending rows, leased until `now + lease`, their attempt count raised by one.
pub async fn claim_due<E>(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<E::Model>, DbErr>
where
    E: Leased,
    E::Model: FromQueryResult + Send + Sync,
{
    let picked = Query::select()
        .column(E::ID)
        .from(E::default())
        .and_where(E::STATUS.eq(E::PENDING))
        .and_where(E::NEXT_ATTEMPT_AT.lte(now))
        .and_where(E::LEASE_UNTIL.is_null().or(E::LEASE_UNTIL.lt(now)))
        .order_by(E::NEXT_ATTEMPT_AT, Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let update = E::update_many()
        .col_expr(E::LEASE_UNTIL, Expr::value(now + lease))
        .col_expr(E::ATTEMPTS, Expr::col(E::ATTEMPTS).add(1));
    take(db, E::ID, picked, update).await
}

/// Applies `update` to the rows `picked` selects (by their `id` column) in one write
/// transaction and returns them as they now are.
pub async fn take<E>(
    db: &DatabaseConnection,
    id: E::Column,
    picked: SelectStatement,
    update: UpdateMany<E>,
) -> Result<Vec<E::Model>, DbErr>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Send + Sync,
{
    let txn = begin_write(db).await?;
    let claimed = update.filter(id.in_subquery(picked)).exec_with_returning(&txn).await?;
    txn.commit().await?;
    Ok(claimed)
}
