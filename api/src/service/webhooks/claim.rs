//! Claiming due deliveries with a lease, exactly as the mail outbox does: a delivery stays
//! `pending` while a run holds it, `lease_until` keeps other runs off, an expired lease
//! makes it due again (the run crashed or hung), and the attempt count that each claim
//! raises is the fencing token that stops a late run from recording over its successor.
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL; the single writer on SQLite.

use super::PENDING;
use chrono::{DateTime, Duration, Utc};
use compliance::db::begin_write;
use entity::webhook_deliveries::{Column, Entity, Model};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, ExprTrait, QueryFilter,
    sea_query::{Expr, LockBehavior, LockType, Order, Query},
};

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
