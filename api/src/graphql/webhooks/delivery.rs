use super::WebhookEvent;
use crate::graphql::scalars::DateTime;
use crate::service::webhooks::{DELIVERED, FAILED};
use async_graphql::{Enum, Object};
use entity::webhook_deliveries;

/// Where a delivery stands.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookDeliveryStatus {
    /// Waiting for its first try or a retry (or being sent right now).
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Given up on: out of attempts, or undeliverable.
    Failed,
}

/// One event sent (or being sent) to a webhook.
pub struct WebhookDelivery(pub webhook_deliveries::Model);

/// One event sent (or being sent) to a webhook.
#[Object]
impl WebhookDelivery {
    /// The `Postwarden-Delivery` header and the payload's `id`; the same on every retry, so
    /// a receiver can recognise a repeat.
    async fn delivery_id(&self) -> String {
        self.0.id.to_string()
    }

    /// The event sent; unknown names (from a newer version) come back null.
    async fn event(&self) -> Option<WebhookEvent> {
        WebhookEvent::parse(&self.0.event)
    }

    /// Where the delivery stands.
    async fn status(&self) -> WebhookDeliveryStatus {
        match self.0.status.as_str() {
            DELIVERED => WebhookDeliveryStatus::Delivered,
            FAILED => WebhookDeliveryStatus::Failed,
            _ => WebhookDeliveryStatus::Pending,
        }
    }

    /// Tries so far.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }

    /// The HTTP status of the last answer, if one came.
    async fn response_status(&self) -> Option<i32> {
        self.0.response_status
    }

    /// What went wrong last time, in our words.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }

    /// The JSON body exactly as signed and sent.
    async fn payload(&self) -> &str {
        &self.0.payload
    }

    /// When the event was queued.
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }

    /// When the next try is due, while pending.
    async fn next_attempt_at(&self) -> Option<DateTime> {
        (self.0.status != DELIVERED && self.0.status != FAILED).then_some(self.0.next_attempt_at.into())
    }

    /// When the receiver answered 2xx.
    async fn delivered_at(&self) -> Option<DateTime> {
        self.0.delivered_at.map(Into::into)
    }
}
