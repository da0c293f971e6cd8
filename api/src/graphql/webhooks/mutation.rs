use super::{Webhook, WebhookEvent};
use crate::{
    auth::{Access, Action, Domain, WorkspaceAccess, authorize, load_authorized},
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{GlobalId, NodeKind},
    },
    service::{self, webhooks::Changes},
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::webhooks;
use secrecy::ExposeSecret;
use uuid::Uuid;

#[derive(Default)]
pub struct WebhooksMutation;

#[derive(InputObject)]
pub struct CreateWebhookInput {
    pub workspace_id: ID,
    /// `https://…`. In development, plain `http://` to this machine is allowed too; in
    /// production, no private, loopback or link-local address.
    pub url: String,
    pub events: Vec<WebhookEvent>,
}

// No `Debug` on the payloads below: they carry the signing secret.

#[derive(SimpleObject)]
pub struct CreateWebhookPayload {
    pub webhook: Webhook,
    /// The signing secret. Shown this once and never again; keep it with the receiver.
    /// Verify `Postwarden-Signature: t=<unix>,v1=<hex>` as HMAC-SHA256 of `<t>.<body>`
    /// keyed with this secret.
    pub secret: String,
}

#[derive(SimpleObject)]
pub struct RotateWebhookSecretPayload {
    pub webhook: Webhook,
    /// The new signing secret, shown this once; the previous one no longer verifies.
    pub secret: String,
}

#[derive(InputObject)]
pub struct UpdateWebhookInput {
    pub webhook_id: ID,
    /// Left out: unchanged.
    pub url: Option<String>,
    pub events: Option<Vec<WebhookEvent>>,
    pub active: Option<bool>,
}

#[derive(InputObject)]
pub struct WebhookIdInput {
    pub webhook_id: ID,
}

#[derive(SimpleObject)]
pub struct WebhookPayload {
    pub webhook: Webhook,
}

#[derive(SimpleObject)]
pub struct DeleteWebhookPayload {
    pub deleted_webhook_id: ID,
}

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
    async fn create_webhook(&self, ctx: &Context<'_>, input: CreateWebhookInput) -> ApiResult<CreateWebhookPayload> {
        let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Webhooks, Access::Write)).await?;
        let svc = svc(ctx)?;
        let created = service::webhooks::create(&svc, &access, &input.url, &names(&input.events)).await?;
        Ok(CreateWebhookPayload {
            webhook: Webhook(created.webhook),
            secret: created.secret.expose_secret().to_owned(),
        })
    }

    /// Changes a webhook's URL, events or whether it is active.
    async fn update_webhook(&self, ctx: &Context<'_>, input: UpdateWebhookInput) -> ApiResult<WebhookPayload> {
        let (id, access) = access_to(ctx, &input.webhook_id).await?;
        let events = input.events.as_deref().map(names);
        let changes = Changes { url: input.url.as_deref(), events: events.as_deref(), active: input.active };
        let webhook = service::webhooks::update(&svc(ctx)?, &access, id, changes).await?;
        Ok(WebhookPayload { webhook: Webhook(webhook) })
    }

    /// Replaces the signing secret and returns the new one, once. The old one stops
    /// working at once, for queued deliveries too.
    async fn rotate_webhook_secret(
        &self,
        ctx: &Context<'_>,
        input: WebhookIdInput,
    ) -> ApiResult<RotateWebhookSecretPayload> {
        let (id, access) = access_to(ctx, &input.webhook_id).await?;
        let rotated = service::webhooks::rotate_secret(&svc(ctx)?, &access, id).await?;
        Ok(RotateWebhookSecretPayload {
            webhook: Webhook(rotated.webhook),
            secret: rotated.secret.expose_secret().to_owned(),
        })
    }

    /// Removes a webhook with its secret and delivery log; nothing more is sent to it.
    async fn delete_webhook(&self, ctx: &Context<'_>, input: WebhookIdInput) -> ApiResult<DeleteWebhookPayload> {
        let (id, access) = access_to(ctx, &input.webhook_id).await?;
        let deleted = service::webhooks::delete(&svc(ctx)?, &access, id).await?;
        Ok(DeleteWebhookPayload { deleted_webhook_id: GlobalId::id(NodeKind::Webhook, deleted) })
    }
}
