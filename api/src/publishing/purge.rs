//! The promise that no copy of a post's media is kept once it is out.

use crate::state::AppState;
use chrono::{DateTime, Utc};
use entity::{media, post_media, posts, sea_orm_active_enums::PublishStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set, sea_query::Query,
};
use uuid::Uuid;

/// Once every target is published, no copy of the post's media is kept, unless another
/// post still waiting to go out uses the same file.
/// Returns how many files were removed.
pub async fn post_media(state: &AppState, post_id: Uuid, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let mut purged = 0;
    let ids: Vec<Uuid> = post_media::Entity::find()
        .filter(post_media::Column::PostId.eq(post_id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|pm| pm.media_id)
        .collect();
    for media_id in ids {
        let others: Vec<Uuid> = post_media::Entity::find()
            .filter(post_media::Column::MediaId.eq(media_id))
            .filter(post_media::Column::PostId.ne(post_id))
            .all(&state.db)
            .await?
            .into_iter()
            .map(|pm| pm.post_id)
            .collect();
        let still_needed = !others.is_empty()
            && posts::Entity::find()
                .filter(posts::Column::Id.is_in(others))
                .filter(posts::Column::Status.is_in([
                    PublishStatus::Draft,
                    PublishStatus::Scheduled,
                    PublishStatus::Publishing,
                    PublishStatus::Failed,
                ]))
                .limit(1)
                .one(&state.db)
                .await?
                .is_some();
        if still_needed {
            continue;
        }
        let Some(row) = media::Entity::find_by_id(media_id).one(&state.db).await? else { continue };
        if row.purged_at.is_some() {
            continue;
        }
        state.media.delete(&row.storage_key).await?;
        let mut active = row.into_active_model();
        active.purged_at = Set(Some(now));
        active.update(&state.db).await?;
        purged += 1;
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
