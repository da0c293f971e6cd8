//! The one drain loop: claim a batch of due rows, work through it with bounded
//! concurrency, and go on until a batch comes back short. Mail and webhook deliveries
//! both run through it; what a row's send and its bookkeeping are stays with them.

use super::lease::{Leased, claim_due};
use chrono::{DateTime, Duration, Utc};
use futures::{StreamExt, future::BoxFuture};
use sea_orm::{DatabaseConnection, FromQueryResult};

/// What became of one claimed row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Sent (mail) or delivered (webhook).
    Done,
    /// Failed this time; due again after a backoff.
    Retrying,
    /// Given up on: refused for good, or out of attempts.
    Failed,
    /// Taken over by another run while this one was still sending (its lease ran out).
    Superseded,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub claimed: u64,
    pub done: u64,
    pub retrying: u64,
    pub failed: u64,
    pub superseded: u64,
}

impl Tally {
    fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Done => self.done += 1,
            Outcome::Retrying => self.retrying += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Superseded => self.superseded += 1,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct DrainSettings {
    pub lease: Duration,
    pub batch_size: u64,
    pub concurrency: usize,
}

/// Drains every due row of `E`, calling `work` once per claimed row. An error from `work`
/// (the database, not the receiver) ends the run; the rows it held fall due again when
/// their lease runs out.
pub async fn drain<'a, E, Err, F>(
    db: &DatabaseConnection,
    now: impl Fn() -> DateTime<Utc>,
    settings: DrainSettings,
    work: F,
) -> Result<Tally, Err>
where
    E: Leased,
    E::Model: FromQueryResult + Send + Sync,
    Err: From<sea_orm::DbErr>,
    F: Fn(E::Model) -> BoxFuture<'a, Result<Outcome, Err>>,
{
    let mut tally = Tally::default();
    loop {
        let claimed = claim_due::<E>(db, now(), settings.lease, settings.batch_size).await?;
        let count = claimed.len() as u64;
        tally.claimed += count;
        let outcomes: Vec<Result<Outcome, Err>> =
            futures::stream::iter(claimed).map(&work).buffer_unordered(settings.concurrency.max(1)).collect().await;
        for outcome in outcomes {
            tally.count(outcome?);
        }
        if count < settings.batch_size {
            return Ok(tally);
        }
    }
}
