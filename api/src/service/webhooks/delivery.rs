//! The delivery job: POSTs each due delivery's stored payload, signed, to its webhook.
//!
//! Delivery is at-least-once. A delivery is marked `delivered` only after a 2xx answer, so a
//! run that dies in between leaves it pending, and once its lease runs out another run sends
//! it again; receivers deduplicate on `Postwarden-Delivery`, which stays the same across
//! retries. Anything but a 2xx is retried with exponential backoff and jitter until the
//! attempt limit, then the delivery is `failed`.

use super::{DELIVERED, FAILED, PENDING, SECRET_FIELD, guard, signature, target};
use crate::{
    queue::{DrainSettings, Outcome, backoff, drain},
    state::AppState,
    vault::{self, Owner},
};
use chrono::{DateTime, Duration, Utc};
use entity::{
    webhook_deliveries::{Column, Entity, Model},
    webhooks,
};
use reqwest::header::CONTENT_TYPE;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

pub const EVENT_HEADER: &str = "Postwarden-Event";
pub const DELIVERY_HEADER: &str = "Postwarden-Delivery";
pub const TIMESTAMP_HEADER: &str = "Postwarden-Timestamp";
pub const SIGNATURE_HEADER: &str = "Postwarden-Signature";

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WebhookReport {
    pub claimed: u64,
    pub delivered: u64,
    /// Failed this time; due again after a backoff.
    pub retrying: u64,
    /// Given up on: out of attempts, or undeliverable (webhook off, URL no longer allowed).
    pub failed: u64,
    /// Taken over by another run (or the webhook deleted) while this one was sending.
    pub superseded: u64,
}

/// What one try came to.
#[derive(Debug)]
enum Attempt {
    Delivered { status: u16 },
    Failed { status: Option<u16>, error: String, retry: bool },
}

impl Attempt {
    fn retry(status: Option<u16>, error: impl Into<String>) -> Self {
        Attempt::Failed { status, error: error.into(), retry: true }
    }

    fn give_up(error: impl Into<String>) -> Self {
        Attempt::Failed { status: None, error: error.into(), retry: false }
    }
}

/// Sends every due delivery, batch after batch, until a batch comes back short.
pub async fn run(state: &AppState) -> anyhow::Result<WebhookReport> {
    let config = &state.config.webhooks;
    let settings = DrainSettings {
        lease: Duration::seconds(config.lease_secs),
        batch_size: config.batch_size,
        concurrency: config.concurrency,
    };
    let tally = drain::<Entity, anyhow::Error, _>(
        &state.db,
        || state.clock.now(),
        settings,
        |row| {
            Box::pin(async move {
                let attempt = attempt(state, &row).await?;
                finish(state, &row, attempt).await
            })
        },
    )
    .await?;
    Ok(WebhookReport {
        claimed: tally.claimed,
        delivered: tally.done,
        retrying: tally.retrying,
        failed: tally.failed,
        superseded: tally.superseded,
    })
}

async fn attempt(state: &AppState, row: &Model) -> anyhow::Result<Attempt> {
    let Some(hook) = webhooks::Entity::find_by_id(row.webhook_id).one(&state.db).await? else {
        return Ok(Attempt::give_up("the webhook was deleted"));
    };
    if !hook.active {
        return Ok(Attempt::give_up("the webhook was turned off before this could be delivered"));
    }
    // Checked again at every send: the mode may have changed since the URL was saved.
    let url = match target::check(&hook.url, state.config.mode) {
        Ok(url) => url,
        Err(why) => return Ok(Attempt::give_up(format!("the webhook's URL {why}"))),
    };
    let secret = match vault::get(&state.db, &state.vault, Owner::Webhook(hook.id), SECRET_FIELD).await {
        Ok(Some(secret)) => secret,
        Ok(None) => return Ok(Attempt::give_up("the webhook has no signing secret; rotate it")),
        Err(_) => return Ok(Attempt::retry(None, "the signing secret could not be opened")),
    };
    let timestamp = state.clock.now().timestamp();
    let signed = signature::sign(&secret, timestamp, &row.payload)?;
    let sent = state
        .webhook_http
        .post(url)
        .header(CONTENT_TYPE, "application/json")
        .header(EVENT_HEADER, &row.event)
        .header(DELIVERY_HEADER, row.id.to_string())
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, signed)
        .body(row.payload.clone())
        .send()
        .await;
    Ok(match sent {
        Ok(response) if response.status().is_success() => Attempt::Delivered { status: response.status().as_u16() },
        Ok(response) if response.status().is_redirection() => Attempt::retry(
            Some(response.status().as_u16()),
            format!("the receiver answered {} (redirects are not followed)", response.status().as_u16()),
        ),
        Ok(response) => {
            let status = response.status().as_u16();
            Attempt::retry(Some(status), format!("the receiver answered {status}"))
        }
        Err(err) if guard::refused_inside(&err) => Attempt::retry(None, guard::InsideAddress.to_string()),
        Err(err) if err.is_timeout() => Attempt::retry(
            None,
            format!("the receiver did not answer within {} s", state.config.webhooks.request_timeout_secs),
        ),
        Err(err) if err.is_connect() => Attempt::retry(None, "could not connect to the receiver"),
        Err(_) => Attempt::retry(None, "the request to the receiver failed"),
    })
}

/// Records the outcome, unless another run has taken the delivery over meanwhile.
async fn finish(state: &AppState, row: &Model, attempt: Attempt) -> anyhow::Result<Outcome> {
    let config = &state.config.webhooks;
    let now = state.clock.now();
    let no_time: Option<DateTime<Utc>> = None;
    let update = Entity::update_many()
        .col_expr(Column::LeaseUntil, Expr::value(no_time))
        .filter(Column::Id.eq(row.id))
        .filter(Column::Status.eq(PENDING))
        .filter(Column::Attempts.eq(row.attempts));
    let (update, outcome) = match &attempt {
        Attempt::Delivered { status } => (
            update
                .col_expr(Column::Status, Expr::value(DELIVERED))
                .col_expr(Column::DeliveredAt, Expr::value(Some(now)))
                .col_expr(Column::ResponseStatus, Expr::value(Some(i32::from(*status))))
                .col_expr(Column::LastError, Expr::value(Option::<String>::None)),
            Outcome::Done,
        ),
        Attempt::Failed { status, error, retry: true } if row.attempts < config.max_attempts => (
            update
                .col_expr(
                    Column::NextAttemptAt,
                    Expr::value(now + backoff::delay(config.backoff_base_secs, config.backoff_cap_secs, row.attempts)),
                )
                .col_expr(Column::ResponseStatus, Expr::value(status.map(i32::from)))
                .col_expr(Column::LastError, Expr::value(Some(error.clone()))),
            Outcome::Retrying,
        ),
        Attempt::Failed { status, error, retry } => {
            let error =
                if *retry { format!("gave up after {} attempts: {error}", row.attempts) } else { error.clone() };
            (
                update
                    .col_expr(Column::Status, Expr::value(FAILED))
                    .col_expr(Column::ResponseStatus, Expr::value(status.map(i32::from)))
                    .col_expr(Column::LastError, Expr::value(Some(error))),
                Outcome::Failed,
            )
        }
    };
    if update.exec(&state.db).await?.rows_affected == 0 {
        tracing::warn!(delivery_id = %row.id, "lost the webhook delivery before recording it; its new holder records it");
        return Ok(Outcome::Superseded);
    }
    // Never the URL (it may carry a token of the receiver's) nor the secret.
    match attempt {
        Attempt::Delivered { status } => tracing::info!(
            delivery_id = %row.id, webhook_id = %row.webhook_id, event = %row.event, status, attempt = row.attempts,
            "webhook delivered"
        ),
        Attempt::Failed { status, error, .. } => tracing::warn!(
            delivery_id = %row.id, webhook_id = %row.webhook_id, event = %row.event, status, attempt = row.attempts,
            gave_up = outcome == Outcome::Failed, error = %error,
            "webhook not delivered"
        ),
    }
    Ok(outcome)
}
