//! The promises about stored media: no copy is kept once a post is out, and none is kept
//! past the retention period.

use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use entity::{media, post_media, posts, sea_orm_active_enums::PublishStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set,
    sea_query::Query,
};
use uuid::Uuid;

/// Whether a post other than `except` that is in one of `statuses` uses the file.
async fn used_by(
    state: &AppState,
    media_id: Uuid,
    except: Option<Uuid>,
    statuses: &[PublishStatus],
) -> anyhow::Result<bool> {
    let mut users = Query::select()
        .column(post_media::Column::PostId)
        .from(post_media::Entity)
        .and_where(post_media::Column::MediaId.eq(media_id))
        .to_owned();
    if let Some(post_id) = except {
        users.and_where(post_media::Column::PostId.ne(post_id));
    }
    Ok(posts::Entity::find()
        .filter(posts::Column::Id.in_subquery(users))
        .filter(posts::Column::Status.is_in(statuses.iter().copied()))
        .limit(1)
        .one(&state.db)
        .await?
        .is_some())
}

/// Deletes the stored bytes and records when; the metadata stays. False when already gone.
async fn remove(state: &AppState, row: media::Model, now: DateTime<Utc>) -> anyhow::Result<bool> {
    if row.purged_at.is_some() {
        return Ok(false);
    }
    state.media.delete(&row.storage_key).await?;
    let mut active = row.into_active_model();
    active.purged_at = Set(Some(now));
    active.update(&state.db).await?;
    Ok(true)
}

/// Once every target is published, no copy of the post's media is kept, unless another
/// post still waiting to go out uses the same file. Returns how many files were removed.
pub async fn post_media(state: &AppState, post_id: Uuid, now: DateTime<Utc>) -> anyhow::Result<u64> {
    const WAITING: [PublishStatus; 4] =
        [PublishStatus::Draft, PublishStatus::Scheduled, PublishStatus::Publishing, PublishStatus::Failed];
    let mut purged = 0;
    let ids: Vec<Uuid> = post_media::Entity::find()
        .filter(post_media::Column::PostId.eq(post_id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|pm| pm.media_id)
        .collect();
    for media_id in ids {
        if used_by(state, media_id, Some(post_id), &WAITING).await? {
            continue;
        }
        let Some(row) = media::Entity::find_by_id(media_id).one(&state.db).await? else { continue };
        purged += u64::from(remove(state, row, now).await?);
    }
    Ok(purged)
}

/// Files are kept at most `media.retention_days` after processing (upload, where never
/// processed), whatever became of their posts: drafts included. Only a post already
/// queued to go out keeps its files until it has. Returns how many files were removed.
pub async fn expired(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let cutoff = now - Duration::days(state.config.media.retention_days);
    let old =
        media::Entity::find()
            .filter(media::Column::PurgedAt.is_null())
            .filter(Condition::any().add(media::Column::ProcessedAt.lte(cutoff)).add(
                Condition::all().add(media::Column::ProcessedAt.is_null()).add(media::Column::UploadedAt.lte(cutoff)),
            ))
            .all(&state.db)
            .await?;
    let mut purged = 0;
    for row in old {
        if used_by(state, row.id, None, &[PublishStatus::Scheduled, PublishStatus::Publishing]).await? {
            continue;
        }
        purged += u64::from(remove(state, row, now).await?);
    }
    Ok(purged)
}

/// Purges left undone — the storage was unreachable when the post went out, or the process
/// stopped in between — are finished here: every published post whose media still has
/// its bytes. Returns how many files were removed.
pub async fn unfinished(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let waiting: Vec<Uuid> = post_media::Entity::find()
        .select_only()
        .column(post_media::Column::PostId)
        .distinct()
        .filter(
            post_media::Column::PostId.in_subquery(
                Query::select()
                    .column(posts::Column::Id)
                    .from(posts::Entity)
                    .and_where(posts::Column::Status.eq(PublishStatus::Published))
                    .to_owned(),
            ),
        )
        .filter(
            post_media::Column::MediaId.in_subquery(
                Query::select()
                    .column(media::Column::Id)
                    .from(media::Entity)
                    .and_where(media::Column::PurgedAt.is_null())
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut purged = 0;
    for post_id in waiting {
        purged += post_media(state, post_id, now).await?;
    }
    Ok(purged)
}
