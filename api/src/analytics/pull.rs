//! The analytics job: pulls due targets' metrics, a few at a time per platform, backing off
//! a whole platform when it says to slow down. Pulls stop for anyone whose processing is
//! restricted or who objected, and for connections that need reconnecting.

use super::{
    ingest,
    platforms::{self, Pulled, Target},
};
use crate::{
    platforms::Endpoint,
    platforms::Provider,
    service::{
        Svc,
        connections::{ACCESS_TOKEN, mark_needs_reauth, platform_name},
    },
    state::AppState,
    vault::{self, Owner},
};
use chrono::{DateTime, Duration, Utc};
use compliance::{audit::Actor, db::begin_write};
use entity::{
    analytics_schedules, connections, post_targets, posts,
    sea_orm_active_enums::{ConnectionStatus, Platform, PublishStatus},
};
use futures::StreamExt;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, ExprTrait, IntoActiveModel, QueryFilter,
    Set,
    sea_query::{Expr, LockBehavior, LockType, Order, Query},
};
use std::{collections::HashMap, sync::Mutex};

/// When a rate-limited platform may be asked again; shared by one run's pulls of it.
type Pause = Mutex<Option<DateTime<Utc>>>;

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PullReport {
    pub pulled: u64,
    /// Skipped: the person restricted processing or objected.
    pub restricted: u64,
    pub rate_limited: u64,
    pub failed: u64,
    /// Skipped: the connection must be reconnected first.
    pub needs_reauth: u64,
    /// No longer pulled (too old, removed, unsupported, disconnected).
    pub stopped: u64,
}

enum Outcome {
    Pulled,
    Restricted,
    RateLimited,
    Failed,
    NeedsReauth,
    Stopped,
}

const LEASE_SECS: i64 = 300;

async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<analytics_schedules::Model>, DbErr> {
    let picked = Query::select()
        .column(analytics_schedules::Column::TargetId)
        .from(analytics_schedules::Entity)
        .and_where(analytics_schedules::Column::NextPullAt.lte(now))
        .and_where(
            analytics_schedules::Column::LeaseUntil.is_null().or(analytics_schedules::Column::LeaseUntil.lt(now)),
        )
        .order_by(analytics_schedules::Column::NextPullAt, Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let txn = begin_write(db).await?;
    let claimed = analytics_schedules::Entity::update_many()
        .col_expr(analytics_schedules::Column::LeaseUntil, Expr::value(now + Duration::seconds(LEASE_SECS)))
        .filter(analytics_schedules::Column::TargetId.in_subquery(picked))
        .exec_with_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(claimed)
}

pub async fn run(state: &AppState) -> anyhow::Result<PullReport> {
    let config = &state.config.analytics;
    let now = state.clock.now();
    let due = claim(&state.db, now, config.batch_size).await?;
    let ids: Vec<_> = due.iter().map(|s| s.target_id).collect();
    let targets: HashMap<_, _> = post_targets::Entity::find()
        .filter(post_targets::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let mut by_platform: HashMap<Option<Platform>, Vec<analytics_schedules::Model>> = HashMap::new();
    for s in due {
        by_platform.entry(targets.get(&s.target_id).map(|t| t.platform)).or_default().push(s);
    }
    let groups = by_platform.into_values().map(|group| {
        let targets = &targets;
        async move {
            // One platform's rate limit pauses only that platform.
            let paused = Pause::default();
            let paused = &paused;
            futures::stream::iter(group)
                    .map(|s| async move {
                        pull_one(state, s.clone(), targets.get(&s.target_id).cloned(), paused, now).await
                    })
                    .buffer_unordered(config.per_platform_concurrency.max(1))
                    .collect::<Vec<_>>()
                    .await
        }
    });
    let mut report = PullReport::default();
    for outcome in futures::future::join_all(groups).await.into_iter().flatten() {
        match outcome? {
            Outcome::Pulled => report.pulled += 1,
            Outcome::Restricted => report.restricted += 1,
            Outcome::RateLimited => report.rate_limited += 1,
            Outcome::Failed => report.failed += 1,
            Outcome::NeedsReauth => report.needs_reauth += 1,
            Outcome::Stopped => report.stopped += 1,
        }
    }
    Ok(report)
}

async fn stop(state: &AppState, s: &analytics_schedules::Model) -> anyhow::Result<Outcome> {
    analytics_schedules::Entity::delete_by_id(s.target_id).exec(&state.db).await?;
    Ok(Outcome::Stopped)
}

/// Moves every unleased pull of the platform that would come before `resume` to it, so
/// later runs (and other replicas) do not ask a platform that said to wait.
async fn pause_platform(
    db: &DatabaseConnection,
    platform: Platform,
    now: DateTime<Utc>,
    resume: DateTime<Utc>,
) -> Result<(), DbErr> {
    let on_platform = Query::select()
        .column(post_targets::Column::Id)
        .from(post_targets::Entity)
        .and_where(post_targets::Column::Platform.eq(platform))
        .to_owned();
    analytics_schedules::Entity::update_many()
        .col_expr(analytics_schedules::Column::NextPullAt, Expr::value(resume))
        .filter(analytics_schedules::Column::NextPullAt.lt(resume))
        .filter(analytics_schedules::Column::LeaseUntil.is_null().or(analytics_schedules::Column::LeaseUntil.lt(now)))
        .filter(analytics_schedules::Column::TargetId.in_subquery(on_platform))
        .exec(db)
        .await?;
    Ok(())
}

async fn postpone(
    state: &AppState,
    s: analytics_schedules::Model,
    until: DateTime<Utc>,
    error: Option<String>,
    outcome: Outcome,
) -> anyhow::Result<Outcome> {
    let failed = error.is_some();
    let failures = s.failures;
    let mut active = s.into_active_model();
    active.next_pull_at = Set(until);
    active.lease_until = Set(None);
    if failed {
        active.failures = Set(failures + 1);
        active.last_error = Set(error);
    }
    active.update(&state.db).await?;
    Ok(outcome)
}

async fn pull_one(
    state: &AppState,
    s: analytics_schedules::Model,
    target: Option<post_targets::Model>,
    paused: &Pause,
    now: DateTime<Utc>,
) -> anyhow::Result<Outcome> {
    let config = &state.config.analytics;
    let Some(target) = target else { return stop(state, &s).await };
    let (Some(remote_id), PublishStatus::Published, None) =
        (target.remote_id.clone(), target.status, target.removed_from_platform_at)
    else {
        return stop(state, &s).await;
    };
    let Some(regular) = crate::service::pull_schedule::next_pull(config, s.published_at, now) else {
        return stop(state, &s).await;
    };
    let resume = *paused.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(resume) = resume {
        let next = Ord::max(s.next_pull_at, resume);
        return postpone(state, s, next, None, Outcome::RateLimited).await;
    }
    let connection = match target.connection_id {
        Some(id) => connections::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    };
    let Some(connection) = connection else { return stop(state, &s).await };
    if connection.status != ConnectionStatus::Active {
        return postpone(state, s, now + Duration::days(1), None, Outcome::NeedsReauth).await;
    }
    let author = posts::Entity::find_by_id(target.post_id).one(&state.db).await?.and_then(|p| p.author_id);
    let subjects: Vec<_> = author.into_iter().chain(connection.connected_by).collect();
    if !compliance::restrictions::processing_allowed(&state.db, &subjects, now).await? {
        return postpone(state, s, regular, None, Outcome::Restricted).await;
    }
    let svc = Svc::system(state);
    let token = match vault::get(&state.db, &state.vault, Owner::Connection(connection.id), ACCESS_TOKEN).await {
        Ok(Some(token)) => token,
        _ => {
            let txn = begin_write(&state.db).await?;
            mark_needs_reauth(&txn, &svc, connection, "token_unreadable", Actor::System).await?;
            txn.commit().await?;
            return postpone(state, s, now + Duration::days(1), None, Outcome::NeedsReauth).await;
        }
    };
    let Some(provider) = Provider::resolve(connection.platform, &state.config.platforms) else {
        return postpone(state, s, regular, Some("the platform is not configured".into()), Outcome::Failed).await;
    };
    let endpoint = Endpoint {
        http: &state.http,
        api_base: &provider.api_base,
        timeout: std::time::Duration::from_secs(config.request_timeout_secs),
    };
    let pulled = platforms::fetch(
        &endpoint,
        &provider.analytics_base,
        &Target { platform: connection.platform, remote_id: &remote_id, published_at: s.published_at, token: &token },
        now,
    )
    .await;
    match pulled {
        Pulled::Metrics(metrics) => {
            let txn = begin_write(&state.db).await?;
            ingest::ingest(&txn, &svc, &target, &metrics, now).await?;
            let mut active = s.into_active_model();
            active.last_pulled_at = Set(Some(now));
            active.next_pull_at = Set(regular);
            active.lease_until = Set(None);
            active.failures = Set(0);
            active.last_error = Set(None);
            active.update(&txn).await?;
            txn.commit().await?;
            Ok(Outcome::Pulled)
        }
        Pulled::RateLimited(retry_after) => {
            let wait = retry_after
                .and_then(|d| Duration::from_std(d).ok())
                .unwrap_or(Duration::minutes(15))
                .max(Duration::minutes(1));
            let resume = now + wait;
            paused.lock().unwrap_or_else(|e| e.into_inner()).replace(resume);
            tracing::warn!(connection_id = %connection.id, platform = platform_name(connection.platform), "analytics rate limited");
            pause_platform(&state.db, connection.platform, now, resume).await?;
            postpone(state, s, resume, None, Outcome::RateLimited).await
        }
        Pulled::Unauthorized => {
            let txn = begin_write(&state.db).await?;
            mark_needs_reauth(&txn, &svc, connection, "token_rejected", Actor::System).await?;
            txn.commit().await?;
            postpone(state, s, now + Duration::days(1), None, Outcome::NeedsReauth).await
        }
        Pulled::Failed(error) => {
            tracing::warn!(connection_id = %connection.id, error = %error, "analytics pull failed");
            let backoff = Duration::hours(1 << s.failures.clamp(0, 4)).min(Duration::days(1));
            postpone(state, s, now + backoff, Some(error), Outcome::Failed).await
        }
        Pulled::Unsupported => stop(state, &s).await,
    }
}
