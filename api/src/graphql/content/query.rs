use super::{Media, Post, calendar::CalendarDay};
use crate::{
    auth::{Access, Action, Domain, authorize},
    error::ApiResult,
    graphql::{
        context::svc,
        enums::{Platform, PublishStatus},
        relay::{Conn, GlobalId, NodeKind, PageArgs, paginate},
    },
    service,
};
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{media, post_targets, posts};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

#[derive(InputObject, Default)]
pub struct PostFilter {
    pub status: Option<Vec<PublishStatus>>,
    /// Posts with a target on this platform.
    pub platform: Option<Platform>,
    /// Due (or drafted) at or after.
    pub from: Option<DateTime<Utc>>,
    /// Due (or drafted) before.
    pub to: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct ContentQuery;

#[Object]
impl ContentQuery {
    /// A workspace's posts, by when they are (or were) due; drafts by when drafted.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    #[allow(clippy::too_many_arguments)]
    async fn posts(
        &self,
        ctx: &Context<'_>,
        workspace_id: ID,
        filter: Option<PostFilter>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<Post>> {
        let workspace_id = GlobalId::expect("workspaceId", &workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Content, Access::Read)).await?;
        let svc = svc(ctx)?;
        let filter = filter.unwrap_or_default();
        let mut query = service::posts::in_workspace(&access);
        if let Some(statuses) = filter.status {
            let statuses: Vec<entity::sea_orm_active_enums::PublishStatus> =
                statuses.into_iter().map(Into::into).collect();
            query = query.filter(posts::Column::Status.is_in(statuses));
        }
        if let Some(platform) = filter.platform {
            let platform: entity::sea_orm_active_enums::Platform = platform.into();
            let with_platform = post_targets::Entity::find()
                .select_only()
                .column(post_targets::Column::PostId)
                .filter(post_targets::Column::WorkspaceId.eq(workspace_id))
                .filter(post_targets::Column::Platform.eq(platform))
                .into_query();
            query = query.filter(posts::Column::Id.in_subquery(with_platform));
        }
        if let Some(from) = filter.from {
            query = query.filter(posts::Column::SortAt.gte(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(posts::Column::SortAt.lt(to));
        }
        paginate(
            &svc.state.db,
            query,
            (posts::Column::SortAt, posts::Column::Id),
            |p| (p.sort_at, p.id),
            PageArgs::new(after, before, first, last),
            Post,
        )
        .await
    }

    /// How many posts fall on each day of a range, in a time zone (at most 62 days).
    async fn calendar(
        &self,
        ctx: &Context<'_>,
        workspace_id: ID,
        from: NaiveDate,
        to: NaiveDate,
        #[graphql(default = "UTC")] time_zone: String,
    ) -> ApiResult<Vec<CalendarDay>> {
        let workspace_id = GlobalId::expect("workspaceId", &workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Content, Access::Read)).await?;
        super::calendar::days(&svc(ctx)?, &access, from, to, &time_zone).await
    }

    /// A workspace's uploaded media, newest last.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn media(
        &self,
        ctx: &Context<'_>,
        workspace_id: ID,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<Media>> {
        let workspace_id = GlobalId::expect("workspaceId", &workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Content, Access::Read)).await?;
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::media::in_workspace(&access),
            media::Column::Id,
            |m| m.id,
            PageArgs::new(after, before, first, last),
            Media,
        )
        .await
    }
}
