//! Background jobs. The scheduler only says *when*; every job claims its rows in the
//! database with a lease, so any number of replicas can run it without doing work twice.
//! Tests call the job functions directly after moving the clock.

pub mod housekeeping;

use crate::{service::connections::refresh, state::AppState};
use std::{future::Future, pin::Pin, time::Duration};
use tokio_cron_scheduler::{Job, JobScheduler};

type JobFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

fn every<F, Fut>(seconds: u64, state: &AppState, name: &'static str, run: F) -> anyhow::Result<Job>
where
    F: Fn(AppState) -> Fut + Send + Sync + Copy + 'static,
    Fut: Future<Output = anyhow::Result<serde_json::Value>> + Send + 'static,
{
    let state = state.clone();
    Ok(Job::new_repeated_async(Duration::from_secs(seconds.max(1)), move |_, _| -> JobFuture {
        let state = state.clone();
        Box::pin(async move {
            match run(state).await {
                Ok(report) => tracing::info!(job = name, %report, "job run finished"),
                Err(err) => tracing::error!(job = name, error = %err, "job run failed"),
            }
        })
    })?)
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
    scheduler.start().await?;
    Ok(scheduler)
}
