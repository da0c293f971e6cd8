//! Background jobs. The scheduler only says *when*; every job claims its rows in the
//! database with a lease, so any number of replicas can run it without doing work twice.
//! Tests call the job functions directly after moving the clock.

pub mod housekeeping;

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

fn every<S, F, Fut>(seconds: u64, state: &S, name: &'static str, run: F) -> anyhow::Result<Job>
where
    S: Clone + Send + Sync + 'static,
    F: Fn(S) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = anyhow::Result<serde_json::Value>> + Send + 'static,
{
    let state = state.clone();
    // The scheduler starts a tick even while the last one still runs; a run that overlaps
    // its predecessor would double the job's concurrency (per-platform limits included), so
    // a tick that finds the job busy is skipped.
    let busy = std::sync::Arc::new(tokio::sync::Mutex::new(()));
    Ok(Job::new_repeated_async(Duration::from_secs(seconds.max(1)), move |_, _| -> JobFuture {
        let state = state.clone();
        let run = run.clone();
        let busy = busy.clone();
        Box::pin(async move {
            let Ok(_running) = busy.try_lock() else {
                tracing::debug!(job = name, "the previous run is still going; skipping this tick");
                return;
            };
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

#[cfg(test)]
mod tests {
    use std::sync::{
        Arc,
        atomic::{AtomicU32, Ordering},
    };

    #[tokio::test]
    async fn a_tick_is_skipped_while_the_last_run_is_still_going() {
        let started = Arc::new(AtomicU32::new(0));
        let scheduler = tokio_cron_scheduler::JobScheduler::new().await.expect("scheduler");
        let job = super::every(1, &started, "slow", |started: Arc<AtomicU32>| async move {
            started.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            Ok(serde_json::Value::Null)
        })
        .expect("job");
        scheduler.add(job).await.expect("added");
        scheduler.start().await.expect("started");
        // Ticks about every second; the first run outlasts the test.
        tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
        assert_eq!(started.load(Ordering::SeqCst), 1, "overlapping ticks were skipped");
        let mut scheduler = scheduler;
        scheduler.shutdown().await.expect("stopped");
    }
}
