use crate::{
    auth::{ApiScope, ScopeSet, app_state},
    error::ApiResult,
    graphql::relay::{GlobalId, NodeKind},
};
use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use entity::api_keys;

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyStatus {
    Active,
    Expired,
    Revoked,
}

/// An API key as listed: never the key itself, which is shown once at creation.
pub struct ApiKey(pub api_keys::Model);

#[Object]
impl ApiKey {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::ApiKey, self.0.id)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The first characters of the key, to tell keys apart.
    async fn prefix(&self) -> String {
        format!("{}{}", crate::auth::token::API_KEY_PREFIX, self.0.prefix)
    }

    async fn scopes(&self) -> Vec<ApiScope> {
        ScopeSet::from_stored(&self.0.scopes).iter().collect()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }

    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }

    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }

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
