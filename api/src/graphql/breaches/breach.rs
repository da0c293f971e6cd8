use super::{deadline::AuthorityDeadline, event::BreachEvent};
use crate::{
    auth::app_state,
    error::{ApiError, ApiResult},
    graphql::{
        enums::RiskLevel,
        loaders::BreachStateLoader,
        relay::{GlobalId, NodeKind},
    },
};
use async_graphql::{Context, ID, Object, SimpleObject, dataloader::DataLoader};
use chrono::{DateTime, Utc};
use compliance::breach::BreachState;
use entity::breaches;

/// A personal-data breach as recorded, with its current assessment and deadlines.
pub struct Breach(pub breaches::Model);

impl Breach {
    async fn state(&self, ctx: &Context<'_>) -> ApiResult<BreachState> {
        ctx.data::<DataLoader<BreachStateLoader>>()
            .map_err(|_| ApiError::internal(anyhow::anyhow!("breach loader missing")))?
            .load_one(self.0.id)
            .await
            .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?
            .ok_or_else(|| ApiError::not_found("breach"))
    }
}

/// Whether the people affected have been told.
#[derive(SimpleObject)]
pub struct SubjectNoticeStatus {
    /// High risk and not yet notified (GDPR Art. 34).
    pub due: bool,
    pub queued_at: Option<DateTime<Utc>>,
    pub notices_queued: Option<i32>,
}

#[Object]
impl Breach {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Breach, self.0.id)
    }

    async fn detected_at(&self) -> DateTime<Utc> {
        self.0.detected_at
    }

    /// Deadlines count from here.
    async fn became_aware_at(&self) -> DateTime<Utc> {
        self.0.became_aware_at
    }

    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    async fn data_categories(&self, ctx: &Context<'_>) -> ApiResult<Vec<String>> {
        Ok(self.state(ctx).await?.data_categories)
    }

    /// The approximate number of people affected.
    async fn subjects_estimate(&self) -> i64 {
        self.0.subjects_estimate
    }

    /// How many affected accounts are on record by name.
    async fn known_subject_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        Ok(self.state(ctx).await?.known_subjects)
    }

    /// The latest assessment.
    async fn risk_level(&self, ctx: &Context<'_>) -> ApiResult<RiskLevel> {
        Ok(self.state(ctx).await?.risk_level.into())
    }

    /// The latest containment note.
    async fn containment(&self, ctx: &Context<'_>) -> ApiResult<String> {
        Ok(self.state(ctx).await?.containment)
    }

    async fn jurisdictions(&self) -> Vec<String> {
        self.0.jurisdictions.split_whitespace().map(str::to_owned).collect()
    }

    /// One deadline per jurisdiction, with the time left.
    async fn authority_deadlines(&self, ctx: &Context<'_>) -> ApiResult<Vec<AuthorityDeadline>> {
        let now = app_state(ctx)?.clock.now();
        Ok(self.state(ctx).await?.deadlines.into_iter().map(|deadline| AuthorityDeadline { deadline, now }).collect())
    }

    /// An authority deadline has passed without a notification.
    async fn overdue(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let now = app_state(ctx)?.clock.now();
        Ok(self.state(ctx).await?.is_overdue(now))
    }

    async fn subject_notice(&self, ctx: &Context<'_>) -> ApiResult<SubjectNoticeStatus> {
        let state = self.state(ctx).await?;
        Ok(SubjectNoticeStatus {
            due: state.subject_notice_due(),
            queued_at: state.subject_notice.as_ref().map(|n| n.queued_at),
            notices_queued: state.subject_notice.map(|n| n.notices_queued),
        })
    }

    /// Everything appended since the breach was recorded, in order.
    async fn events(&self, ctx: &Context<'_>) -> ApiResult<Vec<BreachEvent>> {
        Ok(self.state(ctx).await?.events.into_iter().map(BreachEvent).collect())
    }
}
