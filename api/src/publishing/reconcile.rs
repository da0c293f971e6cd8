//! Settling sends whose answer was lost. A target left `unconfirmed` on a platform that can
//! list an account's posts is looked up again, at growing intervals, for a while after the
//! send: a new post can take time to show, and a lookup can itself fail. Found, it is
//! published; confirmed absent, it is sent again; still unknown when the window closes, it
//! waits for a person (retry or mark published), as on platforms that cannot be asked.

use super::{client::Lookup, worker::ask_platform};
use crate::{
    service::{
        Svc,
        posts::{
            lifecycle::{confirm_published, purge_if_published},
            status,
        },
    },
    state::AppState,
};
use chrono::{DateTime, Duration, Utc};
use compliance::db::begin_write;
use entity::{post_targets, posts, publish_attempts, sea_orm_active_enums::PublishStatus};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set};

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReconcileReport {
    pub checked: u64,
    /// Found on the platform: recorded as published.
    pub published: u64,
    /// The platform confirms it never arrived: scheduled to be sent again.
    pub resent: u64,
    /// The platform could not be asked this time; asked again later.
    pub waiting: u64,
    /// No answer within the window: left to a person.
    pub left_to_person: u64,
}

enum Settled {
    Published,
    Resent,
    Waiting,
    LeftToPerson,
    /// Someone (a person, another replica) settled it first.
    Gone,
}

/// One round over the unconfirmed targets whose next lookup is due.
pub async fn run(state: &AppState) -> anyhow::Result<ReconcileReport> {
    let now = state.clock.now();
    let due = post_targets::Entity::find()
        .filter(post_targets::Column::Status.eq(PublishStatus::Unconfirmed))
        .filter(post_targets::Column::NextAttemptAt.lte(now))
        .order_by_asc(post_targets::Column::NextAttemptAt)
        .limit(state.config.publishing.batch_size)
        .all(&state.db)
        .await?;
    let mut report = ReconcileReport::default();
    for target in due {
        report.checked += 1;
        match settle(state, target, now).await? {
            Settled::Published => report.published += 1,
            Settled::Resent => report.resent += 1,
            Settled::Waiting => report.waiting += 1,
            Settled::LeftToPerson => report.left_to_person += 1,
            Settled::Gone => {}
        }
    }
    Ok(report)
}

async fn settle(state: &AppState, target: post_targets::Model, now: DateTime<Utc>) -> anyhow::Result<Settled> {
    let Some(post) = posts::Entity::find_by_id(target.post_id).one(&state.db).await? else {
        return Ok(Settled::Gone);
    };
    let attempt = publish_attempts::Entity::find()
        .filter(publish_attempts::Column::TargetId.eq(target.id))
        .order_by_desc(publish_attempts::Column::StartedAt)
        .one(&state.db)
        .await?;
    // The platform is asked outside any transaction: no lock is held across the network.
    let lookup = ask_platform(state, &post, &target).await;

    let svc = Svc::system(state);
    let txn = begin_write(&state.db).await?;
    let Some(post) = posts::Entity::find_by_id(target.post_id).lock_exclusive().one(&txn).await? else {
        return Ok(Settled::Gone);
    };
    let Some(current) = post_targets::Entity::find_by_id(target.id).lock_exclusive().one(&txn).await? else {
        return Ok(Settled::Gone);
    };
    if current.status != PublishStatus::Unconfirmed || current.next_attempt_at.is_none_or(|at| at > now) {
        return Ok(Settled::Gone);
    }
    let describe = anyhow::Error::from;
    let settled = match lookup {
        Lookup::Found { remote_id, url } => {
            if let Some(attempt) = attempt {
                let mut active = attempt.into_active_model();
                active.outcome = Set(Some("success".into()));
                active.remote_id = Set(Some(remote_id.clone()));
                active.remote_url = Set(url.clone());
                active.update(&txn).await?;
            }
            let (_, post) = confirm_published(&txn, &svc, post, current, "reconciled: found on the platform", |a| {
                a.remote_id = Set(Some(remote_id));
                a.remote_url = Set(url);
                a.last_error = Set(None);
            })
            .await
            .map_err(describe)?;
            txn.commit().await?;
            purge_if_published(&svc, &post).await;
            return Ok(Settled::Published);
        }
        Lookup::NotFound => {
            if let Some(attempt) = attempt {
                let mut active = attempt.into_active_model();
                active.outcome = Set(Some("lost".into()));
                active.update(&txn).await?;
            }
            let reason = "reconciled: the platform confirms it did not go out";
            status::set_target(&txn, &svc, &post, current, PublishStatus::Scheduled, Some(reason), |a| {
                a.next_attempt_at = Set(Some(now));
                a.last_error = Set(None);
            })
            .await
            .map_err(describe)?;
            status::refresh_post(&txn, &svc, post, Some("reconciled")).await.map_err(describe)?;
            Settled::Resent
        }
        Lookup::Failed | Lookup::Unsupported => {
            let sent_at = attempt.map_or(current.updated_at, |a| a.started_at);
            let next = next_lookup(state, sent_at, now, matches!(lookup, Lookup::Failed));
            let settled = if next.is_some() { Settled::Waiting } else { Settled::LeftToPerson };
            let mut active = current.into_active_model();
            active.next_attempt_at = Set(next);
            active.update(&txn).await?;
            settled
        }
    };
    txn.commit().await?;
    Ok(settled)
}

/// Half the time since the send, so lookups thin out as it ages (a few dozen over a day),
/// and none once the window has closed or the platform cannot be asked at all.
fn next_lookup(state: &AppState, sent_at: DateTime<Utc>, now: DateTime<Utc>, can_ask: bool) -> Option<DateTime<Utc>> {
    let config = &state.config.publishing;
    let age = now - sent_at;
    (can_ask && age < Duration::hours(config.reconcile_for_hours))
        .then(|| now + (age / 2).max(Duration::seconds(config.reconcile_after_secs)))
}
