//! The publishing worker. Each target is sent at most once: an attempt is recorded (with
//! the target's idempotency key) before the request leaves, and a target found abandoned
//! by a crashed worker is not sent again until the attempt record or the platform says it
//! did not go out.

use super::{
    claim,
    client::{Endpoint, Lookup, MediaItem, Outgoing},
    outcome::Sent,
    platforms,
};
use crate::{
    platforms::{Provider, provider::telegram_api_base},
    service::{
        Svc,
        connections::{ACCESS_TOKEN, BOT_TOKEN, mark_needs_reauth},
        posts::{
            Visibility,
            compose::{Overrides, final_text},
            status,
        },
    },
    state::AppState,
    vault::{self, Owner},
};
use chrono::Duration;
use compliance::{audit::Actor, db::begin_write};
use entity::{
    connections, media, post_media, post_targets, posts, publish_attempts,
    sea_orm_active_enums::{ConnectionStatus, Platform, PublishStatus},
};
use futures::StreamExt;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DispatchReport {
    pub claimed: u64,
    pub published: u64,
    pub retrying: u64,
    pub failed: u64,
    pub unconfirmed: u64,
    /// Abandoned targets taken over from a crashed worker.
    pub recovered: u64,
    /// Targets whose round ended in an error; their leases expire and they are recovered.
    pub errors: u64,
}

/// One round: take over abandoned targets, then claim and send a batch of due ones.
pub async fn run_once(state: &AppState, worker: &str) -> anyhow::Result<DispatchReport> {
    let config = &state.config.publishing;
    let now = state.clock.now();
    let lease = Duration::seconds(config.lease_secs);
    let mut report = DispatchReport::default();

    for target in claim::abandoned(&state.db, worker, now, lease, config.batch_size).await? {
        report.recovered += 1;
        tally(&mut report, recover(state, worker, target).await?);
    }
    let claimed = claim::due(&state.db, worker, now, lease, config.batch_size).await?;
    report.claimed = claimed.len() as u64;
    let results: Vec<anyhow::Result<PublishStatus>> = futures::stream::iter(claimed)
        .map(|target| process(state, worker, target))
        .buffer_unordered(config.concurrency.max(1))
        .collect()
        .await;
    // One target's database trouble must not hide the others' outcomes; its lease runs
    // out and it is taken over like a crashed worker's.
    for result in results {
        match result {
            Ok(status) => tally(&mut report, status),
            Err(err) => {
                report.errors += 1;
                tracing::error!(error = %err, "publishing a target failed");
            }
        }
    }
    Ok(report)
}

fn tally(report: &mut DispatchReport, status: PublishStatus) {
    match status {
        PublishStatus::Published => report.published += 1,
        PublishStatus::Scheduled => report.retrying += 1,
        PublishStatus::Unconfirmed => report.unconfirmed += 1,
        _ => report.failed += 1,
    }
}

enum Prepared {
    Ready(Box<(Outgoing, connections::Model)>),
    /// Cannot be sent at all; the target fails with this reason.
    Refused(String),
}

async fn prepare(state: &AppState, post: &posts::Model, target: &post_targets::Model) -> anyhow::Result<Prepared> {
    let svc = Svc::system(state);
    let connection = match target.connection_id {
        Some(id) => connections::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    };
    let Some(connection) = connection else {
        return Ok(Prepared::Refused("the account was disconnected".into()));
    };
    if connection.status != ConnectionStatus::Active {
        return Ok(Prepared::Refused("the account must be reconnected".into()));
    }
    let field = if connection.platform == Platform::Telegram { BOT_TOKEN } else { ACCESS_TOKEN };
    let token = match vault::get(&state.db, &state.vault, Owner::Connection(connection.id), field).await {
        Ok(Some(token)) => token,
        Ok(None) => return Ok(Prepared::Refused("the account holds no token; reconnect it".into())),
        Err(_) => {
            let txn = begin_write(&state.db).await?;
            mark_needs_reauth(&txn, &svc, connection, "token_unreadable", Actor::System).await?;
            txn.commit().await?;
            return Ok(Prepared::Refused("the account's token could not be read; reconnect it".into()));
        }
    };
    let links: Vec<String> = serde_json::from_str(&post.links).unwrap_or_default();
    let hashtags: Vec<String> = serde_json::from_str(&post.hashtags).unwrap_or_default();
    let overrides = Overrides::parse(&target.overrides);
    let ids: Vec<Uuid> = post_media::Entity::find()
        .filter(post_media::Column::PostId.eq(post.id))
        .order_by_asc(post_media::Column::Position)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|pm| pm.media_id)
        .collect();
    let mut rows = media::Entity::find().filter(media::Column::Id.is_in(ids.clone())).all(&state.db).await?;
    rows.sort_by_key(|m| ids.iter().position(|id| *id == m.id));
    let uploads = matches!(connection.platform, Platform::X | Platform::Linkedin | Platform::Youtube);
    let ttl = Duration::minutes(state.config.publishing.media_url_ttl_minutes);
    let mut items = Vec::new();
    for m in rows {
        if m.purged_at.is_some() {
            return Ok(Prepared::Refused("a media file was already removed".into()));
        }
        let bytes = match uploads {
            false => None,
            true => match state.media.get(&m.storage_key).await {
                Ok(bytes) => Some(bytes),
                Err(object_store::Error::NotFound { .. }) => {
                    return Ok(Prepared::Refused("a media file is missing from storage".into()));
                }
                Err(err) => return Err(err.into()),
            },
        };
        items.push(MediaItem {
            url: state.media_urls.url(m.id, state.clock.now() + ttl),
            content_type: m.content_type,
            bytes,
        });
    }
    Ok(Prepared::Ready(Box::new((
        Outgoing {
            platform: connection.platform,
            account_id: connection.platform_account_id.clone(),
            text: final_text(overrides.text.as_deref().unwrap_or(&post.text), &links, &hashtags, connection.platform),
            title: overrides.title.or(post.title.clone()),
            description: overrides.description.or(post.description.clone()),
            link: links.first().cloned(),
            visibility: overrides.visibility.or(Some(Visibility::Public)),
            media: items,
            idempotency_key: target.idempotency_key.clone(),
            token,
        },
        connection,
    ))))
}

fn api_base(state: &AppState, platform: Platform) -> Option<String> {
    match platform {
        Platform::Telegram => Some(telegram_api_base(&state.config.platforms)),
        other => Provider::resolve(other, &state.config.platforms).map(|p| p.api_base),
    }
}

async fn process(state: &AppState, worker: &str, target: post_targets::Model) -> anyhow::Result<PublishStatus> {
    let Some(post) = posts::Entity::find_by_id(target.post_id).one(&state.db).await? else {
        return Ok(PublishStatus::Cancelled);
    };
    let (outgoing, connection) = match prepare(state, &post, &target).await {
        Ok(Prepared::Ready(ready)) => *ready,
        Ok(Prepared::Refused(reason)) => {
            return finish(state, worker, target, None, Sent::Permanent { error: reason }, None).await;
        }
        // Nothing was sent: retried with backoff like any transient failure, so a target
        // never stays `publishing` and gives up at the attempt limit.
        Err(err) => {
            tracing::warn!(target_id = %target.id, error = %err, "a post could not be prepared for sending");
            let sent =
                Sent::Transient { retry_after: None, error: "the post could not be prepared for sending".into() };
            return finish(state, worker, target, None, sent, None).await;
        }
    };
    let Some(base) = api_base(state, connection.platform) else {
        return finish(
            state,
            worker,
            target,
            None,
            Sent::Permanent { error: "the platform is not configured".into() },
            None,
        )
        .await;
    };

    // The attempt is on record before the request leaves.
    let now = state.clock.now();
    let attempt = publish_attempts::Model {
        id: Uuid::now_v7(),
        target_id: target.id,
        idempotency_key: target.idempotency_key.clone(),
        attempt: target.attempts,
        worker: worker.to_owned(),
        started_at: now,
        finished_at: None,
        outcome: None,
        http_status: None,
        remote_id: None,
        remote_url: None,
        error: None,
    };
    let txn = begin_write(&state.db).await?;
    // The post is taken first, as every writer does, so this never waits in the wrong order.
    let Some(post) = posts::Entity::find_by_id(target.post_id).lock_exclusive().one(&txn).await? else {
        return Ok(PublishStatus::Cancelled);
    };
    publish_attempts::Entity::insert(attempt.clone().into_active_model()).exec_without_returning(&txn).await?;
    let svc = Svc::system(state);
    status::record_ids(
        &txn,
        &svc,
        (post.workspace_id, post.id),
        Some(target.id),
        Some(PublishStatus::Scheduled),
        PublishStatus::Publishing,
        Some("sending"),
    )
    .await?;
    // The post shows `publishing` while any of its targets is on its way out.
    status::refresh_post(&txn, &svc, post, Some("sending")).await?;
    txn.commit().await?;

    let endpoint = Endpoint {
        http: &state.http,
        api_base: &base,
        timeout: std::time::Duration::from_secs(state.config.publishing.request_timeout_secs),
    };
    let mut sent = platforms::publish(&endpoint, &outgoing).await;
    if matches!(sent, Sent::Unknown { .. })
        && let Lookup::Found { remote_id, url } = platforms::lookup(
            &endpoint,
            connection.platform,
            &connection.platform_account_id,
            &outgoing.text,
            &outgoing.token,
        )
        .await
    {
        sent = Sent::Published { remote_id, url };
    }
    finish(state, worker, target, Some(attempt), sent, Some(connection)).await
}

/// The shared jittered backoff, or longer where the platform asked for it (`Retry-After`).
fn backoff(state: &AppState, attempts: i32, retry_after: Option<std::time::Duration>) -> Duration {
    let config = &state.config.publishing;
    let jittered = crate::queue::backoff::delay(config.backoff_base_secs, config.backoff_cap_secs, attempts);
    let wanted = retry_after.and_then(|d| i64::try_from(d.as_secs()).ok()).map_or(Duration::zero(), Duration::seconds);
    jittered.max(wanted)
}

async fn finish(
    state: &AppState,
    worker: &str,
    target: post_targets::Model,
    attempt: Option<publish_attempts::Model>,
    sent: Sent,
    connection: Option<connections::Model>,
) -> anyhow::Result<PublishStatus> {
    let svc = Svc::system(state);
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    // The post first: its targets finishing at once must take turns, or each would see the
    // other still publishing and the post would never leave `publishing`.
    let Some(post) = posts::Entity::find_by_id(target.post_id).lock_exclusive().one(&txn).await? else {
        return Ok(PublishStatus::Cancelled);
    };
    // Another worker may have taken the target over if this one overran its lease.
    let Some(current) = post_targets::Entity::find_by_id(target.id).lock_exclusive().one(&txn).await? else {
        return Ok(PublishStatus::Cancelled);
    };
    if current.lease_owner.as_deref() != Some(worker) || current.status != PublishStatus::Publishing {
        tracing::warn!(target_id = %target.id, "lost the lease before finishing; leaving the target to its new owner");
        return Ok(current.status);
    }
    let max_attempts = state.config.publishing.max_attempts;
    let (to, outcome, error) = match &sent {
        Sent::Published { .. } => (PublishStatus::Published, "success", None),
        Sent::Transient { error, .. } if current.attempts < max_attempts => {
            (PublishStatus::Scheduled, "transient", Some(error.clone()))
        }
        Sent::Transient { error, .. } => {
            (PublishStatus::Failed, "transient", Some(format!("gave up after {max_attempts} attempts: {error}")))
        }
        Sent::Permanent { error } => (PublishStatus::Failed, "permanent", Some(error.clone())),
        Sent::Unauthorized => {
            (PublishStatus::Failed, "permanent", Some("the platform rejected the account's token; reconnect it".into()))
        }
        Sent::Unknown { error } => (
            PublishStatus::Unconfirmed,
            "unknown",
            Some(format!("{error}; check the platform, then retry or mark it published")),
        ),
    };
    if let Some(attempt) = attempt {
        let mut active = attempt.into_active_model();
        active.finished_at = Set(Some(now));
        active.outcome = Set(Some(outcome.to_owned()));
        active.error = Set(error.clone());
        if let Sent::Published { remote_id, url } = &sent {
            active.remote_id = Set(Some(remote_id.clone()));
            active.remote_url = Set(url.clone());
        }
        active.update(&txn).await?;
    }
    let retry_at = match &sent {
        Sent::Transient { retry_after, .. } if to == PublishStatus::Scheduled => {
            Some(now + backoff(state, current.attempts, *retry_after))
        }
        // The reconcile job asks the platform again once a new post has had time to show.
        Sent::Unknown { .. } if platforms::can_look_up(current.platform) => {
            Some(now + Duration::seconds(state.config.publishing.reconcile_after_secs))
        }
        _ => None,
    };
    let updated = status::set_target(&txn, &svc, &post, current, to, error.as_deref(), |a| {
        a.lease_until = Set(None);
        a.lease_owner = Set(None);
        a.last_error = Set(error.clone());
        a.next_attempt_at = Set(retry_at);
        if let Sent::Published { remote_id, url } = &sent {
            a.remote_id = Set(Some(remote_id.clone()));
            a.remote_url = Set(url.clone());
            a.published_at = Set(Some(now));
        }
    })
    .await?;
    if let (Sent::Unauthorized, Some(connection)) = (&sent, connection) {
        mark_needs_reauth(&txn, &svc, connection, "token_rejected", Actor::System).await?;
    }
    if to == PublishStatus::Published {
        crate::service::pull_schedule::start(&txn, &updated, now).await?;
    }
    let post = status::refresh_post(&txn, &svc, post, Some(outcome)).await?;
    txn.commit().await?;
    if post.status == PublishStatus::Published {
        crate::service::media_purge::post_media(state, post.id, now).await?;
    }
    Ok(to)
}

/// A target a crashed worker left behind: decide from the attempt record, or the platform,
/// whether it went out, and never send it blind.
async fn recover(state: &AppState, worker: &str, target: post_targets::Model) -> anyhow::Result<PublishStatus> {
    let last = publish_attempts::Entity::find()
        .filter(publish_attempts::Column::TargetId.eq(target.id))
        .order_by_desc(publish_attempts::Column::StartedAt)
        .one(&state.db)
        .await?;
    let in_flight = match last {
        None => return reschedule(state, worker, target, "recovered: nothing had been sent").await,
        Some(a) if a.outcome.as_deref() == Some("success") => {
            let remote_id = a.remote_id.clone().unwrap_or_default();
            return finish(state, worker, target, None, Sent::Published { remote_id, url: a.remote_url.clone() }, None)
                .await;
        }
        Some(a) if a.outcome.is_some() => return reschedule(state, worker, target, "recovered").await,
        Some(a) => a,
    };
    let Some(post) = posts::Entity::find_by_id(target.post_id).one(&state.db).await? else {
        return Ok(PublishStatus::Cancelled);
    };
    match ask_platform(state, &post, &target).await {
        Lookup::Found { remote_id, url } => {
            finish(state, worker, target, Some(in_flight), Sent::Published { remote_id, url }, None).await
        }
        Lookup::NotFound => {
            let mut active = in_flight.into_active_model();
            active.finished_at = Set(Some(state.clock.now()));
            active.outcome = Set(Some("lost".into()));
            active.update(&state.db).await?;
            reschedule(state, worker, target, "recovered: the platform confirms it did not go out").await
        }
        Lookup::Unsupported | Lookup::Failed => {
            let error = "a worker stopped while sending; the platform cannot tell us whether it went out".to_owned();
            finish(state, worker, target, Some(in_flight), Sent::Unknown { error }, None).await
        }
    }
}

/// Asks the platform whether the target's post is already out.
pub(super) async fn ask_platform(state: &AppState, post: &posts::Model, target: &post_targets::Model) -> Lookup {
    match prepare(state, post, target).await {
        Ok(Prepared::Ready(ready)) => match api_base(state, ready.1.platform) {
            Some(base) => {
                let (outgoing, connection) = *ready;
                let endpoint = Endpoint {
                    http: &state.http,
                    api_base: &base,
                    timeout: std::time::Duration::from_secs(state.config.publishing.request_timeout_secs),
                };
                platforms::lookup(
                    &endpoint,
                    connection.platform,
                    &connection.platform_account_id,
                    &outgoing.text,
                    &outgoing.token,
                )
                .await
            }
            None => Lookup::Unsupported,
        },
        Ok(Prepared::Refused(_)) => Lookup::Unsupported,
        // Without a token or the text the platform cannot be asked.
        Err(err) => {
            tracing::warn!(target_id = %target.id, error = %err, "could not prepare a lookup on the platform");
            Lookup::Failed
        }
    }
}

async fn reschedule(
    state: &AppState,
    worker: &str,
    target: post_targets::Model,
    reason: &str,
) -> anyhow::Result<PublishStatus> {
    let svc = Svc::system(state);
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let Some(post) = posts::Entity::find_by_id(target.post_id).lock_exclusive().one(&txn).await? else {
        return Ok(PublishStatus::Cancelled);
    };
    let Some(current) = post_targets::Entity::find_by_id(target.id).lock_exclusive().one(&txn).await? else {
        return Ok(PublishStatus::Cancelled);
    };
    if current.lease_owner.as_deref() != Some(worker) {
        return Ok(current.status);
    }
    status::set_target(&txn, &svc, &post, current, PublishStatus::Scheduled, Some(reason), |a| {
        a.lease_until = Set(None);
        a.lease_owner = Set(None);
        a.next_attempt_at = Set(Some(now));
    })
    .await?;
    status::refresh_post(&txn, &svc, post, Some("recovered")).await?;
    txn.commit().await?;
    Ok(PublishStatus::Scheduled)
}
