use super::ApiKey;
use crate::{
    auth::{Access, Action, ApiScope, Domain, authorize, load_authorized, require_session},
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{GlobalId, NodeKind},
    },
    service,
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::api_keys;
use secrecy::ExposeSecret;

#[derive(Default)]
pub struct ApiKeysMutation;

#[derive(InputObject)]
pub struct CreateApiKeyInput {
    pub workspace_id: ID,
    pub name: String,
    /// Capped by your role: viewers grant read scopes, editors content and connection
    /// writes, owners everything.
    pub scopes: Vec<ApiScope>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(SimpleObject)]
pub struct CreateApiKeyPayload {
    pub api_key: ApiKey,
    /// The full key. Shown this once and never again; only a hash is kept.
    pub secret: String,
}

#[derive(InputObject)]
pub struct RevokeApiKeyInput {
    pub api_key_id: ID,
}

#[derive(SimpleObject)]
pub struct RevokeApiKeyPayload {
    pub api_key: ApiKey,
}

#[Object]
impl ApiKeysMutation {
    /// Creates an API key acting as you in one workspace. Needs a signed-in session.
    async fn create_api_key(&self, ctx: &Context<'_>, input: CreateApiKeyInput) -> ApiResult<CreateApiKeyPayload> {
        require_session(ctx)?;
        let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::ApiKeys, Access::Write)).await?;
        let svc = svc(ctx)?;
        let created = service::api_keys::create(&svc, &access, &input.name, &input.scopes, input.expires_at).await?;
        Ok(CreateApiKeyPayload { api_key: ApiKey(created.key), secret: created.secret.expose_secret().to_owned() })
    }

    /// Revokes a key at once: your own, or any key of a workspace you own.
    async fn revoke_api_key(&self, ctx: &Context<'_>, input: RevokeApiKeyInput) -> ApiResult<RevokeApiKeyPayload> {
        require_session(ctx)?;
        let key_id = GlobalId::expect("input.apiKeyId", &input.api_key_id, NodeKind::ApiKey)?;
        let (_, access) =
            load_authorized::<api_keys::Entity>(ctx, key_id, Action(Domain::ApiKeys, Access::Write)).await?;
        let svc = svc(ctx)?;
        Ok(RevokeApiKeyPayload { api_key: ApiKey(service::api_keys::revoke(&svc, &access, key_id).await?) })
    }
}
