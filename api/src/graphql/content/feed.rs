//! The workspace's posts and media, as `Workspace.posts`, `Workspace.media` and
//! `Workspace.calendar`: readable by every member (API keys need `CONTENT_READ`).

use super::{Media, Post, calendar::CalendarDay};
use crate::{
    auth::{Access, Action, Domain, authorize},
    error::ApiResult,
    graphql::{
        context::svc,
        enums::{OrderDirection, Platform, PublishStatus},
        relay::{Conn, PageArgs, paginate},
        scalars::{Date, DateTime},
    },
    service,
};
use async_graphql::{Context, Enum, InputObject};
use entity::{media, post_targets, posts};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait};
use uuid::Uuid;

/// The page size when neither `first` nor `last` is given, as for every list.
const DEFAULT_PAGE: i32 = 20;
const READ: Action = Action(Domain::Content, Access::Read);

/// Which posts to list; every condition given must hold.
#[derive(InputObject, Default)]
#[graphql(name = "PostFilterInput")]
pub struct PostFilter {
    /// Posts in one of these statuses.
    pub status: Option<Vec<PublishStatus>>,
    /// Posts with a target on this platform.
    pub platform: Option<Platform>,
    /// Posts due (drafts: created) at or after this instant.
    pub from: Option<DateTime>,
    /// Posts due (drafts: created) before this instant.
    pub to: Option<DateTime>,
}

/// What posts can be sorted by. Both orders are served from an index, so paging stays
/// cheap on any size of workspace.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PostOrderField {
    /// When the post is (or was) due to go out; a draft never scheduled sorts by when it
    /// was created. Ties are broken by creation order.
    #[default]
    ScheduledAt,
    /// When the post was created.
    CreatedAt,
}

/// How to sort posts.
#[derive(InputObject, Default)]
#[graphql(name = "PostOrderInput")]
pub struct PostOrder {
    /// What to sort by.
    pub field: PostOrderField,
    /// Ascending or descending.
    pub direction: OrderDirection,
}

/// A page of the workspace's posts.
pub struct PostPage {
    pub filter: Option<PostFilter>,
    pub order_by: Option<PostOrder>,
    pub args: PageArgs,
}

pub async fn posts(ctx: &Context<'_>, workspace_id: Uuid, page: PostPage) -> ApiResult<Conn<Post>> {
    let access = authorize(ctx, workspace_id, READ).await?;
    let svc = svc(ctx)?;
    let filter = page.filter.unwrap_or_default();
    let mut query = service::posts::in_workspace(&access);
    if let Some(statuses) = filter.status {
        let statuses: Vec<entity::sea_orm_active_enums::PublishStatus> = statuses.into_iter().map(Into::into).collect();
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
        query = query.filter(posts::Column::SortAt.gte(from.0));
    }
    if let Some(to) = filter.to {
        query = query.filter(posts::Column::SortAt.lt(to.0));
    }
    let order = page.order_by.unwrap_or_default();
    let desc = order.direction == OrderDirection::Desc;
    let args = if desc { reversed(page.args) } else { page.args };
    let db = &svc.state.db;
    let conn = match order.field {
        PostOrderField::ScheduledAt => {
            paginate(db, query, (posts::Column::SortAt, posts::Column::Id), |p| (p.sort_at, p.id), args, Post).await?
        }
        // Ids are UUIDv7, taken at creation: id order is creation order, on the primary key.
        PostOrderField::CreatedAt => paginate(db, query, posts::Column::Id, |p| p.id, args, Post).await?,
    };
    Ok(if desc { flipped(conn) } else { conn })
}

/// A descending page is the mirror of an ascending one: the first n after a cursor are
/// the last n before it, read the other way.
fn reversed(args: PageArgs) -> PageArgs {
    let (first, last) = match (args.first, args.last) {
        (None, None) => (None, Some(DEFAULT_PAGE)),
        (first, last) => (last, first),
    };
    PageArgs { after: args.before, before: args.after, first, last }
}

fn flipped<N: async_graphql::OutputType>(mut conn: Conn<N>) -> Conn<N> {
    conn.edges.reverse();
    std::mem::swap(&mut conn.has_previous_page, &mut conn.has_next_page);
    conn
}

pub async fn media(ctx: &Context<'_>, workspace_id: Uuid, args: PageArgs) -> ApiResult<Conn<Media>> {
    let access = authorize(ctx, workspace_id, READ).await?;
    let svc = svc(ctx)?;
    paginate(&svc.state.db, service::media::in_workspace(&access), media::Column::Id, |m| m.id, args, Media).await
}

pub async fn calendar(
    ctx: &Context<'_>,
    workspace_id: Uuid,
    from: Date,
    to: Date,
    time_zone: &str,
) -> ApiResult<Vec<CalendarDay>> {
    let access = authorize(ctx, workspace_id, READ).await?;
    super::calendar::days(&svc(ctx)?, &access, from.0, to.0, time_zone).await
}
