use crate::{
    auth::{Access, Action, Domain, authorize},
    error::{ApiError, ApiResult},
    graphql::{
        accounts::User,
        analytics,
        api_keys::ApiKey,
        content,
        context::svc,
        enums::{InvitationStatus, WorkspaceRole},
        loaders::{UserLoader, WorkspaceLoader},
        relay::{Conn, GlobalId, NodeKind, PageArgs, paginate},
        scalars::{Date, DateTime},
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

/// A creator's brand or an agency's client: the unit every post, connection and metric
/// belongs to.
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
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
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
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
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
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
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
    /// The workspace's posts (members; API keys need `CONTENT_READ`), by when they are
    /// due unless `orderBy` says otherwise; page size at most 100, 20 by default.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    #[allow(clippy::too_many_arguments)]
    async fn posts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which posts to list.")] filter: Option<content::PostFilter>,
        #[graphql(desc = "How to sort them; by `SCHEDULED_AT` ascending when null.")] order_by: Option<
            content::PostOrder,
        >,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
    ) -> ApiResult<Conn<content::Post>> {
        let page = content::PostPage { filter, order_by, args: PageArgs::new(after, before, first, last) };
        content::workspace_posts(ctx, self.0.id, page).await
    }

    /// The workspace's uploaded media, oldest first (members; API keys need
    /// `CONTENT_READ`); page size at most 100, 20 by default.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn media(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
    ) -> ApiResult<Conn<content::Media>> {
        content::workspace_media(ctx, self.0.id, PageArgs::new(after, before, first, last)).await
    }

    /// Every day from `from` to `to` (both included, at most 62 days) in a time zone, with
    /// the posts due that day; drafts never scheduled are left out (members; API keys need
    /// `CONTENT_READ`).
    async fn calendar(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first day.")] from: Date,
        #[graphql(desc = "The last day; at most 61 days after `from`.")] to: Date,
        #[graphql(default = "UTC", desc = "The IANA zone the days are counted in.")] time_zone: String,
    ) -> ApiResult<Vec<content::CalendarDay>> {
        content::calendar(ctx, self.0.id, from, to, &time_zone).await
    }

    /// Totals, daily series and rankings over the days from `from` to `to` (UTC, both
    /// included, at most 732 days); viewers and up, API keys need `ANALYTICS_READ`.
    async fn analytics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first day.")] from: Date,
        #[graphql(desc = "The last day.")] to: Date,
    ) -> ApiResult<analytics::WorkspaceAnalytics> {
        analytics::analytics(ctx, self.0.id, from, to).await
    }

    /// The social accounts connected here, oldest first; at most 100 a page (every member;
    /// API keys need `CONNECTIONS_READ`).
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn social_accounts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
    ) -> ApiResult<Conn<crate::graphql::connections::SocialAccount>> {
        crate::graphql::connections::social_accounts(ctx, self.0.id, PageArgs::new(after, before, first, last)).await
    }

    /// Where this workspace's events are sent, oldest first; at most 100 a page (editors
    /// and owners, with a signed-in session).
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn webhooks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
    ) -> ApiResult<Conn<crate::graphql::webhooks::Webhook>> {
        crate::graphql::webhooks::webhooks(ctx, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}

/// Someone's place in a workspace.
pub struct Member(pub memberships::Model);

/// Someone's place in a workspace.
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

/// An invitation to join a workspace.
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
