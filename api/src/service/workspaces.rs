//! Workspaces (a creator's brand, or an agency's client) and their members.

use super::{Svc, validate};
use crate::{
    auth::{Caller, CallerKind, WorkspaceAccess},
    error::{Error, Result},
};
use compliance::{audit::AuditEvent, db::begin_write};
use entity::{api_keys, memberships, sea_orm_active_enums::WorkspaceRole, workspaces};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QuerySelect, Select, Set, sea_query::Query,
};
use serde_json::json;
use uuid::Uuid;

pub const NAME_MAX: usize = 100;

pub async fn create(svc: &Svc<'_>, user_id: Uuid, name: &str) -> Result<workspaces::Model> {
    let name = validate::name("name", name, NAME_MAX)?;
    let now = svc.now();
    let workspace =
        workspaces::Model { id: Uuid::now_v7(), name, created_by: Some(user_id), created_at: now, updated_at: now };
    let membership = memberships::Model {
        id: Uuid::now_v7(),
        workspace_id: workspace.id,
        user_id,
        role: WorkspaceRole::Owner,
        created_at: now,
    };
    let txn = begin_write(&svc.state.db).await?;
    workspaces::Entity::insert(workspace.clone().into_active_model()).exec_without_returning(&txn).await?;
    memberships::Entity::insert(membership.into_active_model()).exec_without_returning(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(compliance::audit::Actor::User(user_id), "workspace.created").object("workspace", workspace.id),
    )
    .await?;
    txn.commit().await?;
    Ok(workspace)
}

pub async fn get<C: ConnectionTrait>(db: &C, access: &WorkspaceAccess) -> Result<workspaces::Model> {
    workspaces::Entity::find_by_id(access.workspace_id()).one(db).await?.ok_or_else(|| Error::not_found("workspace"))
}

pub async fn rename(svc: &Svc<'_>, access: &WorkspaceAccess, name: &str) -> Result<workspaces::Model> {
    let name = validate::name("name", name, NAME_MAX)?;
    let txn = begin_write(&svc.state.db).await?;
    let mut active = get(&txn, access).await?.into_active_model();
    active.name = Set(name);
    active.updated_at = Set(svc.now());
    let workspace = active.update(&txn).await?;
    svc.audit(&txn, AuditEvent::new(access.actor(), "workspace.renamed").object("workspace", workspace.id)).await?;
    txn.commit().await?;
    Ok(workspace)
}

/// The workspaces a caller can see: its memberships, or for an API key, the key's workspace.
pub fn visible_to(caller: &Caller) -> Select<workspaces::Entity> {
    let member_of = Query::select()
        .column(memberships::Column::WorkspaceId)
        .from(memberships::Entity)
        .and_where(memberships::Column::UserId.eq(caller.user_id))
        .to_owned();
    let query = workspaces::Entity::find().filter(workspaces::Column::Id.in_subquery(member_of));
    match &caller.kind {
        CallerKind::ApiKey { workspace_id, .. } => query.filter(workspaces::Column::Id.eq(*workspace_id)),
        CallerKind::Session { .. } => query,
    }
}

pub fn members(access: &WorkspaceAccess) -> Select<memberships::Entity> {
    memberships::Entity::find().filter(memberships::Column::WorkspaceId.eq(access.workspace_id()))
}

pub async fn membership_of<C: ConnectionTrait>(
    db: &C,
    access: &WorkspaceAccess,
    membership_id: Uuid,
) -> Result<memberships::Model> {
    members(access)
        .filter(memberships::Column::Id.eq(membership_id))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("member"))
}

/// The workspace a membership belongs to, so the caller can then be authorised against it.
/// Answers the same for "no such membership" as for one the caller may not see.
pub async fn workspace_of_membership(svc: &Svc<'_>, membership_id: Uuid) -> Result<Uuid> {
    memberships::Entity::find_by_id(membership_id)
        .select_only()
        .column(memberships::Column::WorkspaceId)
        .into_tuple::<Uuid>()
        .one(&svc.state.db)
        .await?
        .ok_or_else(|| Error::not_found("member"))
}

async fn owner_count<C: ConnectionTrait>(db: &C, workspace_id: Uuid) -> Result<u64> {
    Ok(memberships::Entity::find()
        .filter(memberships::Column::WorkspaceId.eq(workspace_id))
        .filter(memberships::Column::Role.eq(WorkspaceRole::Owner))
        .count(db)
        .await?)
}

pub async fn update_role(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    membership_id: Uuid,
    role: WorkspaceRole,
) -> Result<memberships::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let member = membership_of(&txn, access, membership_id).await?;
    if member.role == WorkspaceRole::Owner
        && role != WorkspaceRole::Owner
        && owner_count(&txn, access.workspace_id()).await? <= 1
    {
        return Err(Error::conflict("a workspace must keep at least one owner"));
    }
    let from = member.role;
    let mut active = member.into_active_model();
    active.role = Set(role);
    let member = active.update(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(access.actor(), "member.role.changed")
            .subject(member.user_id)
            .object("membership", member.id)
            .detail(json!({ "workspace_id": access.workspace_id(), "from": role_name(from), "to": role_name(role) })),
    )
    .await?;
    txn.commit().await?;
    Ok(member)
}

/// Owners remove anyone; any member may remove themselves (leave). The member's API keys
/// for this workspace are revoked with the membership.
pub async fn remove_member(svc: &Svc<'_>, access: &WorkspaceAccess, membership_id: Uuid) -> Result<()> {
    let txn = begin_write(&svc.state.db).await?;
    let member = membership_of(&txn, access, membership_id).await?;
    if member.user_id != access.user_id() && access.role() != WorkspaceRole::Owner {
        return Err(Error::forbidden("only an owner can remove other members"));
    }
    if member.role == WorkspaceRole::Owner && owner_count(&txn, access.workspace_id()).await? <= 1 {
        return Err(Error::conflict("a workspace must keep at least one owner"));
    }
    memberships::Entity::delete_by_id(member.id).exec(&txn).await?;
    let revoked = api_keys::Entity::update_many()
        .col_expr(api_keys::Column::RevokedAt, sea_orm::sea_query::Expr::value(svc.now()))
        .filter(api_keys::Column::WorkspaceId.eq(access.workspace_id()))
        .filter(api_keys::Column::UserId.eq(member.user_id))
        .filter(api_keys::Column::RevokedAt.is_null())
        .exec_with_returning(&txn)
        .await?;
    svc.audit(
        &txn,
        AuditEvent::new(access.actor(), "member.removed")
            .subject(member.user_id)
            .object("membership", member.id)
            .detail(json!({ "workspace_id": access.workspace_id(), "api_keys_revoked": revoked.len() })),
    )
    .await?;
    for key in revoked {
        svc.audit(
            &txn,
            AuditEvent::new(access.actor(), "api_key.revoked")
                .subject(key.user_id)
                .object("api_key", key.id)
                .detail(json!({ "reason": "member_removed" })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

pub fn role_name(role: WorkspaceRole) -> &'static str {
    match role {
        WorkspaceRole::Owner => "owner",
        WorkspaceRole::Editor => "editor",
        WorkspaceRole::Viewer => "viewer",
    }
}
