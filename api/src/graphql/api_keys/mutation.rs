use super::ApiKey;
use crate::{
    auth::{Access, Action, ApiScope, Domain, authorize, load_authorized, require_session},
    error::ApiError,
    graphql::{
        context::svc,
        loaders::{ApiKeyLoader, load},
        payload::{PayloadResult, UserError, settle},
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
    },
    service::{self, idempotency},
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::api_keys;
use secrecy::ExposeSecret;
use serde_json::json;
use uuid::Uuid;

#[derive(Default)]
pub struct ApiKeysMutation;

/// A new API key.
#[derive(InputObject)]
pub struct CreateApiKeyInput {
    /// The workspace the key acts in; it can reach nothing else.
    pub workspace_id: ID,
    /// A name to tell keys apart, such as the script that uses it; 1 to 100 characters.
    pub name: String,
    /// What the key may do. Capped by your role: viewers grant read scopes, editors
    /// content and connection writes, owners everything.
    pub scopes: Vec<ApiScope>,
    /// When the key stops working; null for never.
    pub expires_at: Option<DateTime>,
    /// Makes retries safe: a retry with the same key and input within 24 hours returns
    /// the same API key and the same secret, and creates nothing. At most 128 characters.
    pub idempotency_key: Option<String>,
}

/// The result of `createApiKey`.
#[derive(SimpleObject, Default)]
pub struct CreateApiKeyPayload {
    /// The new key as listed.
    pub api_key: Option<ApiKey>,
    /// The full key. Shown only in this answer (and its idempotent retries); only a hash
    /// is kept.
    pub secret: Option<String>,
    /// Problems with the input, a scope your role cannot grant, or a reused idempotency key.
    pub user_errors: Vec<UserError>,
}

/// The key to revoke.
#[derive(InputObject)]
pub struct RevokeApiKeyInput {
    /// Your own key, or any key of a workspace you own.
    pub api_key_id: ID,
}

/// The result of `revokeApiKey`.
#[derive(SimpleObject, Default)]
pub struct RevokeApiKeyPayload {
    /// The key, now revoked.
    pub api_key: Option<ApiKey>,
    /// Problems with the input.
    pub user_errors: Vec<UserError>,
}

crate::payload!(CreateApiKeyPayload, RevokeApiKeyPayload);

#[Object]
impl ApiKeysMutation {
    /// Creates an API key acting as you in one workspace. Needs a signed-in session.
    async fn create_api_key(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: CreateApiKeyInput,
    ) -> PayloadResult<CreateApiKeyPayload> {
        settle(async move {
            let user = require_session(ctx)?;
            let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
            let access = authorize(ctx, workspace_id, Action(Domain::ApiKeys, Access::Write)).await?;
            let svc = svc(ctx)?;
            let expires_at = input.expires_at.map(Into::into);
            let request = idempotency::Request {
                user_id: user.user_id,
                operation: "createApiKey",
                key: input.idempotency_key.as_deref(),
                input: json!({
                    "workspaceId": workspace_id,
                    "name": input.name,
                    "scopes": input.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                    "expiresAt": expires_at,
                }),
            };
            let result = idempotency::once(&svc, request, || async {
                let created = service::api_keys::create(&svc, &access, &input.name, &input.scopes, expires_at).await?;
                Ok(json!({ "apiKeyId": created.key.id, "secret": created.secret.expose_secret() }))
            })
            .await?;
            let key_id: Uuid = serde_json::from_value(result["apiKeyId"].clone())
                .map_err(|e| ApiError::internal(anyhow::anyhow!("stored API key id: {e}")))?;
            let key = load::<ApiKeyLoader, _>(ctx, key_id).await?.ok_or_else(|| ApiError::not_found("apiKey"))?;
            Ok(CreateApiKeyPayload {
                api_key: Some(ApiKey(key)),
                secret: result["secret"].as_str().map(str::to_owned),
                user_errors: vec![],
            })
        })
        .await
    }

    /// Revokes a key at once: your own, or any key of a workspace you own. Needs a
    /// signed-in session.
    async fn revoke_api_key(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: RevokeApiKeyInput,
    ) -> PayloadResult<RevokeApiKeyPayload> {
        settle(async move {
            require_session(ctx)?;
            let key_id = GlobalId::expect("input.apiKeyId", &input.api_key_id, NodeKind::ApiKey)?;
            let (_, access) =
                load_authorized::<api_keys::Entity>(ctx, key_id, Action(Domain::ApiKeys, Access::Write)).await?;
            let svc = svc(ctx)?;
            let key = service::api_keys::revoke(&svc, &access, key_id).await?;
            Ok(RevokeApiKeyPayload { api_key: Some(ApiKey(key)), user_errors: vec![] })
        })
        .await
    }
}
