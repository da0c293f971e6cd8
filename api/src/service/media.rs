//! Uploading and deleting media. A file is stored only once it has proved to be an image
//! or video a platform accepts; its storage key is random.

use super::Svc;
use crate::{
    auth::WorkspaceAccess,
    error::{Error, Result},
    media::detect::{self, SNIFF_BYTES},
};
use chrono::Duration;
use compliance::{audit::AuditEvent, db::begin_write};
use entity::{media, post_media, post_targets, sea_orm_active_enums::PublishStatus};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Select};
use serde_json::json;
use std::io::{Read, Seek, SeekFrom};
use uuid::Uuid;

pub struct Upload {
    pub filename: Option<String>,
    pub file: std::fs::File,
}

pub fn in_workspace(access: &WorkspaceAccess) -> Select<media::Entity> {
    media::Entity::find().filter(media::Column::WorkspaceId.eq(access.workspace_id()))
}

pub async fn get<C: ConnectionTrait>(db: &C, access: &WorkspaceAccess, id: Uuid) -> Result<media::Model> {
    in_workspace(access).filter(media::Column::Id.eq(id)).one(db).await?.ok_or_else(|| Error::not_found("media"))
}

pub async fn workspace_of<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Uuid> {
    media::Entity::find_by_id(id).one(db).await?.map(|m| m.workspace_id).ok_or_else(|| Error::not_found("media"))
}

pub async fn upload(svc: &Svc<'_>, access: &WorkspaceAccess, upload: Upload) -> Result<media::Model> {
    let limit = svc.state.config.server.upload_max_file_bytes as u64;
    let mut file = upload.file;
    let size = file.metadata().map_err(Error::internal)?.len();
    if size == 0 {
        return Err(Error::bad_input("file", "the file is empty"));
    }
    if size > limit {
        return Err(Error::bad_input("file", format!("the file is larger than {limit} bytes")));
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES.min(size as usize));
    (&mut file).take(SNIFF_BYTES as u64).read_to_end(&mut head).map_err(Error::internal)?;
    let Some(detected) = detect::detect(&head) else {
        return Err(Error::bad_input("file", "is not an image or video type the platforms accept"));
    };
    file.seek(SeekFrom::Start(0)).map_err(Error::internal)?;

    let id = Uuid::now_v7();
    let key = format!("{}/{}", access.workspace_id().simple(), hex::encode(rand::random::<[u8; 24]>()));
    let (stored_size, sha256) =
        svc.state.media.put_file(&key, tokio::fs::File::from_std(file)).await.map_err(Error::internal)?;
    let now = svc.now();
    let row = media::Model {
        id,
        workspace_id: access.workspace_id(),
        uploaded_by: Some(access.user_id()),
        storage_key: key.clone(),
        original_filename: upload.filename.map(|name| name.chars().filter(|c| !c.is_control()).take(255).collect()),
        content_type: detected.content_type.to_owned(),
        size_bytes: i64::try_from(stored_size).unwrap_or(i64::MAX),
        sha256,
        width: detected.width,
        height: detected.height,
        duration_ms: None,
        uploaded_at: now,
        processed_at: Some(now),
        purged_at: None,
    };
    let saved = async {
        let txn = begin_write(&svc.state.db).await?;
        media::Entity::insert(row.clone().into_active_model()).exec_without_returning(&txn).await?;
        svc.audit(
            &txn,
            AuditEvent::new(access.actor(), "media.uploaded").object("media", id).detail(json!({
                "workspace_id": access.workspace_id(),
                "content_type": row.content_type,
                "size_bytes": row.size_bytes,
            })),
        )
        .await?;
        txn.commit().await?;
        Result::Ok(())
    }
    .await;
    if let Err(err) = saved {
        // Nothing half written: the object goes if its row could not be saved.
        let _ = svc.state.media.delete(&key).await;
        return Err(err);
    }
    Ok(row)
}

/// Refused while a post that is still to go out uses it; drafts simply lose it.
pub async fn delete(svc: &Svc<'_>, access: &WorkspaceAccess, id: Uuid) -> Result<()> {
    let txn = begin_write(&svc.state.db).await?;
    // Scheduling holds a shared lock on the post's media rows, so this check and a
    // concurrent `schedulePost` cannot both pass.
    let row = in_workspace(access)
        .filter(media::Column::Id.eq(id))
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found("media"))?;
    let posts: Vec<Uuid> = post_media::Entity::find()
        .filter(post_media::Column::MediaId.eq(id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|pm| pm.post_id)
        .collect();
    let pending = post_targets::Entity::find()
        .filter(post_targets::Column::PostId.is_in(posts))
        .filter(post_targets::Column::Status.is_in([
            PublishStatus::Scheduled,
            PublishStatus::Publishing,
            PublishStatus::Unconfirmed,
        ]))
        .one(&txn)
        .await?;
    if let Some(target) = pending {
        let post = crate::ids::GlobalId::encode(crate::ids::NodeKind::Post, target.post_id);
        return Err(Error::conflict(format!("this media is used by scheduled post {post}")));
    }
    media::Entity::delete_by_id(id).exec(&txn).await?;
    svc.audit(&txn, AuditEvent::new(access.actor(), "media.deleted").object("media", id)).await?;
    txn.commit().await?;
    svc.state.media.delete(&row.storage_key).await.map_err(Error::internal)?;
    Ok(())
}

/// A URL that serves the file until it expires.
pub fn signed_url(svc: &Svc<'_>, id: Uuid, ttl: Duration) -> String {
    svc.state.media_urls.url(id, svc.now() + ttl)
}
