use crate::{
    auth::{Access, Action, Domain, authorize},
    error::{ApiError, ApiResult},
    graphql::{
        accounts::User,
        api_keys::ApiKey,
        context::svc,
        enums::{InvitationStatus, WorkspaceRole},
        loaders::{UserLoader, WorkspaceLoader},
        relay::{Conn, GlobalId, NodeKind, PageArgs, paginate},
        scalars::DateTime,
    },
    service,
};
use async_graphql::{Context, ID, Object, dataloader::DataLoader};
use entity::{api_keys, invitations, memberships, workspaces};

fn loader<'a, T: Send + Sync + 'static>(ctx: &Context<'a>) -> ApiResult<&'a DataLoader<T>> {
    ctx.data::<DataLoader<T>>().map_err(|_| ApiError::internal(anyhow::anyhow!("loader missing from request data")))
}

/// A creator's brand or an agency's client: the unit every post, connection and metric
/// belongs to.
pub struct Workspace(pub workspaces::Model);

#[Object]
impl Workspace {
    /// The global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Workspace, self.0.id)
    }

    /// Its name, as its owners set it.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }

    /// When it was last changed (renamed).
    async fn updated_at(&self) -> DateTime {
        self.0.updated_at.into()
    }

    /// Your role here.
    async fn viewer_role(&self, ctx: &Context<'_>) -> ApiResult<WorkspaceRole> {
        Ok(authorize(ctx, self.0.id, Action(Domain::Workspace, Access::Read)).await?.role().into())
    }

    /// Everyone in the workspace, in the order they joined, at most 100 per page.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<Member>> {
        let access = authorize(ctx, self.0.id, Action(Domain::Members, Access::Read)).await?;
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::workspaces::members(&access),
            memberships::Column::Id,
            |m| m.id,
            PageArgs::new(after, before, first, last),
            Member,
        )
        .await
    }

    /// Invitations sent from this workspace, oldest first, at most 100 per page (owners only).
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn invitations(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<Invitation>> {
        let access = authorize(ctx, self.0.id, Action(Domain::Members, Access::Write)).await?;
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::invitations::for_workspace(&access),
            invitations::Column::Id,
            |i| i.id,
            PageArgs::new(after, before, first, last),
            Invitation,
        )
        .await
    }

    /// API keys, oldest first, at most 100 per page: every key for owners, your own for
    /// everyone else.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn api_keys(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<ApiKey>> {
        let access = authorize(ctx, self.0.id, Action(Domain::ApiKeys, Access::Read)).await?;
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::api_keys::visible(&access),
            api_keys::Column::Id,
            |k| k.id,
            PageArgs::new(after, before, first, last),
            ApiKey,
        )
        .await
    }
}

/// Someone's place in a workspace.
pub struct Member(pub memberships::Model);

#[Object]
impl Member {
    /// The global id of this membership (not of the person).
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Member, self.0.id)
    }

    /// What they may do here.
    async fn role(&self) -> WorkspaceRole {
        self.0.role.into()
    }

    /// When they joined.
    async fn joined_at(&self) -> DateTime {
        self.0.created_at.into()
    }

    /// The person: members see each other's name and email.
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<User> {
        let user = loader::<UserLoader>(ctx)?
            .load_one(self.0.user_id)
            .await
            .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?
            .ok_or_else(|| ApiError::not_found("user"))?;
        Ok(User(user))
    }
}

/// An invitation to join a workspace.
pub struct Invitation(pub invitations::Model);

#[Object]
impl Invitation {
    /// The global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Invitation, self.0.id)
    }

    /// The invited address, normalised (lower case).
    async fn email(&self) -> &str {
        &self.0.email_normalized
    }

    /// The role the invitee gets on accepting.
    async fn role(&self) -> WorkspaceRole {
        self.0.role.into()
    }

    /// Pending until accepted, declined, revoked or expired.
    async fn status(&self) -> InvitationStatus {
        self.0.status.into()
    }

    /// When it was sent (or last refreshed).
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }

    /// When it can no longer be accepted.
    async fn expires_at(&self) -> DateTime {
        self.0.expires_at.into()
    }

    /// The inviting workspace's name, so the invitee knows what they are joining (the
    /// workspace itself is visible only to its members).
    async fn workspace_name(&self, ctx: &Context<'_>) -> ApiResult<String> {
        loader::<WorkspaceLoader>(ctx)?
            .load_one(self.0.workspace_id)
            .await
            .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?
            .map(|w| w.name)
            .ok_or_else(|| ApiError::not_found("workspace"))
    }
}
