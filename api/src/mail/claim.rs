//! Claiming due mail with a lease. A row stays `pending` while a run holds it; the lease
//! (`lease_until`) keeps other runs off it, and once the lease has run out — the run
//! crashed or hung — the row is due again and another run sends it. Each claim counts an
//! attempt, and the attempt count is the fencing token: a run that overran its lease finds
//! the count moved on and leaves the row to its new holder.
//!
//! On PostgreSQL rows are picked with `FOR UPDATE SKIP LOCKED`, so racing runs never take
//! the same row; on SQLite the write transaction is the single writer.

use chrono::{DateTime, Duration, Utc};
use compliance::{db::begin_write, outbox::PENDING};
use entity::outbox_emails::{Column, Entity, Model};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, ExprTrait, QueryFilter,
    sea_query::{Expr, LockBehavior, LockType, Order, Query},
};

/// Due pending rows, leased until `now + lease`, their attempt count raised by one.
pub async fn due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<Model>, DbErr> {
    let picked = Query::select()
        .column(Column::Id)
        .from(Entity)
        .and_where(Column::Status.eq(PENDING))
        .and_where(Column::NextAttemptAt.lte(now))
        .and_where(Column::LeaseUntil.is_null().or(Column::LeaseUntil.lt(now)))
        .order_by(Column::NextAttemptAt, Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let txn = begin_write(db).await?;
    let claimed = Entity::update_many()
        .col_expr(Column::LeaseUntil, Expr::value(now + lease))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .filter(Column::Id.in_subquery(picked))
        .exec_with_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(claimed)
}
