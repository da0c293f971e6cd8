//! Outgoing webhooks per workspace. Events are queued as deliveries inside the transaction
//! that caused them, so none is lost and none is sent for a change that rolled back; the
//! delivery job ([`delivery::run`]) signs and sends them.

mod claim;
pub mod delivery;
pub mod guard;
mod manage;
pub mod signature;
pub mod target;

pub use crate::config::WebhooksConfig;
pub use delivery::{WebhookReport, run};
pub use manage::{
    Changes, MAX_PER_WORKSPACE, SECRET_FIELD, WithSecret, create, delete, deliveries, get, in_workspace, rotate_secret,
    update, workspace_of,
};

use crate::{error::Result, service::Svc};
use entity::{webhook_deliveries, webhooks};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

pub const EVENTS: &[&str] = &["post.scheduled", "post.published", "post.failed", "post.cancelled"];

/// Delivery states: waiting (or being sent under a lease), done, given up on.
pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

/// Queues `event` for every active webhook of the workspace that subscribed to it.
pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    svc: &Svc<'_>,
    workspace_id: Uuid,
    event: &str,
    data: Value,
) -> Result<u64> {
    let hooks = webhooks::Entity::find()
        .filter(webhooks::Column::WorkspaceId.eq(workspace_id))
        .filter(webhooks::Column::Active.eq(true))
        .all(db)
        .await?;
    let now = svc.now();
    let mut queued = 0;
    for hook in hooks.iter().filter(|h| h.events.split_whitespace().any(|e| e == event)) {
        let id = Uuid::now_v7();
        let payload = json!({ "id": id, "type": event, "createdAt": now, "data": data }).to_string();
        let delivery = webhook_deliveries::Model {
            id,
            webhook_id: hook.id,
            event: event.to_owned(),
            payload,
            status: PENDING.into(),
            attempts: 0,
            next_attempt_at: now,
            lease_until: None,
            response_status: None,
            last_error: None,
            created_at: now,
            delivered_at: None,
        };
        webhook_deliveries::Entity::insert(delivery.into_active_model()).exec_without_returning(db).await?;
        queued += 1;
    }
    Ok(queued)
}
