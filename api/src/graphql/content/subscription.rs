//! Live status for the SPA. The stream reads the status history, so a change made by a
//! worker in another process (or on another replica) reaches every subscriber.
//!
//! A socket outlives the request that opened it, so access is asked again before each new
//! batch of events is sent: once the session ends, the key is revoked or the member leaves
//! the workspace, the subscriber gets one error saying so and the stream ends.

use super::{Post, PostTarget, feed_cursor::FeedCursor};
use crate::{
    auth::{Access, Action, Domain, authorize, caller, reauthorize},
    error::ApiResult,
    graphql::{
        context::svc,
        enums::PublishStatus,
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
    },
    state::AppState,
};
use async_graphql::{Context, ID, SimpleObject, Subscription};
use entity::{post_status_history, post_targets, posts};
use futures::Stream;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::time::Duration;
use uuid::Uuid;

const POLL: Duration = Duration::from_millis(250);
const READ: Action = Action(Domain::Content, Access::Read);

/// One status change of a post or of one of its targets.
#[derive(SimpleObject)]
pub struct PostStatusEvent {
    /// The post as it is now; null if it was deleted since.
    pub post: Option<Post>,
    /// The target that changed, as it is now; null when the post as a whole changed.
    pub target: Option<PostTarget>,
    /// The status before; null for a post's first status.
    pub from: Option<PublishStatus>,
    /// The status after.
    pub to: PublishStatus,
    /// Why it changed (for example `scheduled`, `publish_now`, or the platform's answer).
    pub reason: Option<String>,
    /// When it changed.
    pub at: DateTime,
}

#[derive(Default)]
pub struct ContentSubscription;

#[Subscription]
impl ContentSubscription {
    /// Every status change of the workspace's posts and targets from now on (members of
    /// the workspace; API keys need `CONTENT_READ`). The stream ends with one error once
    /// the caller loses access.
    async fn post_status_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The workspace to follow.")] workspace_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<PostStatusEvent>> + use<>> {
        let (workspace_id, state) = allowed(ctx, &workspace_id).await?;
        let caller = caller(ctx)?.clone();
        let start = FeedCursor::starting_now();
        Ok(futures::stream::unfold(Some((state, start, Vec::<post_status_history::Model>::new())), move |open| {
            let caller = caller.clone();
            async move {
                let (state, mut cursor, mut queue) = open?;
                loop {
                    if !queue.is_empty() {
                        let next = queue.remove(0);
                        let event = event(&state, next).await;
                        return Some((Ok(event), Some((state, cursor, queue))));
                    }
                    tokio::time::sleep(POLL).await;
                    match post_status_history::Entity::find()
                        .filter(post_status_history::Column::WorkspaceId.eq(workspace_id))
                        .filter(post_status_history::Column::Id.gt(cursor.floor()))
                        .filter(post_status_history::Column::Id.is_not_in(cursor.sent()))
                        .order_by_asc(post_status_history::Column::Id)
                        .limit(100)
                        .all(&state.db)
                        .await
                    {
                        Ok(rows) if rows.is_empty() => {}
                        Ok(rows) => {
                            if let Err(ended) = reauthorize(&state, &caller, workspace_id, READ).await {
                                return Some((Err(ended.into()), None));
                            }
                            cursor.delivered(rows.iter().map(|r| r.id));
                            queue = rows;
                        }
                        Err(err) => tracing::warn!(error = %err, "status subscription poll failed"),
                    }
                }
            }
        }))
    }
}

async fn allowed(ctx: &Context<'_>, workspace_id: &ID) -> ApiResult<(Uuid, AppState)> {
    let workspace_id = GlobalId::expect("workspaceId", workspace_id, NodeKind::Workspace)?;
    authorize(ctx, workspace_id, READ).await?;
    Ok((workspace_id, svc(ctx)?.state.clone()))
}

async fn event(state: &AppState, h: post_status_history::Model) -> PostStatusEvent {
    let post = posts::Entity::find_by_id(h.post_id).one(&state.db).await.ok().flatten().map(Post);
    let target = match h.target_id {
        Some(id) => post_targets::Entity::find_by_id(id).one(&state.db).await.ok().flatten().map(PostTarget),
        None => None,
    };
    PostStatusEvent {
        post,
        target,
        from: h.from_status.map(Into::into),
        to: h.to_status.into(),
        reason: h.reason,
        at: h.at.into(),
    }
}
