//! A post's status history, as a connection: a busy post's history grows without bound.

use super::PostTarget;
use crate::{
    error::ApiResult,
    graphql::{
        context::svc,
        enums::PublishStatus,
        loaders::{TargetLoader, load},
        relay::{Conn, PageArgs, paginate},
        scalars::DateTime,
    },
};
use async_graphql::{Context, Object};
use entity::post_status_history;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// One change of status, of the post as a whole or of one of its targets.
pub struct StatusChange(pub post_status_history::Model);

#[Object]
impl StatusChange {
    /// The target that changed; null when the post as a whole did, or when the target no
    /// longer exists.
    async fn target(&self, ctx: &Context<'_>) -> ApiResult<Option<PostTarget>> {
        let Some(id) = self.0.target_id else { return Ok(None) };
        Ok(load::<TargetLoader, _>(ctx, id).await?.map(PostTarget))
    }

    /// The status before; null for the first entry.
    async fn from(&self) -> Option<PublishStatus> {
        self.0.from_status.map(Into::into)
    }

    /// The status after.
    async fn to(&self) -> PublishStatus {
        self.0.to_status.into()
    }

    /// Why it changed (for example `scheduled`, `publish_now`, or the platform's answer).
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    /// When it changed.
    async fn at(&self) -> DateTime {
        self.0.at.into()
    }
}

pub async fn page(
    ctx: &Context<'_>,
    post_id: Uuid,
    after: Option<String>,
    before: Option<String>,
    first: Option<i32>,
    last: Option<i32>,
) -> ApiResult<Conn<StatusChange>> {
    let svc = svc(ctx)?;
    // Ids are UUIDv7, so id order is the order the changes were written.
    paginate(
        &svc.state.db,
        post_status_history::Entity::find().filter(post_status_history::Column::PostId.eq(post_id)),
        post_status_history::Column::Id,
        |h| h.id,
        PageArgs::new(after, before, first, last),
        StatusChange,
    )
    .await
}
