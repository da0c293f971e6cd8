use crate::{
    auth::{ApiScope, ScopeSet, app_state},
    error::{ApiError, ApiResult},
    graphql::{
        actor::{Person, person},
        loaders::{WorkspaceLoader, load},
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
        workspaces::Workspace,
    },
};
use async_graphql::{Context, Enum, ID, Object};
use entity::api_keys;

/// Whether a key still works.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyStatus {
    /// It works.
    Active,
    /// Its expiry has passed; it no longer works.
    Expired,
    /// Someone revoked it; it no longer works.
    Revoked,
}

/// An API key as listed: never the key itself, which is shown once at creation.
pub struct ApiKey(pub api_keys::Model);

/// An API key as listed: never the key itself, which is shown once at creation.
#[Object]
impl ApiKey {
    /// The global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::ApiKey, self.0.id)
    }

    /// The name given at creation.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The workspace the key acts in.
    async fn workspace(&self, ctx: &Context<'_>) -> ApiResult<Workspace> {
        load::<WorkspaceLoader, _>(ctx, self.0.workspace_id)
            .await?
            .map(Workspace)
            .ok_or_else(|| ApiError::not_found("workspace"))
    }

    /// Who created it; the key acts as this person.
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Person> {
        person(ctx, self.0.user_id).await
    }

    /// The first characters of the key, to tell keys apart.
    async fn prefix(&self) -> String {
        format!("{}{}", crate::auth::token::API_KEY_PREFIX, self.0.prefix)
    }

    /// What it may do.
    async fn scopes(&self) -> Vec<ApiScope> {
        ScopeSet::from_stored(&self.0.scopes).iter().collect()
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }

    /// When it stops working; null for never.
    async fn expires_at(&self) -> Option<DateTime> {
        self.0.expires_at.map(Into::into)
    }

    /// When it was last used; null if never.
    async fn last_used_at(&self) -> Option<DateTime> {
        self.0.last_used_at.map(Into::into)
    }

    /// When it was revoked; null while not revoked.
    async fn revoked_at(&self) -> Option<DateTime> {
        self.0.revoked_at.map(Into::into)
    }

    /// Whether it works now.
    async fn status(&self, ctx: &Context<'_>) -> ApiResult<ApiKeyStatus> {
        let now = app_state(ctx)?.clock.now();
        Ok(if self.0.revoked_at.is_some() {
            ApiKeyStatus::Revoked
        } else if self.0.expires_at.is_some_and(|t| t <= now) {
            ApiKeyStatus::Expired
        } else {
            ApiKeyStatus::Active
        })
    }
}
