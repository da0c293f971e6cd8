//! Background jobs. The scheduler only says *when*; every job claims its rows in the
//! database with a lease, so any number of replicas can run it without doing work twice.
//! Tests call the job functions directly after moving the clock.

pub mod backoff;
pub mod housekeeping;
pub mod lease;

use crate::{
    analytics,
    config::Mode,
    mail, publishing,
    service::{connections::refresh, webhooks},
    state::AppState,
};
use std::{future::Future, pin::Pin, time::Duration};
use tokio_cron_scheduler::{Job, JobScheduler};

type JobFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

fn every<F, Fut>(seconds: u64, state: &AppState, name: &'static str, run: F) -> anyhow::Result<Job>
where
    F: Fn(AppState) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = anyhow::Result<serde_json::Value>> + Send + 'static,
{
    let state = state.clone();
    Ok(Job::new_repeated_async(Duration::from_secs(seconds.max(1)), move |_, _| -> JobFuture {
        let state = state.clone();
        let run = run.clone();
        Box::pin(async move {
            match run(state).await {
                Ok(report) => tracing::info!(job = name, %report, "job run finished"),
                Err(err) => tracing::error!(job = name, error = %err, "job run failed"),
            }
        })
    })?)
}

/// A name for this process's worker, recorded on every lease and attempt it takes.
pub fn worker_id() -> String {
    format!("worker-{}-{}", std::process::id(), hex::encode(rand::random::<[u8; 4]>()))
}

/// Sends batches until nothing is due, so a backlog drains within one tick.
pub async fn publish_until_idle(state: &AppState, worker: &str) -> anyhow::Result<publishing::DispatchReport> {
    let mut total = publishing::DispatchReport::default();
    loop {
        let round = publishing::run_once(state, worker).await?;
        let done = round.claimed == 0;
        total.claimed += round.claimed;
        total.published += round.published;
        total.retrying += round.retrying;
        total.failed += round.failed;
        total.unconfirmed += round.unconfirmed;
        total.recovered += round.recovered;
        total.errors += round.errors;
        if done {
            return Ok(total);
        }
    }
}

/// Starts every job; the returned scheduler stops them when shut down.
pub async fn start(state: &AppState) -> anyhow::Result<JobScheduler> {
    let config = &state.config.jobs;
    let scheduler = JobScheduler::new().await?;
    scheduler
        .add(every(config.token_refresh_every_secs, state, "token_refresh", |s| async move {
            Ok(serde_json::to_value(refresh::run(&s).await?)?)
        })?)
        .await?;
    scheduler
        .add(every(
            3600,
            state,
            "housekeeping",
            |s| async move { Ok(serde_json::to_value(housekeeping::run(&s).await?)?) },
        )?)
        .await?;
    if state.config.mode == Mode::Production && state.config.mail.smtp.is_none() {
        tracing::warn!("mail.smtp is not set: mail is written to files under the data folder and reaches nobody");
    }
    scheduler
        .add(every(config.outbox_every_secs, state, "outbox", |s| async move {
            Ok(serde_json::to_value(mail::run(&s).await?)?)
        })?)
        .await?;
    scheduler
        .add(every(config.webhooks_every_secs, state, "webhooks", |s| async move {
            Ok(serde_json::to_value(webhooks::run(&s).await?)?)
        })?)
        .await?;
    scheduler
        .add(every(config.analytics_every_secs, state, "analytics", |s| async move {
            Ok(serde_json::to_value(analytics::run(&s).await?)?)
        })?)
        .await?;
    let worker = worker_id();
    scheduler
        .add(every(config.publish_every_secs, state, "publish", move |s| {
            let worker = worker.clone();
            async move {
                let dispatch = publish_until_idle(&s, &worker).await?;
                let reconcile = publishing::reconcile::run(&s).await?;
                Ok(serde_json::json!({ "dispatch": dispatch, "reconcile": reconcile }))
            }
        })?)
        .await?;
    scheduler.start().await?;
    Ok(scheduler)
}
