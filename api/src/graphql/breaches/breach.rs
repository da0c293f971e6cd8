use super::{deadline::AuthorityDeadline, event::BreachEvent};
use crate::{
    auth::{app_state, require_compliance_officer},
    error::{ApiError, ApiResult},
    graphql::{
        context::svc,
        enums::RiskLevel,
        loaders::BreachStateLoader,
        relay::{Conn, GlobalId, NodeKind, PageArgs, paginate},
        scalars::{BigInt, DateTime},
    },
};
use async_graphql::{Context, ID, Object, SimpleObject, dataloader::DataLoader};
use compliance::breach::BreachState;
use entity::{breach_events, breaches};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
    /// When the notices were queued; null until then.
    pub queued_at: Option<DateTime>,
    /// How many notices were queued; null until then.
    pub notices_queued: Option<i32>,
}

/// A personal-data breach as recorded, with its current assessment and deadlines.
#[Object]
impl Breach {
    /// The breach's global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Breach, self.0.id)
    }

    /// When the incident was detected.
    async fn detected_at(&self) -> DateTime {
        self.0.detected_at.into()
    }

    /// When the controller became reasonably certain personal data was affected; the
    /// authority deadlines count from here.
    async fn became_aware_at(&self) -> DateTime {
        self.0.became_aware_at.into()
    }

    /// When the breach was entered in the register.
    async fn recorded_at(&self) -> DateTime {
        self.0.recorded_at.into()
    }

    /// What happened, without naming people.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// The kinds of personal data affected, e.g. `email addresses`.
    async fn data_categories(&self, ctx: &Context<'_>) -> ApiResult<Vec<String>> {
        Ok(self.state(ctx).await?.data_categories)
    }

    /// The approximate number of people affected.
    async fn subjects_estimate(&self) -> BigInt {
        self.0.subjects_estimate.into()
    }

    /// How many affected accounts are on record by name.
    async fn known_subject_count(&self, ctx: &Context<'_>) -> ApiResult<BigInt> {
        Ok(self.state(ctx).await?.known_subjects.into())
    }

    /// The latest assessment.
    async fn risk_level(&self, ctx: &Context<'_>) -> ApiResult<RiskLevel> {
        Ok(self.state(ctx).await?.risk_level.into())
    }

    /// The latest containment note.
    async fn containment(&self, ctx: &Context<'_>) -> ApiResult<String> {
        Ok(self.state(ctx).await?.containment)
    }

    /// The jurisdiction ids whose authority deadlines apply, e.g. `eu`.
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

    /// Whether the affected people are owed a notice, and whether it went out.
    async fn subject_notice(&self, ctx: &Context<'_>) -> ApiResult<SubjectNoticeStatus> {
        let state = self.state(ctx).await?;
        Ok(SubjectNoticeStatus {
            due: state.subject_notice_due(),
            queued_at: state.subject_notice.as_ref().map(|n| n.queued_at.into()),
            notices_queued: state.subject_notice.map(|n| n.notices_queued),
        })
    }

    /// Everything appended since the breach was recorded, oldest first (`last: n` gives
    /// the newest); at most 100 a page.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
    ) -> ApiResult<Conn<BreachEvent>> {
        require_compliance_officer(ctx).await?;
        let svc = svc(ctx)?;
        // Event ids are time-ordered, so id order is the order they were appended in.
        paginate(
            &svc.state.db,
            breach_events::Entity::find().filter(breach_events::Column::BreachId.eq(self.0.id)),
            breach_events::Column::Id,
            |e| e.id,
            PageArgs::new(after, before, first, last),
            BreachEvent,
        )
        .await
    }
}
