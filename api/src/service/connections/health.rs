//! A connection's health: checking it against the platform, and marking it when a person
//! must reconnect (with a notice to them through the outbox).

use super::{ACCESS_TOKEN, BOT_TOKEN, get, store::platform_name};
use crate::{
    auth::WorkspaceAccess,
    error::{Error, Result},
    platforms::{Provider, profile, provider::telegram_api_base, telegram},
    service::Svc,
    vault::{self, Owner},
};
use compliance::{
    audit::{Actor, AuditEvent},
    db::begin_write,
    outbox::{self, NewEmail},
};
use entity::{
    connections, memberships,
    sea_orm_active_enums::{ConnectionStatus, Platform, WorkspaceRole},
    users, workspaces,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use serde_json::json;

/// Asks the platform whether the token still works, and refreshes the account's name and
/// avatar while at it.
pub async fn check(svc: &Svc<'_>, access: &WorkspaceAccess, id: uuid::Uuid) -> Result<connections::Model> {
    let state = svc.state;
    let connection = get(&state.db, access, id).await?;
    let owner = Owner::Connection(connection.id);
    let result = if connection.platform == Platform::Telegram {
        match vault::get(&state.db, &state.vault, owner, BOT_TOKEN).await {
            Ok(Some(token)) => {
                let base = telegram_api_base(&state.config.platforms);
                match telegram::verify(&state.http, &base, &token, &connection.platform_account_id).await {
                    Ok(profile) => Ok(profile),
                    Err(telegram::TelegramError::Transport) => {
                        return Err(Error::internal(anyhow::anyhow!("Telegram unreachable")));
                    }
                    Err(_) => Err("token_rejected"),
                }
            }
            Ok(None) => Err("token_missing"),
            Err(_) => Err("token_unreadable"),
        }
    } else {
        let provider = Provider::resolve(connection.platform, &state.config.platforms)
            .ok_or_else(|| Error::bad_input("connection_id", "this platform is not available on this server"))?;
        match vault::get(&state.db, &state.vault, owner, ACCESS_TOKEN).await {
            Ok(Some(token)) => match profile::fetch(&provider, &state.http, &token).await {
                Ok(profile) => Ok(profile),
                Err(profile::ApiCallError::Unauthorized) => Err("token_rejected"),
                Err(err) => return Err(Error::internal(anyhow::anyhow!("profile check: {err}"))),
            },
            Ok(None) => Err("token_missing"),
            Err(_) => Err("token_unreadable"),
        }
    };
    let txn = begin_write(&state.db).await?;
    let updated = match result {
        Ok(profile) => {
            let mut active = connection.into_active_model();
            active.account_name = Set(profile.name);
            active.avatar_url = Set(profile.avatar_url);
            active.status = Set(ConnectionStatus::Active);
            active.status_reason = Set(None);
            active.updated_at = Set(svc.now());
            active.update(&txn).await?
        }
        Err(reason) => mark_needs_reauth(&txn, svc, connection, reason, access.actor()).await?,
    };
    txn.commit().await?;
    Ok(updated)
}

/// Marks the connection as needing a reconnect and tells the person who connected it (or,
/// if they have left, the workspace's owners). Marking twice notifies once.
pub async fn mark_needs_reauth<C>(
    db: &C,
    svc: &Svc<'_>,
    connection: connections::Model,
    reason: &'static str,
    actor: Actor,
) -> Result<connections::Model>
where
    C: ConnectionTrait + TransactionTrait,
{
    if connection.status == ConnectionStatus::NeedsReauth {
        return Ok(connection);
    }
    tracing::warn!(connection_id = %connection.id, reason, "connection needs to be reconnected");
    let mut active = connection.into_active_model();
    active.status = Set(ConnectionStatus::NeedsReauth);
    active.status_reason = Set(Some(reason.to_owned()));
    active.lease_until = Set(None);
    active.updated_at = Set(svc.now());
    let connection = active.update(db).await?;
    svc.audit(
        db,
        AuditEvent::new(actor, "connection.needs_reauth")
            .object("connection", connection.id)
            .detail(json!({ "platform": platform_name(connection.platform), "reason": reason })),
    )
    .await?;
    notify(db, svc, &connection, "connection.needs_reauth", |platform, account, workspace| {
        (
            format!("Reconnect your {platform} account"),
            format!(
                "Postwarden can no longer act for the {platform} account \"{account}\" in the workspace \"{workspace}\". \
                 Scheduled posts to it will not go out until you reconnect it on the Connections page."
            ),
        )
    })
    .await?;
    Ok(connection)
}

/// The platform told us the person withdrew our access there (Meta's deauthorize
/// callback): the tokens are useless and are deleted, and the connection shows `revoked`.
pub async fn revoked_at_platform(svc: &Svc<'_>, platforms: &[Platform], account_id: &str) -> Result<u64> {
    let txn = begin_write(&svc.state.db).await?;
    let affected = connections::Entity::find()
        .filter(connections::Column::Platform.is_in(platforms.iter().copied()))
        .filter(connections::Column::PlatformAccountId.eq(account_id))
        .all(&txn)
        .await?;
    let count = affected.len() as u64;
    for connection in affected {
        vault::delete_all(&txn, Owner::Connection(connection.id)).await?;
        let mut active = connection.into_active_model();
        active.status = Set(ConnectionStatus::Revoked);
        active.status_reason = Set(Some("deauthorized_at_platform".into()));
        active.can_refresh = Set(false);
        active.lease_until = Set(None);
        active.updated_at = Set(svc.now());
        let connection = active.update(&txn).await?;
        svc.audit(
            &txn,
            AuditEvent::new(Actor::System, "connection.revoked_at_platform")
                .object("connection", connection.id)
                .detail(json!({ "platform": platform_name(connection.platform) })),
        )
        .await?;
        notify(&txn, svc, &connection, "connection.revoked", |platform, account, workspace| {
            (
                format!("Your {platform} account was disconnected"),
                format!(
                    "{platform} told us that access for \"{account}\" was removed there, so Postwarden deleted its \
                     tokens. Reconnect it in the workspace \"{workspace}\" if you want to keep publishing to it."
                ),
            )
        })
        .await?;
    }
    txn.commit().await?;
    Ok(count)
}

async fn notify<C: ConnectionTrait>(
    db: &C,
    svc: &Svc<'_>,
    connection: &connections::Model,
    kind: &'static str,
    message: impl Fn(&str, &str, &str) -> (String, String),
) -> Result<()> {
    let workspace =
        workspaces::Entity::find_by_id(connection.workspace_id).one(db).await?.map(|w| w.name).unwrap_or_default();
    let members = memberships::Entity::find()
        .filter(memberships::Column::WorkspaceId.eq(connection.workspace_id))
        .all(db)
        .await?;
    let connector = connection.connected_by.filter(|id| members.iter().any(|m| m.user_id == *id));
    let recipients: Vec<uuid::Uuid> = match connector {
        Some(id) => vec![id],
        None => members.iter().filter(|m| m.role == WorkspaceRole::Owner).map(|m| m.user_id).collect(),
    };
    let platform = display_name(connection.platform);
    let (subject, body) = message(platform, &connection.account_name, &workspace);
    for user in users::Entity::find().filter(users::Column::Id.is_in(recipients)).all(db).await? {
        outbox::enqueue(
            db,
            svc.state.clock.as_ref(),
            NewEmail {
                user_id: Some(user.id),
                to_address: user.email,
                kind,
                subject: subject.clone(),
                body: body.clone(),
            },
        )
        .await?;
    }
    Ok(())
}

pub fn display_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Youtube => "YouTube",
        Platform::Tiktok => "TikTok",
        Platform::Facebook => "Facebook",
        Platform::Instagram => "Instagram",
        Platform::Linkedin => "LinkedIn",
        Platform::X => "X",
        Platform::Pinterest => "Pinterest",
        Platform::Telegram => "Telegram",
    }
}
