//! Product-update email, sent by an admin to everyone who said yes to it, and to no one else.

use super::{Svc, validate};
use crate::{auth::SessionUser, error::Result};
use compliance::{audit::AuditEvent, db::begin_write, mailings};
use serde_json::json;

const SUBJECT_MAX: usize = 200;
const BODY_MAX: usize = 20_000;

/// Queues the message for every account that allows `product_updates` now, in one
/// transaction with its audit entry (counts only; the text is ours, not personal).
pub async fn send_product_update(
    svc: &Svc<'_>,
    admin: &SessionUser,
    subject: &str,
    body: &str,
) -> Result<mailings::Broadcast> {
    let subject = validate::name("subject", subject, SUBJECT_MAX)?;
    let body = validate::text("body", body, BODY_MAX)?;
    let state = svc.state;
    let txn = begin_write(&state.db).await?;
    let sent =
        mailings::product_update_to_all(&txn, state.clock.as_ref(), &state.config.compliance.purposes, &subject, &body)
            .await?;
    svc.audit(
        &txn,
        AuditEvent::new(admin.actor(), "marketing.product_update.sent")
            .detail(json!({ "queued": sent.queued, "not_allowed": sent.not_allowed })),
    )
    .await?;
    txn.commit().await?;
    Ok(sent)
}
