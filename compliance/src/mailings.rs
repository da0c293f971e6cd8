//! Optional email that depends on a person's choices: analytics milestone alerts and
//! product-update marketing. Each is queued only while [`consent::allows`] says so at the
//! moment of queuing; the refusal is the normal outcome for someone who said no.
//!
//! [`consent::allows`]: crate::consent::allows

use crate::{
    Clock, Result,
    config::Purpose,
    consent,
    outbox::{self, NewEmail},
};
use uuid::Uuid;

pub const MILESTONE_ALERTS: &str = "milestone_alerts";
pub const PRODUCT_UPDATES: &str = "product_updates";

/// The text of one message to one person.
#[derive(Debug, Clone)]
pub struct Message {
    pub to_address: String,
    pub subject: String,
    pub body: String,
}

/// What happened to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queued {
    Queued(Uuid),
    /// The person does not allow the purpose; nothing was queued.
    NotAllowed,
}

/// Queues `email` to `user_id` if they allow `purpose` now.
pub async fn queue_for_purpose<C: sea_orm::ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    purposes: &[Purpose],
    purpose: &str,
    user_id: Uuid,
    email: NewEmail,
) -> Result<Queued> {
    if !consent::allows(db, purposes, user_id, purpose, clock.now()).await? {
        return Ok(Queued::NotAllowed);
    }
    let email = NewEmail { user_id: Some(user_id), ..email };
    Ok(Queued::Queued(outbox::enqueue(db, clock, email).await?))
}

/// A post reached a milestone; the analytics pull calls this.
pub async fn milestone_alert<C: sea_orm::ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    purposes: &[Purpose],
    user_id: Uuid,
    message: Message,
) -> Result<Queued> {
    let email = NewEmail {
        user_id: Some(user_id),
        to_address: message.to_address,
        kind: "analytics.milestone",
        subject: message.subject,
        body: message.body,
    };
    queue_for_purpose(db, clock, purposes, MILESTONE_ALERTS, user_id, email).await
}

/// A product-update (marketing) message to one person.
pub async fn product_update<C: sea_orm::ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    purposes: &[Purpose],
    user_id: Uuid,
    message: Message,
) -> Result<Queued> {
    let email = NewEmail {
        user_id: Some(user_id),
        to_address: message.to_address,
        kind: "marketing.product_update",
        subject: message.subject,
        body: message.body,
    };
    queue_for_purpose(db, clock, purposes, PRODUCT_UPDATES, user_id, email).await
}

/// How a broadcast went.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Broadcast {
    pub queued: u64,
    /// Accounts that do not allow product updates: nothing was queued for them.
    pub not_allowed: u64,
}

/// A product update to every active account that allows it, read a page at a time.
pub async fn product_update_to_all<C: sea_orm::ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    purposes: &[Purpose],
    subject: &str,
    body: &str,
) -> Result<Broadcast> {
    const PAGE: u64 = 500;
    let mut sent = Broadcast::default();
    let mut after: Option<Uuid> = None;
    loop {
        let recipients = crate::policy::recipients_after(db, after, PAGE).await?;
        let Some(last) = recipients.last().map(|r| r.0) else { break };
        after = Some(last);
        for (user_id, to_address, _) in recipients {
            let message = Message { to_address, subject: subject.to_owned(), body: body.to_owned() };
            match product_update(db, clock, purposes, user_id, message).await? {
                Queued::Queued(_) => sent.queued += 1,
                Queued::NotAllowed => sent.not_allowed += 1,
            }
        }
    }
    Ok(sent)
}
