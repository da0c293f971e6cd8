use crate::graphql::{
    enums::ConsentSource,
    relay::{GlobalId, NodeKind},
};
use async_graphql::{ID, Object};
use chrono::{DateTime, Utc};
use entity::consent_events;

/// One grant or withdrawal in the consent ledger. Never changed once written.
pub struct ConsentEvent(pub consent_events::Model);

#[Object]
impl ConsentEvent {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::ConsentEvent, self.0.id)
    }

    /// The person (a `User` id).
    async fn subject_id(&self) -> ID {
        GlobalId::id(NodeKind::User, self.0.subject_id)
    }

    async fn purpose(&self) -> &str {
        &self.0.purpose
    }

    async fn granted(&self) -> bool {
        self.0.granted
    }

    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }

    /// The privacy-policy version in force when the choice was made.
    async fn policy_version(&self) -> Option<&str> {
        self.0.policy_version.as_deref()
    }

    async fn source(&self) -> ConsentSource {
        self.0.source.into()
    }

    /// The browser or app family, never the full user agent.
    async fn user_agent_family(&self) -> Option<&str> {
        self.0.user_agent_family.as_deref()
    }

    /// ISO country code, when known.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }
}
