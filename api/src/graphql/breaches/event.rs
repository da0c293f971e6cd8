use crate::graphql::{
    enums::{BreachEventKind, RiskLevel},
    relay::{GlobalId, NodeKind},
};
use async_graphql::{ID, Object};
use chrono::{DateTime, Utc};
use entity::breach_events;

/// Something appended to a breach after it was recorded.
pub struct BreachEvent(pub breach_events::Model);

#[Object]
impl BreachEvent {
    async fn kind(&self) -> BreachEventKind {
        self.0.kind.into()
    }

    /// When it happened, e.g. when the authority was notified.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }

    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }

    /// The compliance officer who recorded it (a `User` id).
    async fn recorded_by(&self) -> Option<ID> {
        self.0.recorded_by.map(|id| GlobalId::id(NodeKind::User, id))
    }

    async fn jurisdiction(&self) -> Option<&str> {
        self.0.jurisdiction.as_deref()
    }

    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    async fn risk_level(&self) -> Option<RiskLevel> {
        self.0.risk_level.map(Into::into)
    }

    async fn containment(&self) -> Option<&str> {
        self.0.containment.as_deref()
    }

    async fn notices_queued(&self) -> Option<i32> {
        self.0.notices_queued
    }
}
