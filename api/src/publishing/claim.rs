//! Claiming due targets with a lease. On PostgreSQL the rows are picked with
//! `FOR UPDATE SKIP LOCKED`, so racing workers never take the same row; on SQLite the
//! write transaction is the single writer (the lock clause is omitted there).

use crate::queue::lease::take;
use chrono::{DateTime, Duration, Utc};
use entity::{post_targets, sea_orm_active_enums::PublishStatus};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, ExprTrait,
    sea_query::{Expr, LockBehavior, LockType, Order, Query},
};

/// Due scheduled targets, moved to `publishing` under this worker's lease.
pub async fn due(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<post_targets::Model>, DbErr> {
    let picked = Query::select()
        .column(post_targets::Column::Id)
        .from(post_targets::Entity)
        .and_where(post_targets::Column::Status.eq(PublishStatus::Scheduled))
        .and_where(post_targets::Column::NextAttemptAt.lte(now))
        .order_by(post_targets::Column::NextAttemptAt, Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let update = post_targets::Entity::update_many()
        .col_expr(post_targets::Column::Status, Expr::value(PublishStatus::Publishing))
        .col_expr(post_targets::Column::LeaseUntil, Expr::value(now + lease))
        .col_expr(post_targets::Column::LeaseOwner, Expr::value(worker))
        .col_expr(post_targets::Column::Attempts, Expr::col(post_targets::Column::Attempts).add(1))
        .col_expr(post_targets::Column::UpdatedAt, Expr::value(now));
    take(db, post_targets::Column::Id, picked, update).await
}

/// Targets left in `publishing` by a worker whose lease ran out (it crashed, or hung):
/// taken over, still `publishing`, for the worker to find out what happened.
pub async fn abandoned(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<post_targets::Model>, DbErr> {
    let picked = Query::select()
        .column(post_targets::Column::Id)
        .from(post_targets::Entity)
        .and_where(post_targets::Column::Status.eq(PublishStatus::Publishing))
        .and_where(post_targets::Column::LeaseUntil.lt(now))
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let update = post_targets::Entity::update_many()
        .col_expr(post_targets::Column::LeaseUntil, Expr::value(now + lease))
        .col_expr(post_targets::Column::LeaseOwner, Expr::value(worker))
        .col_expr(post_targets::Column::UpdatedAt, Expr::value(now));
    take(db, post_targets::Column::Id, picked, update).await
}
