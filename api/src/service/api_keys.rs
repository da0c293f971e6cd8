//! API keys: shown once, stored as a hash and a display prefix, scoped, expiring, revocable.

use super::{Svc, validate};
use crate::{
    auth::{ApiScope, ScopeSet, WorkspaceAccess, token},
    error::{Error, Result},
};
use chrono::{DateTime, Utc};
use compliance::{audit::AuditEvent, db::begin_write};
use entity::{api_keys, sea_orm_active_enums::WorkspaceRole};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Select, Set};
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;

pub struct CreatedKey {
    pub key: api_keys::Model,
    pub secret: SecretString,
}

/// The role needed to hand a scope to a key: nobody grants more than they hold.
fn role_for(scope: ApiScope) -> WorkspaceRole {
    match scope {
        ApiScope::WorkspaceWrite => WorkspaceRole::Owner,
        s if s.is_write() => WorkspaceRole::Editor,
        _ => WorkspaceRole::Viewer,
    }
}

pub async fn create(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    name: &str,
    scopes: &[ApiScope],
    expires_at: Option<DateTime<Utc>>,
) -> Result<CreatedKey> {
    let name = validate::name("name", name, 100)?;
    if scopes.is_empty() {
        return Err(Error::bad_input("scopes", "give at least one scope"));
    }
    if let Some(scope) = scopes.iter().find(|s| role_for(**s) > access.role()) {
        return Err(Error::forbidden(format!("your role cannot grant the {} scope", scope.as_str())));
    }
    let now = svc.now();
    if expires_at.is_some_and(|t| t <= now) {
        return Err(Error::bad_input("expires_at", "must be in the future"));
    }
    let new = token::new_api_key();
    let key = api_keys::Model {
        id: Uuid::now_v7(),
        workspace_id: access.workspace_id(),
        user_id: access.user_id(),
        name,
        prefix: new.prefix,
        secret_hash: new.secret_hash,
        scopes: ScopeSet::new(scopes.iter().copied()).to_stored(),
        created_at: now,
        expires_at,
        last_used_at: None,
        revoked_at: None,
    };
    let txn = begin_write(&svc.state.db).await?;
    api_keys::Entity::insert(key.clone().into_active_model()).exec_without_returning(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(access.actor(), "api_key.created")
            .subject(access.user_id())
            .object("api_key", key.id)
            .detail(json!({ "workspace_id": key.workspace_id, "scopes": key.scopes })),
    )
    .await?;
    txn.commit().await?;
    Ok(CreatedKey { key, secret: new.full })
}

/// Owners see every key of the workspace; others see their own.
pub fn visible(access: &WorkspaceAccess) -> Select<api_keys::Entity> {
    let query = api_keys::Entity::find().filter(api_keys::Column::WorkspaceId.eq(access.workspace_id()));
    if access.role() == WorkspaceRole::Owner {
        query
    } else {
        query.filter(api_keys::Column::UserId.eq(access.user_id()))
    }
}

pub async fn workspace_of(svc: &Svc<'_>, key_id: Uuid) -> Result<Uuid> {
    api_keys::Entity::find_by_id(key_id)
        .one(&svc.state.db)
        .await?
        .map(|k| k.workspace_id)
        .ok_or_else(|| Error::not_found("API key"))
}

pub async fn revoke(svc: &Svc<'_>, access: &WorkspaceAccess, key_id: Uuid) -> Result<api_keys::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let key = visible(access)
        .filter(api_keys::Column::Id.eq(key_id))
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found("API key"))?;
    if key.revoked_at.is_some() {
        return Ok(key);
    }
    let mut active = key.into_active_model();
    active.revoked_at = Set(Some(svc.now()));
    let key = active.update(&txn).await?;
    svc.audit(&txn, AuditEvent::new(access.actor(), "api_key.revoked").subject(key.user_id).object("api_key", key.id))
        .await?;
    txn.commit().await?;
    Ok(key)
}
