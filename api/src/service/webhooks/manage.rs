//! Creating, changing and removing a workspace's webhooks. The signing secret is made
//! here, sealed into the vault in the same transaction as the row, and returned once; it
//! is never stored in the clear, listed or logged.

use super::{EVENTS, signature, target};
use crate::{
    auth::WorkspaceAccess,
    error::{Error, Result},
    service::Svc,
    vault::{self, Owner},
};
use compliance::{audit::AuditEvent, db::begin_write};
use entity::{webhook_deliveries, webhooks};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Select,
    Set,
};
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;

/// The vault field holding a webhook's signing secret.
pub const SECRET_FIELD: &str = "signing_secret";
/// Enough for any integration; a bound on how much one workspace can make us send.
pub const MAX_PER_WORKSPACE: u64 = 20;

pub struct WithSecret {
    pub webhook: webhooks::Model,
    /// Shown to the caller this once.
    pub secret: SecretString,
}

/// What may change; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct Changes<'a> {
    pub url: Option<&'a str>,
    pub events: Option<&'a [&'a str]>,
    pub active: Option<bool>,
}

pub fn in_workspace(access: &WorkspaceAccess) -> Select<webhooks::Entity> {
    webhooks::Entity::find().filter(webhooks::Column::WorkspaceId.eq(access.workspace_id()))
}

pub async fn get<C: ConnectionTrait>(db: &C, access: &WorkspaceAccess, id: Uuid) -> Result<webhooks::Model> {
    in_workspace(access).filter(webhooks::Column::Id.eq(id)).one(db).await?.ok_or_else(|| Error::not_found("webhook"))
}

/// The workspace a webhook belongs to, to authorise against; the same answer for a webhook
/// that does not exist as for one the caller may not see.
pub async fn workspace_of<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Uuid> {
    webhooks::Entity::find_by_id(id).one(db).await?.map(|w| w.workspace_id).ok_or_else(|| Error::not_found("webhook"))
}

/// A webhook's delivery log. Takes the row itself, which only [`get`] hands out.
pub fn deliveries(webhook: &webhooks::Model) -> Select<webhook_deliveries::Entity> {
    webhook_deliveries::Entity::find().filter(webhook_deliveries::Column::WebhookId.eq(webhook.id))
}

fn url(svc: &Svc<'_>, field: &str, raw: &str) -> Result<String> {
    target::check(raw, svc.state.config.mode).map(String::from).map_err(|message| Error::bad_input(field, message))
}

/// The stored form: known names, each once, in a fixed order.
fn events(field: &str, chosen: &[&str]) -> Result<String> {
    if let Some(unknown) = chosen.iter().find(|e| !EVENTS.contains(e)) {
        return Err(Error::bad_input(field, format!("`{unknown}` is not an event")));
    }
    let kept: Vec<&str> = EVENTS.iter().copied().filter(|e| chosen.contains(e)).collect();
    if kept.is_empty() {
        return Err(Error::bad_input(field, "choose at least one event"));
    }
    Ok(kept.join(" "))
}

fn vault_error(err: vault::StoreError) -> Error {
    Error::internal(anyhow::anyhow!("vault: {err}"))
}

pub async fn create(svc: &Svc<'_>, access: &WorkspaceAccess, raw_url: &str, chosen: &[&str]) -> Result<WithSecret> {
    let url = url(svc, "url", raw_url)?;
    let events = events("events", chosen)?;
    let now = svc.now();
    let txn = begin_write(&svc.state.db).await?;
    if in_workspace(access).count(&txn).await? >= MAX_PER_WORKSPACE {
        return Err(Error::conflict_with(
            crate::error::UserErrorCode::LimitReached,
            format!("a workspace may have at most {MAX_PER_WORKSPACE} webhooks"),
        ));
    }
    let webhook = webhooks::Model {
        id: Uuid::now_v7(),
        workspace_id: access.workspace_id(),
        url,
        events,
        active: true,
        created_by: Some(access.user_id()),
        created_at: now,
        secret_rotated_at: now,
    };
    webhooks::Entity::insert(webhook.clone().into_active_model()).exec_without_returning(&txn).await?;
    let secret = signature::new_secret();
    vault::put(&txn, &svc.state.vault, now, Owner::Webhook(webhook.id), SECRET_FIELD, &secret)
        .await
        .map_err(vault_error)?;
    svc.audit(
        &txn,
        AuditEvent::new(access.actor(), "webhook.created")
            .subject(access.user_id())
            .object("webhook", webhook.id)
            .detail(json!({ "workspace_id": webhook.workspace_id, "events": webhook.events })),
    )
    .await?;
    txn.commit().await?;
    Ok(WithSecret { webhook, secret })
}

pub async fn update(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    id: Uuid,
    changes: Changes<'_>,
) -> Result<webhooks::Model> {
    let url = changes.url.map(|raw| url(svc, "url", raw)).transpose()?;
    let events = changes.events.map(|chosen| events("events", chosen)).transpose()?;
    let txn = begin_write(&svc.state.db).await?;
    let current = get(&txn, access, id).await?;
    let mut changed = Vec::new();
    let mut active = current.clone().into_active_model();
    if let Some(url) = url.filter(|u| *u != current.url) {
        active.url = Set(url);
        changed.push("url");
    }
    if let Some(events) = events.filter(|e| *e != current.events) {
        active.events = Set(events);
        changed.push("events");
    }
    if let Some(on) = changes.active.filter(|on| *on != current.active) {
        active.active = Set(on);
        changed.push("active");
    }
    if changed.is_empty() {
        return Ok(current);
    }
    let webhook = active.update(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(access.actor(), "webhook.updated")
            .subject(access.user_id())
            .object("webhook", webhook.id)
            .detail(json!({ "workspace_id": webhook.workspace_id, "changed": changed, "active": webhook.active })),
    )
    .await?;
    txn.commit().await?;
    Ok(webhook)
}

/// Replaces the signing secret at once: every delivery from now on, queued ones included,
/// is signed with the new one, and the old one verifies nothing more.
pub async fn rotate_secret(svc: &Svc<'_>, access: &WorkspaceAccess, id: Uuid) -> Result<WithSecret> {
    let now = svc.now();
    let txn = begin_write(&svc.state.db).await?;
    let current = get(&txn, access, id).await?;
    let secret = signature::new_secret();
    vault::put(&txn, &svc.state.vault, now, Owner::Webhook(current.id), SECRET_FIELD, &secret)
        .await
        .map_err(vault_error)?;
    let mut active = current.into_active_model();
    active.secret_rotated_at = Set(now);
    let webhook = active.update(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(access.actor(), "webhook.secret_rotated")
            .subject(access.user_id())
            .object("webhook", webhook.id)
            .detail(json!({ "workspace_id": webhook.workspace_id })),
    )
    .await?;
    txn.commit().await?;
    Ok(WithSecret { webhook, secret })
}

/// Removes the webhook, its secret and its delivery log; nothing queued is sent after.
pub async fn delete(svc: &Svc<'_>, access: &WorkspaceAccess, id: Uuid) -> Result<Uuid> {
    let txn = begin_write(&svc.state.db).await?;
    let webhook = get(&txn, access, id).await?;
    vault::delete_all(&txn, Owner::Webhook(webhook.id)).await?;
    let dropped = webhook_deliveries::Entity::delete_many()
        .filter(webhook_deliveries::Column::WebhookId.eq(webhook.id))
        .exec(&txn)
        .await?
        .rows_affected;
    webhooks::Entity::delete_by_id(webhook.id).exec(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(access.actor(), "webhook.deleted")
            .subject(access.user_id())
            .object("webhook", webhook.id)
            .detail(json!({ "workspace_id": webhook.workspace_id, "deliveries_removed": dropped })),
    )
    .await?;
    txn.commit().await?;
    Ok(webhook.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_checked_deduplicated_and_ordered() {
        assert_eq!(
            events("e", &["post.failed", "post.published", "post.failed"]).ok().as_deref(),
            Some("post.published post.failed")
        );
        assert!(events("e", &[]).is_err());
        assert!(events("e", &["post.deleted"]).is_err());
    }
}
