//! Platform roles (compliance officer, admin), granted by an admin or from the CLI.

use super::Svc;
use crate::error::{Error, Result};
use compliance::{
    audit::{Actor, AuditEvent},
    db::begin_write,
};
use entity::{sea_orm_active_enums::PlatformRole, user_roles, users};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde_json::json;
use uuid::Uuid;

pub fn role_name(role: PlatformRole) -> &'static str {
    match role {
        PlatformRole::ComplianceOfficer => "compliance_officer",
        PlatformRole::Admin => "admin",
    }
}

pub async fn user_by_email(svc: &Svc<'_>, email: &str) -> Result<users::Model> {
    users::Entity::find()
        .filter(users::Column::EmailNormalized.eq(super::validate::normalise_email(email)))
        .one(&svc.state.db)
        .await?
        .ok_or_else(|| Error::not_found("user"))
}

pub async fn held_by(svc: &Svc<'_>, user_id: Uuid) -> Result<Vec<PlatformRole>> {
    Ok(user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user_id))
        .all(&svc.state.db)
        .await?
        .into_iter()
        .map(|r| r.role)
        .collect())
}

/// Granting a role already held changes nothing and says so.
pub async fn grant(svc: &Svc<'_>, actor: Actor, user_id: Uuid, role: PlatformRole) -> Result<bool> {
    let txn = begin_write(&svc.state.db).await?;
    users::Entity::find_by_id(user_id).one(&txn).await?.ok_or_else(|| Error::not_found("user"))?;
    let held = user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::Role.eq(role))
        .one(&txn)
        .await?;
    if held.is_some() {
        return Ok(false);
    }
    let row =
        user_roles::Model { id: Uuid::now_v7(), user_id, role, granted_by: actor_user(actor), granted_at: svc.now() };
    user_roles::Entity::insert(row.into_active_model()).exec_without_returning(&txn).await?;
    svc.audit(&txn, AuditEvent::new(actor, "role.granted").subject(user_id).detail(json!({ "role": role_name(role) })))
        .await?;
    txn.commit().await?;
    Ok(true)
}

pub async fn revoke(svc: &Svc<'_>, actor: Actor, user_id: Uuid, role: PlatformRole) -> Result<bool> {
    let txn = begin_write(&svc.state.db).await?;
    if role == PlatformRole::Admin && actor == Actor::User(user_id) {
        return Err(Error::conflict("an admin cannot revoke their own admin role"));
    }
    let removed = user_roles::Entity::delete_many()
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::Role.eq(role))
        .exec(&txn)
        .await?
        .rows_affected;
    if removed == 0 {
        return Ok(false);
    }
    svc.audit(&txn, AuditEvent::new(actor, "role.revoked").subject(user_id).detail(json!({ "role": role_name(role) })))
        .await?;
    txn.commit().await?;
    Ok(true)
}

fn actor_user(actor: Actor) -> Option<Uuid> {
    match actor {
        Actor::User(id) => Some(id),
        Actor::ApiKey(_) | Actor::System => None,
    }
}
