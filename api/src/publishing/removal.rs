//! Removing a published post from the platform. Where the platform's API cannot, the
//! person is told so plainly: a post must never silently stay live.

use super::{client::Endpoint, platforms};
use crate::{
    auth::WorkspaceAccess,
    error::{Error, Result},
    platforms::{Provider, provider::telegram_api_base},
    service::{
        Svc,
        connections::{ACCESS_TOKEN, BOT_TOKEN, display_name, platform_name},
        posts::target,
    },
    vault::{self, Owner},
};
use compliance::{audit::AuditEvent, db::begin_write};
use entity::{
    connections, post_targets,
    sea_orm_active_enums::{Platform, PublishStatus},
};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;
use uuid::Uuid;

pub async fn delete_from_platform(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    target_id: Uuid,
) -> Result<post_targets::Model> {
    let state = svc.state;
    let t = target(&state.db, access, target_id).await?;
    if t.status != PublishStatus::Published || t.removed_from_platform_at.is_some() {
        return Err(Error::conflict("only a published post that is still live can be removed"));
    }
    let Some(remote_id) = t.remote_id.clone() else {
        return Err(Error::conflict("we do not know this post's id at the platform; remove it there"));
    };
    let name = display_name(t.platform);
    if matches!(t.platform, Platform::Instagram | Platform::Tiktok) {
        return Err(Error::bad_input(
            "target_id",
            format!("{name} does not let apps remove posts; remove it in the {name} app"),
        ));
    }
    let connection = match t.connection_id {
        Some(id) => connections::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    }
    .ok_or_else(|| {
        Error::bad_input("target_id", format!("the {name} account is no longer connected; remove the post there"))
    })?;
    let field = if t.platform == Platform::Telegram { BOT_TOKEN } else { ACCESS_TOKEN };
    let token = vault::get(&state.db, &state.vault, Owner::Connection(connection.id), field)
        .await
        .ok()
        .flatten()
        .ok_or_else(|| Error::bad_input("target_id", format!("reconnect the {name} account first")))?;
    let base = match t.platform {
        Platform::Telegram => Some(telegram_api_base(&state.config.platforms)),
        other => Provider::resolve(other, &state.config.platforms).map(|p| p.api_base),
    }
    .ok_or_else(|| Error::bad_input("target_id", "this platform is not available on this server"))?;
    let endpoint = Endpoint {
        http: &state.http,
        api_base: &base,
        timeout: std::time::Duration::from_secs(state.config.publishing.request_timeout_secs),
    };
    let result = platforms::remove(&endpoint, t.platform, &connection.platform_account_id, &remote_id, &token).await;
    let txn = begin_write(&state.db).await?;
    let outcome = match &result {
        Ok(true) => "removed",
        Ok(false) => "not_supported",
        Err(_) => "refused",
    };
    svc.audit(
        &txn,
        AuditEvent::new(access.actor(), "post.removal_requested")
            .object("post_target", t.id)
            .detail(json!({ "platform": platform_name(t.platform), "outcome": outcome })),
    )
    .await?;
    let updated = match result {
        Ok(true) => {
            let mut active = t.into_active_model();
            active.removed_from_platform_at = Set(Some(svc.now()));
            active.last_error = Set(None);
            active.update(&txn).await?
        }
        Ok(false) | Err(_) => {
            let message = match result {
                Err(super::Sent::Permanent { error }) => format!("{name} refused to remove the post: {error}"),
                Err(super::Sent::Unauthorized) => format!("{name} rejected the account's token; reconnect it"),
                _ => format!("{name} did not confirm the removal; the post may still be live"),
            };
            let mut active = t.into_active_model();
            active.last_error = Set(Some(message.clone()));
            active.update(&txn).await?;
            txn.commit().await?;
            return Err(Error::conflict(message));
        }
    };
    txn.commit().await?;
    Ok(updated)
}
