use crate::{
    auth::{Access, Action, Domain, authorize},
    error::{ApiError, ApiResult},
    graphql::{
        api_keys::ApiKey,
        context::svc,
        enums::{InvitationStatus, WorkspaceRole},
        loaders::{UserLoader, WorkspaceLoader},
        relay::{Conn, GlobalId, NodeKind, PageArgs, paginate},
    },
    service,
};
use async_graphql::{Context, ID, Object, SimpleObject, dataloader::DataLoader};
use chrono::{DateTime, Utc};
use entity::{api_keys, invitations, memberships, workspaces};

fn loader<'a, T: Send + Sync + 'static>(ctx: &Context<'a>) -> ApiResult<&'a DataLoader<T>> {
    ctx.data::<DataLoader<T>>().map_err(|_| ApiError::internal(anyhow::anyhow!("loader missing from request data")))
}

/// A creator's brand or an agency's client: the unit every post, connection and metric
/// belongs to.
pub struct Workspace(pub workspaces::Model);

#[Object]
impl Workspace {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Workspace, self.0.id)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// Your role here.
    async fn viewer_role(&self, ctx: &Context<'_>) -> ApiResult<WorkspaceRole> {
        Ok(authorize(ctx, self.0.id, Action(Domain::Workspace, Access::Read)).await?.role().into())
    }

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

    /// Invitations sent from this workspace (owners only).
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

    /// API keys: every key for owners, your own for everyone else.
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

    /// The social accounts connected here, oldest first; at most 100 a page (every member;
    /// API keys need `CONNECTIONS_READ`).
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn social_accounts(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<crate::graphql::connections::SocialAccount>> {
        crate::graphql::connections::social_accounts(ctx, self.0.id, PageArgs::new(after, before, first, last)).await
    }

    /// Where this workspace's events are sent, oldest first; at most 100 a page (editors
    /// and owners, with a signed-in session).
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn webhooks(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<crate::graphql::webhooks::Webhook>> {
        crate::graphql::webhooks::webhooks(ctx, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}

/// Someone's place in a workspace.
pub struct Member(pub memberships::Model);

/// What members of a workspace see of each other.
#[derive(SimpleObject)]
pub struct MemberProfile {
    /// The person's `User` id.
    pub id: ID,
    pub display_name: String,
    pub email: String,
}

#[Object]
impl Member {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Member, self.0.id)
    }

    async fn role(&self) -> WorkspaceRole {
        self.0.role.into()
    }

    async fn joined_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn user(&self, ctx: &Context<'_>) -> ApiResult<MemberProfile> {
        let user = loader::<UserLoader>(ctx)?
            .load_one(self.0.user_id)
            .await
            .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?
            .ok_or_else(|| ApiError::not_found("user"))?;
        Ok(MemberProfile {
            id: GlobalId::id(NodeKind::User, user.id),
            display_name: user.display_name,
            email: user.email,
        })
    }
}

/// An invitation to join a workspace.
pub struct Invitation(pub invitations::Model);

#[Object]
impl Invitation {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Invitation, self.0.id)
    }

    async fn email(&self) -> &str {
        &self.0.email_normalized
    }

    async fn role(&self) -> WorkspaceRole {
        self.0.role.into()
    }

    async fn status(&self) -> InvitationStatus {
        self.0.status.into()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }

    /// The inviting workspace's name, so the invitee knows what they are joining.
    async fn workspace_name(&self, ctx: &Context<'_>) -> ApiResult<String> {
        loader::<WorkspaceLoader>(ctx)?
            .load_one(self.0.workspace_id)
            .await
            .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?
            .map(|w| w.name)
            .ok_or_else(|| ApiError::not_found("workspace"))
    }
}
