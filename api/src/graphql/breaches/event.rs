use crate::{
    error::ApiResult,
    graphql::{
        actor::{Person, person},
        enums::{BreachEventKind, RiskLevel},
        scalars::DateTime,
    },
};
use async_graphql::{Context, Object};
use entity::breach_events;

/// Something appended to a breach after it was recorded. Which fields are set depends on
/// `kind`.
pub struct BreachEvent(pub breach_events::Model);

/// Something appended to a breach after it was recorded. Which fields are set depends on
/// `kind`.
#[Object]
impl BreachEvent {
    /// What happened.
    async fn kind(&self) -> BreachEventKind {
        self.0.kind.into()
    }

    /// When it happened, e.g. when the authority was notified; may precede `recordedAt`.
    async fn occurred_at(&self) -> DateTime {
        self.0.occurred_at.into()
    }

    /// When it was entered in the register.
    async fn recorded_at(&self) -> DateTime {
        self.0.recorded_at.into()
    }

    /// The compliance officer who recorded it, or what is left of them; null when not
    /// recorded.
    async fn recorded_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        match self.0.recorded_by {
            Some(id) => Ok(Some(person(ctx, id).await?)),
            None => Ok(None),
        }
    }

    /// For `AUTHORITY_NOTIFIED`: the jurisdiction id.
    async fn jurisdiction(&self) -> Option<&str> {
        self.0.jurisdiction.as_deref()
    }

    /// For `AUTHORITY_NOTIFIED`: the authority's case reference.
    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    /// For `ASSESSMENT_UPDATED`: the new risk level, when it changed.
    async fn risk_level(&self) -> Option<RiskLevel> {
        self.0.risk_level.map(Into::into)
    }

    /// For `ASSESSMENT_UPDATED`: the new containment note, when it changed.
    async fn containment(&self) -> Option<&str> {
        self.0.containment.as_deref()
    }

    /// For `SUBJECTS_NOTIFIED`: how many notices were queued.
    async fn notices_queued(&self) -> Option<i32> {
        self.0.notices_queued
    }
}
