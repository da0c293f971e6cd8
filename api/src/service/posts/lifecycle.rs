//! Scheduling, publishing now, cancelling, retrying and deleting. The queue is the target
//! rows themselves: cancelling clears their due time and lease, so nothing remains queued.

use super::{compose, lock, lock_target, status};
use crate::{
    auth::WorkspaceAccess,
    error::{Error, Problem, Result},
    service::Svc,
};
use chrono::{DateTime, Utc};
use compliance::db::begin_write;
use entity::{
    connections, media, post_media, post_targets, posts,
    sea_orm_active_enums::{ConnectionStatus, PublishStatus},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::Query,
};
use std::str::FromStr;
use uuid::Uuid;

/// Schedules a draft (or reschedules a scheduled post) for `at`, UTC; the zone is kept
/// for display. Every platform problem must be solved first.
pub async fn schedule(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    post_id: Uuid,
    at: DateTime<Utc>,
    time_zone: Option<String>,
) -> Result<posts::Model> {
    if let Some(zone) = &time_zone
        && chrono_tz::Tz::from_str(zone).is_err()
    {
        return Err(Error::bad_input("time_zone", "is not an IANA time zone such as Europe/Berlin"));
    }
    if at <= svc.now() {
        return Err(Error::bad_input("scheduled_at", "must be in the future"));
    }
    queue(svc, access, post_id, at, time_zone, "scheduled").await
}

/// Queues the post to go out at once.
pub async fn publish_now(svc: &Svc<'_>, access: &WorkspaceAccess, post_id: Uuid) -> Result<posts::Model> {
    queue(svc, access, post_id, svc.now(), None, "publish_now").await
}

async fn queue(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    post_id: Uuid,
    at: DateTime<Utc>,
    time_zone: Option<String>,
    reason: &str,
) -> Result<posts::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let post = lock(&txn, access, post_id).await?;
    if !matches!(post.status, PublishStatus::Draft | PublishStatus::Scheduled) {
        return Err(Error::conflict("only a draft or a scheduled post can be scheduled"));
    }
    // Held to commit: a media file cannot be deleted while its post is being queued.
    media::Entity::find()
        .filter(
            media::Column::Id.in_subquery(
                Query::select()
                    .column(post_media::Column::MediaId)
                    .from(post_media::Entity)
                    .and_where(post_media::Column::PostId.eq(post.id))
                    .to_owned(),
            ),
        )
        .lock_shared()
        .all(&txn)
        .await?;
    let mut problems = compose::problems(&txn, &post).await?;
    // Locked, so a worker cannot claim one of them between this read and the writes below.
    let targets = post_targets::Entity::find()
        .filter(post_targets::Column::PostId.eq(post.id))
        .order_by_asc(post_targets::Column::Id)
        .lock_exclusive()
        .all(&txn)
        .await?;
    if targets.iter().any(|t| t.status == PublishStatus::Publishing) {
        return Err(Error::conflict("the post is being published right now; wait for it to finish"));
    }
    // Only what has not gone out is (re)queued: a target already published, or waiting for
    // someone to settle an unknown outcome, is never put back in the queue.
    let queueable = |t: &post_targets::Model| matches!(t.status, PublishStatus::Draft | PublishStatus::Scheduled);
    let connection_ids: Vec<Uuid> = targets.iter().filter_map(|t| t.connection_id).collect();
    let connections =
        connections::Entity::find().filter(connections::Column::Id.is_in(connection_ids)).all(&txn).await?;
    for (i, t) in targets.iter().enumerate().filter(|(_, t)| queueable(t)) {
        let healthy = connections.iter().any(|c| Some(c.id) == t.connection_id && c.status == ConnectionStatus::Active);
        if t.connection_id.is_some() && !healthy {
            problems.push(Problem::with_code(
                crate::error::UserErrorCode::AccountNeedsReconnect,
                format!("targets.{i}.social_account_id"),
                "this account must be reconnected before posting to it",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::invalid_post(problems));
    }
    let mut active = post.clone().into_active_model();
    active.scheduled_at = Set(Some(at));
    active.sort_at = Set(at);
    active.time_zone = Set(time_zone.or(post.time_zone.clone()));
    active.updated_at = Set(svc.now());
    let post = active.update(&txn).await?;
    for t in targets.into_iter().filter(queueable) {
        status::set_target(&txn, svc, &post, t, PublishStatus::Scheduled, Some(reason), |a| {
            a.due_at = Set(Some(at));
            a.next_attempt_at = Set(Some(at));
            a.attempts = Set(0);
            a.last_error = Set(None);
            a.lease_until = Set(None);
            a.lease_owner = Set(None);
        })
        .await?;
    }
    let post = status::refresh_post(&txn, svc, post, Some(reason)).await?;
    txn.commit().await?;
    Ok(post)
}

/// Cancels every target not yet sent. A target being sent right now cannot be recalled.
pub async fn cancel(svc: &Svc<'_>, access: &WorkspaceAccess, post_id: Uuid) -> Result<posts::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let post = lock(&txn, access, post_id).await?;
    let targets = post_targets::Entity::find()
        .filter(post_targets::Column::PostId.eq(post.id))
        .lock_exclusive()
        .all(&txn)
        .await?;
    if targets.iter().any(|t| t.status == PublishStatus::Publishing) {
        return Err(Error::conflict("the post is being published right now and cannot be cancelled"));
    }
    let cancellable = |s: PublishStatus| {
        matches!(
            s,
            PublishStatus::Draft | PublishStatus::Scheduled | PublishStatus::Failed | PublishStatus::Unconfirmed
        )
    };
    if !targets.iter().any(|t| cancellable(t.status)) {
        return Err(Error::conflict("nothing is left to cancel"));
    }
    for t in targets.into_iter().filter(|t| cancellable(t.status)) {
        status::set_target(&txn, svc, &post, t, PublishStatus::Cancelled, Some("cancelled"), |a| {
            a.due_at = Set(None);
            a.next_attempt_at = Set(None);
            a.lease_until = Set(None);
            a.lease_owner = Set(None);
        })
        .await?;
    }
    let post = status::refresh_post(&txn, svc, post, Some("cancelled")).await?;
    txn.commit().await?;
    Ok(post)
}

/// Sends a failed or unconfirmed target again, with the same idempotency key.
pub async fn retry_target(svc: &Svc<'_>, access: &WorkspaceAccess, target_id: Uuid) -> Result<post_targets::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let (post, t) = lock_target(&txn, access, target_id).await?;
    if !matches!(t.status, PublishStatus::Failed | PublishStatus::Unconfirmed) {
        return Err(Error::conflict("only a failed or unconfirmed target can be retried"));
    }
    let healthy = match t.connection_id {
        Some(id) => {
            connections::Entity::find_by_id(id).one(&txn).await?.is_some_and(|c| c.status == ConnectionStatus::Active)
        }
        None => false,
    };
    if !healthy {
        return Err(Error::bad_input("target_id", "the account must be reconnected before retrying"));
    }
    let now = svc.now();
    let t = status::set_target(&txn, svc, &post, t, PublishStatus::Scheduled, Some("retry"), |a| {
        a.due_at = Set(Some(now));
        a.next_attempt_at = Set(Some(now));
        a.attempts = Set(0);
        a.last_error = Set(None);
    })
    .await?;
    status::refresh_post(&txn, svc, post, Some("retry")).await?;
    txn.commit().await?;
    Ok(t)
}

/// For an unconfirmed target the person saw go out: record it as published.
pub async fn mark_published(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    target_id: Uuid,
    remote_url: Option<String>,
) -> Result<post_targets::Model> {
    if let Some(url) = &remote_url
        && reqwest::Url::parse(url).map(|u| !matches!(u.scheme(), "http" | "https")).unwrap_or(true)
    {
        return Err(Error::bad_input("remote_url", "must be an http or https URL"));
    }
    let txn = begin_write(&svc.state.db).await?;
    let (post, t) = lock_target(&txn, access, target_id).await?;
    if t.status != PublishStatus::Unconfirmed {
        return Err(Error::conflict("only an unconfirmed target can be marked as published"));
    }
    let (t, post) =
        confirm_published(&txn, svc, post, t, "confirmed_by_user", |a| a.remote_url = Set(remote_url)).await?;
    txn.commit().await?;
    purge_if_published(svc, &post).await;
    Ok(t)
}

/// Records an unconfirmed target as out on the platform, inside the caller's transaction.
pub async fn confirm_published<C: sea_orm::ConnectionTrait>(
    db: &C,
    svc: &Svc<'_>,
    post: posts::Model,
    target: post_targets::Model,
    reason: &str,
    remote: impl FnOnce(&mut post_targets::ActiveModel),
) -> Result<(post_targets::Model, posts::Model)> {
    let now = svc.now();
    let t = status::set_target(db, svc, &post, target, PublishStatus::Published, Some(reason), |a| {
        a.published_at = Set(Some(now));
        a.next_attempt_at = Set(None);
        remote(a);
    })
    .await?;
    if t.remote_id.is_some() {
        crate::service::pull_schedule::start(db, &t, now).await?;
    }
    let post = status::refresh_post(db, svc, post, Some(reason)).await?;
    Ok((t, post))
}

/// Once a post is out everywhere no copy of its media is kept; a failure here is finished
/// by housekeeping, so it does not undo what was recorded.
pub async fn purge_if_published(svc: &Svc<'_>, post: &posts::Model) {
    if post.status == PublishStatus::Published
        && let Err(err) = crate::service::media_purge::post_media(svc.state, post.id, svc.now()).await
    {
        tracing::warn!(post_id = %post.id, error = %err, "purging published media failed");
    }
}

/// Deletes a draft (or a post whose every target was cancelled).
pub async fn delete_draft(svc: &Svc<'_>, access: &WorkspaceAccess, post_id: Uuid) -> Result<()> {
    let txn = begin_write(&svc.state.db).await?;
    let post = lock(&txn, access, post_id).await?;
    if !matches!(post.status, PublishStatus::Draft | PublishStatus::Cancelled) {
        return Err(Error::conflict("only a draft or a cancelled post can be deleted"));
    }
    posts::Entity::delete_by_id(post.id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// A disconnected account takes its pending publishes with it: they are cancelled, so
/// nothing stays queued for an account we can no longer reach.
pub async fn cancel_for_connection<C: sea_orm::ConnectionTrait>(
    db: &C,
    svc: &Svc<'_>,
    connection_id: Uuid,
) -> Result<u64> {
    let pending = post_targets::Entity::find()
        .filter(post_targets::Column::ConnectionId.eq(connection_id))
        .filter(post_targets::Column::Status.is_in([
            PublishStatus::Draft,
            PublishStatus::Scheduled,
            PublishStatus::Failed,
            PublishStatus::Unconfirmed,
        ]))
        .all(db)
        .await?;
    let count = pending.len() as u64;
    for t in pending {
        let Some(post) = posts::Entity::find_by_id(t.post_id).one(db).await? else { continue };
        status::set_target(db, svc, &post, t, PublishStatus::Cancelled, Some("account_disconnected"), |a| {
            a.due_at = Set(None);
            a.next_attempt_at = Set(None);
            a.lease_until = Set(None);
            a.lease_owner = Set(None);
        })
        .await?;
        status::refresh_post(db, svc, post, Some("account_disconnected")).await?;
    }
    Ok(count)
}
