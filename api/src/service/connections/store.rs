//! Writing a connection and its tokens together.

use super::{ACCESS_TOKEN, BOT_TOKEN, REFRESH_TOKEN};
use crate::{
    error::{Error, Result},
    platforms::{oauth::Tokens, profile::Profile},
    service::Svc,
    vault::{self, Owner},
};
use chrono::{DateTime, Utc};
use compliance::audit::{Actor, AuditEvent};
use entity::{
    connections,
    sea_orm_active_enums::{ConnectionStatus, Platform},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;

pub(super) fn vault_error(err: vault::StoreError) -> Error {
    Error::internal(anyhow::anyhow!("vault: {err}"))
}

pub(super) enum Credentials {
    OAuth(Tokens),
    Bot(SecretString),
}

pub(super) struct Upsert<'a> {
    pub workspace_id: Uuid,
    pub platform: Platform,
    pub profile: Profile,
    pub credentials: Credentials,
    pub actor: Actor,
    pub user_id: Uuid,
    pub now: DateTime<Utc>,
    pub svc: &'a Svc<'a>,
}

/// Connecting an account already connected in this workspace updates it in place; a
/// re-authorisation that brings no refresh token keeps the one already stored.
pub(super) async fn upsert<C>(db: &C, u: Upsert<'_>) -> Result<connections::Model>
where
    C: ConnectionTrait + TransactionTrait,
{
    let ring = &u.svc.state.vault;
    let existing = connections::Entity::find()
        .filter(connections::Column::WorkspaceId.eq(u.workspace_id))
        .filter(connections::Column::Platform.eq(u.platform))
        .filter(connections::Column::PlatformAccountId.eq(&u.profile.account_id))
        .one(db)
        .await?;
    let (scopes, expires_at, refresh_expires_at, new_refresh) = match &u.credentials {
        Credentials::OAuth(tokens) => (
            tokens.scopes.join(" "),
            tokens.expires_in.map(|d| u.now + d),
            tokens.refresh_expires_in.map(|d| u.now + d),
            tokens.refresh.is_some(),
        ),
        Credentials::Bot(_) => (String::new(), None, None, false),
    };
    let reconnect = existing.is_some();
    let connection = match existing {
        Some(row) => {
            let keeps_refresh = row.can_refresh && !new_refresh;
            let mut active = row.into_active_model();
            active.account_name = Set(u.profile.name.clone());
            active.avatar_url = Set(u.profile.avatar_url.clone());
            active.scopes = Set(scopes);
            active.status = Set(ConnectionStatus::Active);
            active.status_reason = Set(None);
            active.updated_at = Set(u.now);
            active.last_refreshed_at = Set(Some(u.now));
            active.expires_at = Set(expires_at);
            if !keeps_refresh {
                active.refresh_expires_at = Set(refresh_expires_at);
                active.can_refresh = Set(new_refresh);
            }
            active.lease_until = Set(None);
            active.update(db).await?
        }
        None => {
            let row = connections::Model {
                id: Uuid::now_v7(),
                workspace_id: u.workspace_id,
                platform: u.platform,
                platform_account_id: u.profile.account_id.clone(),
                account_name: u.profile.name.clone(),
                avatar_url: u.profile.avatar_url.clone(),
                scopes,
                status: ConnectionStatus::Active,
                status_reason: None,
                connected_by: Some(u.user_id),
                connected_at: u.now,
                updated_at: u.now,
                last_refreshed_at: None,
                expires_at,
                refresh_expires_at,
                can_refresh: new_refresh,
                lease_until: None,
            };
            connections::Entity::insert(row.clone().into_active_model()).exec_without_returning(db).await?;
            row
        }
    };
    let owner = Owner::Connection(connection.id);
    match &u.credentials {
        Credentials::OAuth(tokens) => {
            vault::put(db, ring, u.now, owner, ACCESS_TOKEN, &tokens.access).await.map_err(vault_error)?;
            if let Some(refresh) = &tokens.refresh {
                vault::put(db, ring, u.now, owner, REFRESH_TOKEN, refresh).await.map_err(vault_error)?;
            }
        }
        Credentials::Bot(token) => vault::put(db, ring, u.now, owner, BOT_TOKEN, token).await.map_err(vault_error)?,
    }
    u.svc
        .audit(
            db,
            AuditEvent::new(u.actor, if reconnect { "connection.reauthorized" } else { "connection.connected" })
                .subject(u.user_id)
                .object("connection", connection.id)
                .detail(json!({ "workspace_id": u.workspace_id, "platform": platform_name(u.platform) })),
        )
        .await?;
    Ok(connection)
}

pub fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Youtube => "youtube",
        Platform::Tiktok => "tiktok",
        Platform::Facebook => "facebook",
        Platform::Instagram => "instagram",
        Platform::Linkedin => "linkedin",
        Platform::X => "x",
        Platform::Pinterest => "pinterest",
        Platform::Telegram => "telegram",
    }
}
