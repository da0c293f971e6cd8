use super::{Invitation, Member, Workspace};
use crate::{
    auth::{Access, Action, CallerKind, Domain, authorize, caller, load_authorized, require_session},
    error::{ApiError, ApiResult},
    graphql::{
        context::svc,
        enums::WorkspaceRole,
        payload::{PayloadResult, UserError, settle},
        relay::{GlobalId, NodeKind},
    },
    service,
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::{invitations, memberships};

#[derive(Default)]
pub struct WorkspacesMutation;

/// A new workspace.
#[derive(InputObject)]
pub struct CreateWorkspaceInput {
    /// Its name; 1 to 100 characters.
    pub name: String,
}

/// The result of `createWorkspace`.
#[derive(SimpleObject, Default)]
pub struct CreateWorkspacePayload {
    /// The new workspace, with you as its owner.
    pub workspace: Option<Workspace>,
    /// Problems with the input.
    pub user_errors: Vec<UserError>,
}

/// A new name for a workspace.
#[derive(InputObject)]
pub struct RenameWorkspaceInput {
    /// The workspace to rename.
    pub workspace_id: ID,
    /// Its new name; 1 to 100 characters.
    pub name: String,
}

/// The result of `renameWorkspace`.
#[derive(SimpleObject, Default)]
pub struct RenameWorkspacePayload {
    /// The renamed workspace.
    pub workspace: Option<Workspace>,
    /// Problems with the input.
    pub user_errors: Vec<UserError>,
}

/// Whom to invite, where, and as what.
#[derive(InputObject)]
pub struct InviteMemberInput {
    /// The inviting workspace.
    pub workspace_id: ID,
    /// The invitee's email address; they accept after signing in with it.
    pub email: String,
    /// The role they get on accepting.
    pub role: WorkspaceRole,
}

/// The result of `inviteMember`.
#[derive(SimpleObject, Default)]
pub struct InviteMemberPayload {
    /// The pending invitation (refreshed when the address was already invited).
    pub invitation: Option<Invitation>,
    /// Problems with the input, or the address already belongs to a member.
    pub user_errors: Vec<UserError>,
}

/// The invitation to withdraw.
#[derive(InputObject)]
pub struct RevokeInvitationInput {
    /// A pending invitation of a workspace you own.
    pub invitation_id: ID,
}

/// The result of `revokeInvitation`.
#[derive(SimpleObject, Default)]
pub struct RevokeInvitationPayload {
    /// The invitation, now revoked.
    pub invitation: Option<Invitation>,
    /// INVALID_STATE when the invitation was no longer pending.
    pub user_errors: Vec<UserError>,
}

/// The invitation to accept.
#[derive(InputObject)]
pub struct AcceptInvitationInput {
    /// A pending invitation addressed to your email.
    pub invitation_id: ID,
}

/// The result of `acceptInvitation`.
#[derive(SimpleObject, Default)]
pub struct AcceptInvitationPayload {
    /// The invitation, now accepted.
    pub invitation: Option<Invitation>,
    /// Your new membership.
    pub member: Option<Member>,
    /// INVALID_STATE when the invitation was no longer pending or has expired.
    pub user_errors: Vec<UserError>,
}

/// The invitation to decline.
#[derive(InputObject)]
pub struct DeclineInvitationInput {
    /// A pending invitation addressed to your email.
    pub invitation_id: ID,
}

/// The result of `declineInvitation`.
#[derive(SimpleObject, Default)]
pub struct DeclineInvitationPayload {
    /// The invitation, now declined.
    pub invitation: Option<Invitation>,
    /// INVALID_STATE when the invitation was no longer pending.
    pub user_errors: Vec<UserError>,
}

/// A member's new role.
#[derive(InputObject)]
pub struct UpdateMemberRoleInput {
    /// The membership to change.
    pub member_id: ID,
    /// The role it gets.
    pub role: WorkspaceRole,
}

/// The result of `updateMemberRole`.
#[derive(SimpleObject, Default)]
pub struct UpdateMemberRolePayload {
    /// The membership with its new role.
    pub member: Option<Member>,
    /// INVALID_STATE when the change would leave the workspace without an owner.
    pub user_errors: Vec<UserError>,
}

/// The membership to end.
#[derive(InputObject)]
pub struct RemoveMemberInput {
    /// The membership: anyone's if you own the workspace, otherwise your own.
    pub member_id: ID,
}

/// The result of `removeMember`.
#[derive(SimpleObject, Default)]
pub struct RemoveMemberPayload {
    /// The id of the membership that no longer exists, to drop from a client cache.
    pub removed_member_id: Option<ID>,
    /// INVALID_STATE when the last owner would leave.
    pub user_errors: Vec<UserError>,
}

crate::payload!(
    CreateWorkspacePayload,
    RenameWorkspacePayload,
    InviteMemberPayload,
    RevokeInvitationPayload,
    AcceptInvitationPayload,
    DeclineInvitationPayload,
    UpdateMemberRolePayload,
    RemoveMemberPayload,
);

#[Object]
impl WorkspacesMutation {
    /// Creates a workspace with you as its owner. Not available to API keys.
    async fn create_workspace(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: CreateWorkspaceInput,
    ) -> PayloadResult<CreateWorkspacePayload> {
        settle(async move {
            let caller = caller(ctx)?;
            if let CallerKind::ApiKey { .. } = caller.kind {
                return Err(ApiError::forbidden("an API key belongs to one workspace and cannot create others"));
            }
            let svc = svc(ctx)?;
            let workspace = service::workspaces::create(&svc, caller.user_id, &input.name).await?;
            Ok(CreateWorkspacePayload { workspace: Some(Workspace(workspace)), user_errors: vec![] })
        })
        .await
    }

    /// Renames a workspace. Owners only.
    async fn rename_workspace(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: RenameWorkspaceInput,
    ) -> PayloadResult<RenameWorkspacePayload> {
        settle(async move {
            let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
            let access = authorize(ctx, workspace_id, Action(Domain::Workspace, Access::Write)).await?;
            let svc = svc(ctx)?;
            let workspace = service::workspaces::rename(&svc, &access, &input.name).await?;
            Ok(RenameWorkspacePayload { workspace: Some(Workspace(workspace)), user_errors: vec![] })
        })
        .await
    }

    /// Invites an email address (owners only). Inviting again refreshes the invitation.
    async fn invite_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: InviteMemberInput,
    ) -> PayloadResult<InviteMemberPayload> {
        settle(async move {
            let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
            let access = authorize(ctx, workspace_id, Action(Domain::Members, Access::Write)).await?;
            let svc = svc(ctx)?;
            let invitation = service::invitations::invite(&svc, &access, &input.email, input.role.into()).await?;
            Ok(InviteMemberPayload { invitation: Some(Invitation(invitation)), user_errors: vec![] })
        })
        .await
    }

    /// Withdraws a pending invitation (owners only).
    async fn revoke_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: RevokeInvitationInput,
    ) -> PayloadResult<RevokeInvitationPayload> {
        settle(async move {
            let invitation_id = GlobalId::expect("input.invitationId", &input.invitation_id, NodeKind::Invitation)?;
            let (_, access) =
                load_authorized::<invitations::Entity>(ctx, invitation_id, Action(Domain::Members, Access::Write))
                    .await?;
            let svc = svc(ctx)?;
            let invitation = service::invitations::revoke(&svc, &access, invitation_id).await?;
            Ok(RevokeInvitationPayload { invitation: Some(Invitation(invitation)), user_errors: vec![] })
        })
        .await
    }

    /// Joins the workspace that invited your email address. Needs a signed-in session.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: AcceptInvitationInput,
    ) -> PayloadResult<AcceptInvitationPayload> {
        settle(async move {
            let (invitation, member) = respond(ctx, &input.invitation_id, true).await?;
            Ok(AcceptInvitationPayload {
                invitation: Some(invitation),
                member: member.map(Member),
                user_errors: vec![],
            })
        })
        .await
    }

    /// Turns down an invitation addressed to your email. Needs a signed-in session.
    async fn decline_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: DeclineInvitationInput,
    ) -> PayloadResult<DeclineInvitationPayload> {
        settle(async move {
            let (invitation, _) = respond(ctx, &input.invitation_id, false).await?;
            Ok(DeclineInvitationPayload { invitation: Some(invitation), user_errors: vec![] })
        })
        .await
    }

    /// Changes a member's role. Owners only; a workspace always keeps one owner.
    async fn update_member_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: UpdateMemberRoleInput,
    ) -> PayloadResult<UpdateMemberRolePayload> {
        settle(async move {
            let member_id = GlobalId::expect("input.memberId", &input.member_id, NodeKind::Member)?;
            let (_, access) =
                load_authorized::<memberships::Entity>(ctx, member_id, Action(Domain::Members, Access::Write)).await?;
            let svc = svc(ctx)?;
            let member = service::workspaces::update_role(&svc, &access, member_id, input.role.into()).await?;
            Ok(UpdateMemberRolePayload { member: Some(Member(member)), user_errors: vec![] })
        })
        .await
    }

    /// Owners remove anyone; anyone may remove themselves. Their API keys here are revoked.
    async fn remove_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: RemoveMemberInput,
    ) -> PayloadResult<RemoveMemberPayload> {
        settle(async move {
            let member_id = GlobalId::expect("input.memberId", &input.member_id, NodeKind::Member)?;
            // Leaving needs only membership; the service holds removing others to owners. A
            // key acts for a script, not a person leaving, so it needs the write scope.
            let access_needed = match caller(ctx)?.kind {
                CallerKind::ApiKey { .. } => Access::Write,
                CallerKind::Session { .. } => Access::Read,
            };
            let (_, access) =
                load_authorized::<memberships::Entity>(ctx, member_id, Action(Domain::Members, access_needed)).await?;
            let svc = svc(ctx)?;
            service::workspaces::remove_member(&svc, &access, member_id).await?;
            Ok(RemoveMemberPayload { removed_member_id: Some(input.member_id), user_errors: vec![] })
        })
        .await
    }
}

async fn respond(ctx: &Context<'_>, id: &ID, accept: bool) -> ApiResult<(Invitation, Option<memberships::Model>)> {
    let user = require_session(ctx)?;
    let invitation_id = GlobalId::expect("input.invitationId", id, NodeKind::Invitation)?;
    let svc = svc(ctx)?;
    let (invitation, member) = service::invitations::respond(&svc, &user, invitation_id, accept).await?;
    Ok((Invitation(invitation), member))
}
