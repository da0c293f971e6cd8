use crate::{
    auth::app_state,
    error::ApiResult,
    graphql::{
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
    },
};
use async_graphql::{Context, ID, Object};
use entity::policy_versions;

/// A published version of the privacy policy. Public, and never edited once published.
pub struct PolicyVersion(pub policy_versions::Model);

/// A published version of the privacy policy. Public, and never edited once published.
#[Object]
impl PolicyVersion {
    /// The global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::PolicyVersion, self.0.id)
    }

    /// Its label, such as `2026-12`.
    async fn version(&self) -> &str {
        &self.0.version
    }

    /// What changed, in plain words.
    async fn summary(&self) -> &str {
        &self.0.summary
    }

    /// Where the full text is published.
    async fn url(&self) -> &str {
        &self.0.url
    }

    /// A material change is announced at least 30 days before it takes effect.
    async fn material(&self) -> bool {
        self.0.material
    }

    /// When it was published.
    async fn published_at(&self) -> DateTime {
        self.0.published_at.into()
    }

    /// When it takes (or took) effect.
    async fn effective_at(&self) -> DateTime {
        self.0.effective_at.into()
    }

    /// Whether its effective date has arrived (a later version may have replaced it).
    async fn effective(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(self.0.effective_at <= app_state(ctx)?.clock.now())
    }
}
