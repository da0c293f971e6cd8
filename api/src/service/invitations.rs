//! Invitations: an owner invites an email address with a role; the person holding an
//! account with that address sees the invitation and accepts or declines it. Nobody is
//! added to a workspace without saying yes.

use super::{Svc, validate};
use crate::{
    auth::{SessionUser, WorkspaceAccess},
    error::{Error, Result},
    service::{accounts, workspaces::role_name},
};
use chrono::Duration;
use compliance::{audit::AuditEvent, db::begin_write};
use entity::{
    invitations, memberships,
    sea_orm_active_enums::{InvitationStatus, WorkspaceRole},
    users,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Select, Set};
use serde_json::json;
use uuid::Uuid;

pub async fn invite(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    email: &str,
    role: WorkspaceRole,
) -> Result<invitations::Model> {
    let (_, email_normalized) = validate::email("email", email)?;
    let now = svc.now();
    let expires_at = now + Duration::days(svc.state.config.auth.invitation_ttl_days);
    let txn = begin_write(&svc.state.db).await?;

    let invitee = users::Entity::find().filter(users::Column::EmailNormalized.eq(&email_normalized)).one(&txn).await?;
    let already_member = match invitee {
        Some(invitee) => memberships::Entity::find()
            .filter(memberships::Column::WorkspaceId.eq(access.workspace_id()))
            .filter(memberships::Column::UserId.eq(invitee.id))
            .one(&txn)
            .await?
            .is_some(),
        None => false,
    };
    if already_member {
        return Err(Error::already_exists("this person is already a member of the workspace"));
    }
    // Inviting again refreshes the pending invitation rather than stacking a second one.
    let pending = for_workspace(access)
        .filter(invitations::Column::EmailNormalized.eq(&email_normalized))
        .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
        .one(&txn)
        .await?;
    let invitation = match pending {
        Some(existing) => {
            let mut active = existing.into_active_model();
            active.role = Set(role);
            active.expires_at = Set(expires_at);
            active.invited_by = Set(Some(access.user_id()));
            active.update(&txn).await?
        }
        None => {
            let model = invitations::Model {
                id: Uuid::now_v7(),
                workspace_id: access.workspace_id(),
                email_normalized,
                role,
                status: InvitationStatus::Pending,
                invited_by: Some(access.user_id()),
                created_at: now,
                expires_at,
                responded_at: None,
            };
            invitations::Entity::insert(model.clone().into_active_model()).exec_without_returning(&txn).await?;
            model
        }
    };
    svc.audit(
        &txn,
        AuditEvent::new(access.actor(), "member.invited")
            .object("invitation", invitation.id)
            .detail(json!({ "workspace_id": access.workspace_id(), "role": role_name(role) })),
    )
    .await?;
    txn.commit().await?;
    Ok(invitation)
}

pub fn for_workspace(access: &WorkspaceAccess) -> Select<invitations::Entity> {
    invitations::Entity::find().filter(invitations::Column::WorkspaceId.eq(access.workspace_id()))
}

/// Pending, unexpired invitations addressed to the signed-in person's email.
pub async fn mine(svc: &Svc<'_>, user: &SessionUser) -> Result<Select<invitations::Entity>> {
    let me = accounts::find(svc, user.user_id).await?;
    Ok(invitations::Entity::find()
        .filter(invitations::Column::EmailNormalized.eq(me.email_normalized))
        .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
        .filter(invitations::Column::ExpiresAt.gt(svc.now())))
}

pub async fn revoke(svc: &Svc<'_>, access: &WorkspaceAccess, invitation_id: Uuid) -> Result<invitations::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let invitation = for_workspace(access)
        .filter(invitations::Column::Id.eq(invitation_id))
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found("invitation"))?;
    if invitation.status != InvitationStatus::Pending {
        return Err(Error::conflict("only a pending invitation can be revoked"));
    }
    let mut active = invitation.into_active_model();
    active.status = Set(InvitationStatus::Revoked);
    active.responded_at = Set(Some(svc.now()));
    let invitation = active.update(&txn).await?;
    svc.audit(&txn, AuditEvent::new(access.actor(), "invitation.revoked").object("invitation", invitation.id)).await?;
    txn.commit().await?;
    Ok(invitation)
}

/// Accepting creates the membership; declining only records the answer.
pub async fn respond(
    svc: &Svc<'_>,
    user: &SessionUser,
    invitation_id: Uuid,
    accept: bool,
) -> Result<(invitations::Model, Option<memberships::Model>)> {
    let now = svc.now();
    let txn = begin_write(&svc.state.db).await?;
    let invitation = mine(svc, user)
        .await?
        .filter(invitations::Column::Id.eq(invitation_id))
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found("invitation"))?;
    let membership = if accept {
        let existing = memberships::Entity::find()
            .filter(memberships::Column::WorkspaceId.eq(invitation.workspace_id))
            .filter(memberships::Column::UserId.eq(user.user_id))
            .one(&txn)
            .await?;
        match existing {
            Some(existing) => Some(existing),
            None => {
                let model = memberships::Model {
                    id: Uuid::now_v7(),
                    workspace_id: invitation.workspace_id,
                    user_id: user.user_id,
                    role: invitation.role,
                    created_at: now,
                };
                memberships::Entity::insert(model.clone().into_active_model()).exec_without_returning(&txn).await?;
                Some(model)
            }
        }
    } else {
        None
    };
    let mut active = invitation.into_active_model();
    active.status = Set(if accept { InvitationStatus::Accepted } else { InvitationStatus::Declined });
    active.responded_at = Set(Some(now));
    let invitation = active.update(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(user.actor(), if accept { "invitation.accepted" } else { "invitation.declined" })
            .subject(user.user_id)
            .object("invitation", invitation.id)
            .detail(json!({ "workspace_id": invitation.workspace_id })),
    )
    .await?;
    txn.commit().await?;
    Ok((invitation, membership))
}
