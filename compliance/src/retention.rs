//! Retention of analytics: per-post snapshots are personal data (they tie a person's posts
//! to their reach) and are kept only for the promised period; the daily per-workspace,
//! per-platform aggregates carry no link to a person and stay. Each sweep that removes
//! anything leaves one audit entry with the counts and the cutoff, never the rows.

use crate::{
    Clock, Result,
    audit::{self, Actor, AuditEvent},
};
use chrono::{DateTime, Utc};
use entity::{analytics_latest, analytics_snapshots};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait};
use serde_json::json;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct AnalyticsSwept {
    pub snapshots: u64,
    pub latest: u64,
}

/// Deletes snapshots captured before `cutoff`, in batches so a first sweep over years of
/// rows never holds the write lock for long, and the newest-figures rows just as old.
pub async fn sweep_analytics<C>(db: &C, clock: &dyn Clock, cutoff: DateTime<Utc>, batch: u64) -> Result<AnalyticsSwept>
where
    C: ConnectionTrait + TransactionTrait,
{
    let mut swept = AnalyticsSwept::default();
    loop {
        let ids: Vec<uuid::Uuid> = analytics_snapshots::Entity::find()
            .select_only()
            .column(analytics_snapshots::Column::Id)
            .filter(analytics_snapshots::Column::CapturedAt.lt(cutoff))
            .limit(batch.max(1))
            .into_tuple()
            .all(db)
            .await?;
        if ids.is_empty() {
            break;
        }
        swept.snapshots += analytics_snapshots::Entity::delete_many()
            .filter(analytics_snapshots::Column::Id.is_in(ids))
            .exec(db)
            .await?
            .rows_affected;
    }
    swept.latest = analytics_latest::Entity::delete_many()
        .filter(analytics_latest::Column::CapturedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected;
    if swept != AnalyticsSwept::default() {
        let detail = json!({ "snapshots": swept.snapshots, "latest": swept.latest, "cutoff": cutoff.to_rfc3339() });
        audit::append(db, clock, AuditEvent::new(Actor::System, "retention.analytics.swept").detail(detail)).await?;
    }
    Ok(swept)
}
