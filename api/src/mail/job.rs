//! The outbox sender job. Delivery is at-least-once: a row is marked `sent` only after the
//! server (or the folder) took the message, so a run that dies in between leaves the row
//! pending and, once its lease runs out, another run sends it again. A duplicate mail is
//! the price; a lost one is not acceptable. Copies share a `Message-ID`.

use super::{SendError, message, sender::Sender};
use crate::{
    queue::{DrainSettings, Outcome, backoff, drain},
    state::AppState,
};
use chrono::{DateTime, Duration, Utc};
use compliance::outbox::{FAILED, PENDING, SENT};
use entity::outbox_emails::{Column, Entity, Model};
use lettre::message::Mailbox;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutboxReport {
    pub claimed: u64,
    pub sent: u64,
    /// Failed this time; due again after a backoff.
    pub retrying: u64,
    /// Given up on: refused for good, or out of attempts.
    pub failed: u64,
    /// Taken over by another run while this one was still sending (its lease ran out).
    pub superseded: u64,
}

/// Sends every due message, batch after batch, until a batch comes back short.
pub async fn run(state: &AppState) -> anyhow::Result<OutboxReport> {
    let config = &state.config.mail;
    let sender = Sender::from_config(&state.config)?;
    let from: Mailbox = config.from.parse().map_err(|_| anyhow::anyhow!("mail.from is not a valid mailbox"))?;
    let settings = DrainSettings {
        lease: Duration::seconds(config.lease_secs),
        batch_size: config.batch_size,
        concurrency: config.concurrency,
    };
    let (sender, from) = (&sender, &from);
    let tally = drain::<Entity, anyhow::Error, _>(
        &state.db,
        || state.clock.now(),
        settings,
        |row| Box::pin(deliver(state, sender, from, row)),
    )
    .await?;
    Ok(OutboxReport {
        claimed: tally.claimed,
        sent: tally.done,
        retrying: tally.retrying,
        failed: tally.failed,
        superseded: tally.superseded,
    })
}

async fn deliver(state: &AppState, sender: &Sender, from: &Mailbox, row: Model) -> anyhow::Result<Outcome> {
    let result = match message::build(from, &row, state.clock.now()) {
        Ok(message) => sender.send(row.id, &message).await,
        Err(unsendable) => Err(SendError::Permanent(unsendable.to_string())),
    };
    finish(state, sender, &row, result).await
}

/// Records the outcome, unless another run has taken the row over meanwhile.
async fn finish(
    state: &AppState,
    sender: &Sender,
    row: &Model,
    result: Result<(), SendError>,
) -> anyhow::Result<Outcome> {
    let config = &state.config.mail;
    let now = state.clock.now();
    let no_time: Option<DateTime<Utc>> = None;
    let update = Entity::update_many()
        .col_expr(Column::LeaseUntil, Expr::value(no_time))
        .filter(Column::Id.eq(row.id))
        .filter(Column::Status.eq(PENDING))
        .filter(Column::Attempts.eq(row.attempts));
    let (update, outcome, error) = match result {
        Ok(()) => (
            update
                .col_expr(Column::Status, Expr::value(SENT))
                .col_expr(Column::SentAt, Expr::value(Some(now)))
                .col_expr(Column::LastError, Expr::value(Option::<String>::None)),
            Outcome::Done,
            None,
        ),
        Err(SendError::Transient(error)) if row.attempts < config.max_attempts => {
            let retry_at = now + backoff::delay(config.backoff_base_secs, config.backoff_cap_secs, row.attempts);
            (
                update
                    .col_expr(Column::NextAttemptAt, Expr::value(retry_at))
                    .col_expr(Column::LastError, Expr::value(Some(error.clone()))),
                Outcome::Retrying,
                Some(error),
            )
        }
        Err(SendError::Transient(error)) => {
            let error = format!("gave up after {} attempts: {error}", row.attempts);
            (
                update
                    .col_expr(Column::Status, Expr::value(FAILED))
                    .col_expr(Column::LastError, Expr::value(Some(error.clone()))),
                Outcome::Failed,
                Some(error),
            )
        }
        Err(SendError::Permanent(error)) => (
            update
                .col_expr(Column::Status, Expr::value(FAILED))
                .col_expr(Column::LastError, Expr::value(Some(error.clone()))),
            Outcome::Failed,
            Some(error),
        ),
    };
    if update.exec(&state.db).await?.rows_affected == 0 {
        tracing::warn!(email_id = %row.id, "lost the lease while sending; the run that took the mail over records it");
        return Ok(Outcome::Superseded);
    }
    // Ids, kinds and our own error words only: never the address, the subject or the body.
    match (outcome, error) {
        (Outcome::Done, _) => {
            tracing::info!(email_id = %row.id, kind = %row.kind, sender = sender.name(), attempt = row.attempts, "mail sent")
        }
        (outcome, error) => tracing::warn!(
            email_id = %row.id,
            kind = %row.kind,
            sender = sender.name(),
            attempt = row.attempts,
            gave_up = outcome == Outcome::Failed,
            error = error.as_deref().unwrap_or_default(),
            "mail not sent"
        ),
    }
    Ok(outcome)
}
