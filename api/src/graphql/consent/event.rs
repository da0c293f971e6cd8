use super::ConsentPurpose;
use crate::{
    auth::app_state,
    error::ApiResult,
    graphql::{
        actor::{Person, person},
        enums::ConsentSource,
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
    },
};
use async_graphql::{Context, ID, Object};
use entity::consent_events;

/// One grant or withdrawal in the consent ledger. Never changed once written.
pub struct ConsentEvent(pub consent_events::Model);

/// One grant or withdrawal in the consent ledger. Never changed once written.
#[Object]
impl ConsentEvent {
    /// The global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::ConsentEvent, self.0.id)
    }

    /// The person who made the choice (or what is left of them after erasure).
    async fn subject(&self, ctx: &Context<'_>) -> ApiResult<Person> {
        person(ctx, self.0.subject_id).await
    }

    /// The purpose as configured now; null if it has since been removed from the
    /// configuration (`purposeKey` still names it).
    async fn purpose(&self, ctx: &Context<'_>) -> ApiResult<Option<ConsentPurpose>> {
        let purposes = &app_state(ctx)?.config.compliance.purposes;
        Ok(purposes.iter().find(|p| p.id == self.0.purpose).map(ConsentPurpose::from))
    }

    /// The purpose's stable key, such as `product_updates`, as recorded.
    async fn purpose_key(&self) -> &str {
        &self.0.purpose
    }

    /// True for a grant, false for a withdrawal.
    async fn granted(&self) -> bool {
        self.0.granted
    }

    /// When the choice was made.
    async fn occurred_at(&self) -> DateTime {
        self.0.occurred_at.into()
    }

    /// The label of the privacy-policy version in force when the choice was made (such as
    /// `2026-12`); null before any was published.
    async fn policy_version(&self) -> Option<&str> {
        self.0.policy_version.as_deref()
    }

    /// How the choice was made.
    async fn source(&self) -> ConsentSource {
        self.0.source.into()
    }

    /// The browser or app family, never the full user agent.
    async fn user_agent_family(&self) -> Option<&str> {
        self.0.user_agent_family.as_deref()
    }

    /// ISO 3166-1 alpha-2 country code, when known.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }
}
