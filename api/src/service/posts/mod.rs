//! Posts: composed once, sent to several connected accounts (targets), scheduled, and
//! tracked through their statuses.

pub mod compose;
pub mod lifecycle;
pub mod rules;
pub mod status;

pub use compose::{PostContent, TargetInput, Visibility, create, problems, problems_of, update};
pub use lifecycle::{cancel, cancel_for_connection, delete_draft, mark_published, publish_now, retry_target, schedule};

use crate::{
    auth::WorkspaceAccess,
    error::{Error, Result},
};
use entity::{post_targets, posts};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select};
use uuid::Uuid;

pub fn in_workspace(access: &WorkspaceAccess) -> Select<posts::Entity> {
    posts::Entity::find().filter(posts::Column::WorkspaceId.eq(access.workspace_id()))
}

pub async fn get<C: ConnectionTrait>(db: &C, access: &WorkspaceAccess, id: Uuid) -> Result<posts::Model> {
    in_workspace(access).filter(posts::Column::Id.eq(id)).one(db).await?.ok_or_else(|| Error::not_found("post"))
}

/// The post, locked for the rest of the transaction: every change to a post's targets takes
/// the post first, so changes to one post never interleave.
pub async fn lock<C: ConnectionTrait>(db: &C, access: &WorkspaceAccess, id: Uuid) -> Result<posts::Model> {
    in_workspace(access)
        .filter(posts::Column::Id.eq(id))
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("post"))
}

pub async fn workspace_of<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Uuid> {
    posts::Entity::find_by_id(id).one(db).await?.map(|p| p.workspace_id).ok_or_else(|| Error::not_found("post"))
}

pub async fn target<C: ConnectionTrait>(db: &C, access: &WorkspaceAccess, id: Uuid) -> Result<post_targets::Model> {
    post_targets::Entity::find()
        .filter(post_targets::Column::WorkspaceId.eq(access.workspace_id()))
        .filter(post_targets::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("target"))
}

/// A target with its post, both locked in the order every writer takes them (post, then
/// target), and read after the locks so its status is the committed one.
pub async fn lock_target<C: ConnectionTrait>(
    db: &C,
    access: &WorkspaceAccess,
    id: Uuid,
) -> Result<(posts::Model, post_targets::Model)> {
    let unlocked = target(db, access, id).await?;
    let post = lock(db, access, unlocked.post_id).await?;
    let target = post_targets::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("target"))?;
    Ok((post, target))
}

pub async fn workspace_of_target<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Uuid> {
    post_targets::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|t| t.workspace_id)
        .ok_or_else(|| Error::not_found("target"))
}
