//! The transactional email outbox. Anything that must tell a person something queues a
//! row here inside the transaction that decided it, so the message is never lost and never
//! sent for a change that rolled back; a sender job delivers it later.

use crate::{Clock, Result};
use entity::outbox_emails;
use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel};
use uuid::Uuid;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone)]
pub struct NewEmail {
    pub user_id: Option<Uuid>,
    pub to_address: String,
    /// A stable name for the kind of message, e.g. `policy.notice`.
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
}

fn row(email: NewEmail, now: chrono::DateTime<chrono::Utc>) -> outbox_emails::Model {
    outbox_emails::Model {
        id: Uuid::now_v7(),
        user_id: email.user_id,
        to_address: email.to_address,
        kind: email.kind.to_owned(),
        subject: email.subject,
        body: email.body,
        status: PENDING.to_owned(),
        attempts: 0,
        next_attempt_at: now,
        lease_until: None,
        created_at: now,
        sent_at: None,
        last_error: None,
    }
}

pub async fn enqueue<C: ConnectionTrait>(db: &C, clock: &dyn Clock, email: NewEmail) -> Result<Uuid> {
    let row = row(email, clock.now());
    let id = row.id;
    outbox_emails::Entity::insert(row.into_active_model()).exec_without_returning(db).await?;
    Ok(id)
}

/// Queues many messages in one statement; returns how many.
pub async fn enqueue_many<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    emails: impl IntoIterator<Item = NewEmail>,
) -> Result<u64> {
    let now = clock.now();
    let rows: Vec<_> = emails.into_iter().map(|email| row(email, now).into_active_model()).collect();
    if rows.is_empty() {
        return Ok(0);
    }
    let count = rows.len() as u64;
    outbox_emails::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(count)
}
