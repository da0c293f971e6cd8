use super::{Webhook, WebhookEvent};
use crate::{
    auth::{Access, Action, Domain, WorkspaceAccess, authorize, caller, load_authorized},
    error::{ApiError, ApiResult},
    graphql::{
        context::svc,
        payload::{PayloadResult, UserError, settle},
        relay::{GlobalId, NodeKind},
    },
    service::{self, idempotency, webhooks::Changes},
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::webhooks;
use secrecy::ExposeSecret;
use serde_json::json;
use uuid::Uuid;

#[derive(Default)]
pub struct WebhooksMutation;

/// A new webhook.
#[derive(InputObject)]
pub struct CreateWebhookInput {
    /// The workspace whose events it receives.
    pub workspace_id: ID,
    /// `https://…`. In development, plain `http://` to this machine is allowed too; in
    /// production, no private, loopback or link-local address.
    pub url: String,
    /// The events to send it.
    pub events: Vec<WebhookEvent>,
    /// Makes a retry safe: the same key with the same input within 24 hours returns the
    /// first webhook and its secret again instead of adding another (at most 128
    /// characters). The same key with another input is refused.
    pub idempotency_key: Option<String>,
}

// No `Debug` on the payloads below: they carry the signing secret.

/// The new webhook and its secret.
#[derive(SimpleObject, Default)]
pub struct CreateWebhookPayload {
    /// The webhook added.
    pub webhook: Option<Webhook>,
    /// The signing secret. Shown now (and to a retry with the same idempotency key) and
    /// never again; keep it with the receiver. Verify `Postwarden-Signature:
    /// t=<unix>,v1=<hex>` as HMAC-SHA256 of `<t>.<body>` keyed with this secret.
    pub secret: Option<String>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The webhook whose secret to replace.
#[derive(InputObject)]
pub struct RotateWebhookSecretInput {
    /// The webhook's id.
    pub webhook_id: ID,
}

/// The webhook and its new secret.
#[derive(SimpleObject, Default)]
pub struct RotateWebhookSecretPayload {
    /// The webhook, with its new `secretRotatedAt`.
    pub webhook: Option<Webhook>,
    /// The new signing secret, shown this once; the previous one no longer verifies.
    pub secret: Option<String>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// What to change on a webhook; fields left out stay as they are.
#[derive(InputObject)]
pub struct UpdateWebhookInput {
    /// The webhook's id.
    pub webhook_id: ID,
    /// A new URL, under the same rules as when creating.
    pub url: Option<String>,
    /// The events to send it from now on.
    pub events: Option<Vec<WebhookEvent>>,
    /// False pauses it: nothing is sent or queued for it.
    pub active: Option<bool>,
}

/// The webhook, changed.
#[derive(SimpleObject, Default)]
pub struct UpdateWebhookPayload {
    /// The webhook as it is now.
    pub webhook: Option<Webhook>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The webhook to remove.
#[derive(InputObject)]
pub struct DeleteWebhookInput {
    /// The webhook's id.
    pub webhook_id: ID,
}

/// The webhook is gone.
#[derive(SimpleObject, Default)]
pub struct DeleteWebhookPayload {
    /// The id it had; drop it from caches.
    pub deleted_webhook_id: Option<ID>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

crate::payload!(CreateWebhookPayload, RotateWebhookSecretPayload, UpdateWebhookPayload, DeleteWebhookPayload);

fn names(events: &[WebhookEvent]) -> Vec<&'static str> {
    events.iter().map(|e| e.name()).collect()
}

/// The webhook's own workspace, then the caller's right to manage webhooks there.
async fn access_to(ctx: &Context<'_>, raw: &ID) -> ApiResult<(Uuid, WorkspaceAccess)> {
    let id = GlobalId::expect("input.webhookId", raw, NodeKind::Webhook)?;
    let (_, access) = load_authorized::<webhooks::Entity>(ctx, id, Action(Domain::Webhooks, Access::Write)).await?;
    Ok((id, access))
}

#[Object]
impl WebhooksMutation {
    /// Adds a webhook (editors and owners) and returns its signing secret, once.
    async fn create_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: CreateWebhookInput,
    ) -> PayloadResult<CreateWebhookPayload> {
        settle(async move {
            let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
            let access = authorize(ctx, workspace_id, Action(Domain::Webhooks, Access::Write)).await?;
            let svc = svc(ctx)?;
            let events = names(&input.events);
            let request = idempotency::Request {
                user_id: caller(ctx)?.user_id,
                operation: "createWebhook",
                key: input.idempotency_key.as_deref(),
                input: json!({ "workspaceId": workspace_id, "url": input.url, "events": events }),
            };
            let result = idempotency::once(&svc, request, || async {
                let created = service::webhooks::create(&svc, &access, &input.url, &events).await?;
                Ok(json!({ "webhookId": created.webhook.id, "secret": created.secret.expose_secret() }))
            })
            .await?;
            let id = result["webhookId"].as_str().and_then(|s| Uuid::parse_str(s).ok());
            let id = id.ok_or_else(|| ApiError::internal(anyhow::anyhow!("createWebhook result without an id")))?;
            // Reloaded through the same gate: a replay after the webhook was deleted finds nothing.
            let (webhook, _) =
                load_authorized::<webhooks::Entity>(ctx, id, Action(Domain::Webhooks, Access::Write)).await?;
            Ok(CreateWebhookPayload {
                webhook: Some(Webhook(webhook)),
                secret: result["secret"].as_str().map(str::to_owned),
                user_errors: Vec::new(),
            })
        })
        .await
    }

    /// Changes a webhook's URL, events or whether it is active (editors and owners).
    async fn update_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: UpdateWebhookInput,
    ) -> PayloadResult<UpdateWebhookPayload> {
        settle(async move {
            let (id, access) = access_to(ctx, &input.webhook_id).await?;
            let events = input.events.as_deref().map(names);
            let changes = Changes { url: input.url.as_deref(), events: events.as_deref(), active: input.active };
            let webhook = service::webhooks::update(&svc(ctx)?, &access, id, changes).await?;
            Ok(UpdateWebhookPayload { webhook: Some(Webhook(webhook)), user_errors: Vec::new() })
        })
        .await
    }

    /// Replaces the signing secret and returns the new one, once (editors and owners). The
    /// old one stops working at once, for queued deliveries too.
    async fn rotate_webhook_secret(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: RotateWebhookSecretInput,
    ) -> PayloadResult<RotateWebhookSecretPayload> {
        settle(async move {
            let (id, access) = access_to(ctx, &input.webhook_id).await?;
            let rotated = service::webhooks::rotate_secret(&svc(ctx)?, &access, id).await?;
            Ok(RotateWebhookSecretPayload {
                webhook: Some(Webhook(rotated.webhook)),
                secret: Some(rotated.secret.expose_secret().to_owned()),
                user_errors: Vec::new(),
            })
        })
        .await
    }

    /// Removes a webhook with its secret and delivery log; nothing more is sent to it
    /// (editors and owners).
    async fn delete_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: DeleteWebhookInput,
    ) -> PayloadResult<DeleteWebhookPayload> {
        settle(async move {
            let (id, access) = access_to(ctx, &input.webhook_id).await?;
            let deleted = service::webhooks::delete(&svc(ctx)?, &access, id).await?;
            Ok(DeleteWebhookPayload {
                deleted_webhook_id: Some(GlobalId::id(NodeKind::Webhook, deleted)),
                user_errors: Vec::new(),
            })
        })
        .await
    }
}
