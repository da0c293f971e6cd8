use super::{Invitation, Member, Workspace};
use crate::{
    auth::{Access, Action, CallerKind, Domain, authorize, caller, load_authorized, require_session},
    error::{ApiError, ApiResult},
    graphql::{
        context::svc,
        enums::WorkspaceRole,
        relay::{GlobalId, NodeKind},
    },
    service,
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::{invitations, memberships};

#[derive(Default)]
pub struct WorkspacesMutation;

#[derive(InputObject)]
pub struct CreateWorkspaceInput {
    pub name: String,
}

#[derive(InputObject)]
pub struct RenameWorkspaceInput {
    pub workspace_id: ID,
    pub name: String,
}

#[derive(SimpleObject)]
pub struct WorkspacePayload {
    pub workspace: Workspace,
}

#[derive(InputObject)]
pub struct InviteMemberInput {
    pub workspace_id: ID,
    pub email: String,
    pub role: WorkspaceRole,
}

#[derive(InputObject)]
pub struct InvitationIdInput {
    pub invitation_id: ID,
}

#[derive(SimpleObject)]
pub struct InvitationPayload {
    pub invitation: Invitation,
}

#[derive(SimpleObject)]
pub struct RespondToInvitationPayload {
    pub invitation: Invitation,
    /// Your new membership, when you accepted.
    pub member: Option<Member>,
}

#[derive(InputObject)]
pub struct UpdateMemberRoleInput {
    pub member_id: ID,
    pub role: WorkspaceRole,
}

#[derive(InputObject)]
pub struct RemoveMemberInput {
    pub member_id: ID,
}

#[derive(SimpleObject)]
pub struct MemberPayload {
    pub member: Member,
}

#[derive(SimpleObject)]
pub struct RemoveMemberPayload {
    pub removed_member_id: ID,
}

#[Object]
impl WorkspacesMutation {
    /// Creates a workspace with you as its owner.
    async fn create_workspace(&self, ctx: &Context<'_>, input: CreateWorkspaceInput) -> ApiResult<WorkspacePayload> {
        let caller = caller(ctx)?;
        if let CallerKind::ApiKey { .. } = caller.kind {
            return Err(ApiError::forbidden("an API key belongs to one workspace and cannot create others"));
        }
        let svc = svc(ctx)?;
        Ok(WorkspacePayload {
            workspace: Workspace(service::workspaces::create(&svc, caller.user_id, &input.name).await?),
        })
    }

    /// Owners only.
    async fn rename_workspace(&self, ctx: &Context<'_>, input: RenameWorkspaceInput) -> ApiResult<WorkspacePayload> {
        let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Workspace, Access::Write)).await?;
        let svc = svc(ctx)?;
        Ok(WorkspacePayload { workspace: Workspace(service::workspaces::rename(&svc, &access, &input.name).await?) })
    }

    /// Invites an email address (owners only). Inviting again refreshes the invitation.
    async fn invite_member(&self, ctx: &Context<'_>, input: InviteMemberInput) -> ApiResult<InvitationPayload> {
        let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Members, Access::Write)).await?;
        let svc = svc(ctx)?;
        let invitation = service::invitations::invite(&svc, &access, &input.email, input.role.into()).await?;
        Ok(InvitationPayload { invitation: Invitation(invitation) })
    }

    /// Withdraws a pending invitation (owners only).
    async fn revoke_invitation(&self, ctx: &Context<'_>, input: InvitationIdInput) -> ApiResult<InvitationPayload> {
        let invitation_id = GlobalId::expect("input.invitationId", &input.invitation_id, NodeKind::Invitation)?;
        let (_, access) =
            load_authorized::<invitations::Entity>(ctx, invitation_id, Action(Domain::Members, Access::Write)).await?;
        let svc = svc(ctx)?;
        Ok(InvitationPayload {
            invitation: Invitation(service::invitations::revoke(&svc, &access, invitation_id).await?),
        })
    }

    /// Joins the workspace that invited your email address.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        input: InvitationIdInput,
    ) -> ApiResult<RespondToInvitationPayload> {
        respond(ctx, input, true).await
    }

    async fn decline_invitation(
        &self,
        ctx: &Context<'_>,
        input: InvitationIdInput,
    ) -> ApiResult<RespondToInvitationPayload> {
        respond(ctx, input, false).await
    }

    /// Owners only; a workspace always keeps one owner.
    async fn update_member_role(&self, ctx: &Context<'_>, input: UpdateMemberRoleInput) -> ApiResult<MemberPayload> {
        let member_id = GlobalId::expect("input.memberId", &input.member_id, NodeKind::Member)?;
        let (_, access) =
            load_authorized::<memberships::Entity>(ctx, member_id, Action(Domain::Members, Access::Write)).await?;
        let svc = svc(ctx)?;
        let member = service::workspaces::update_role(&svc, &access, member_id, input.role.into()).await?;
        Ok(MemberPayload { member: Member(member) })
    }

    /// Owners remove anyone; anyone may remove themselves. Their API keys here are revoked.
    async fn remove_member(&self, ctx: &Context<'_>, input: RemoveMemberInput) -> ApiResult<RemoveMemberPayload> {
        let member_id = GlobalId::expect("input.memberId", &input.member_id, NodeKind::Member)?;
        // Leaving needs only membership; the service holds removing others to owners. A key
        // acts for a script, not a person leaving, so it needs the write scope either way.
        let access_needed = match caller(ctx)?.kind {
            CallerKind::ApiKey { .. } => Access::Write,
            CallerKind::Session { .. } => Access::Read,
        };
        let (_, access) =
            load_authorized::<memberships::Entity>(ctx, member_id, Action(Domain::Members, access_needed)).await?;
        let svc = svc(ctx)?;
        service::workspaces::remove_member(&svc, &access, member_id).await?;
        Ok(RemoveMemberPayload { removed_member_id: input.member_id })
    }
}

async fn respond(ctx: &Context<'_>, input: InvitationIdInput, accept: bool) -> ApiResult<RespondToInvitationPayload> {
    let user = require_session(ctx)?;
    let invitation_id = GlobalId::expect("input.invitationId", &input.invitation_id, NodeKind::Invitation)?;
    let svc = svc(ctx)?;
    let (invitation, member) = service::invitations::respond(&svc, &user, invitation_id, accept).await?;
    Ok(RespondToInvitationPayload { invitation: Invitation(invitation), member: member.map(Member) })
}
