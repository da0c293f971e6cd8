//! Turning an outbox row into an RFC 5322 message.

use chrono::{DateTime, Utc};
use entity::outbox_emails;
use lettre::{
    Message,
    message::{Mailbox, header::ContentType},
};

/// Why a row cannot become a message at all; retrying would not help.
#[derive(Debug, thiserror::Error)]
pub enum Unsendable {
    #[error("the recipient address is not valid")]
    Recipient,
    #[error("the message could not be built")]
    Build,
}

/// The message for `row`. Its `Message-ID` comes from the row's id, so a message sent twice
/// (the outbox is at-least-once) carries the same id both times and mail clients can fold
/// the copies.
pub fn build(from: &Mailbox, row: &outbox_emails::Model, date: DateTime<Utc>) -> Result<Message, Unsendable> {
    let to: Mailbox = row.to_address.parse().map_err(|_| Unsendable::Recipient)?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(row.subject.clone())
        .message_id(Some(format!("<{}@{}>", row.id, from.email.domain())))
        .date(date.into())
        .header(ContentType::TEXT_PLAIN)
        .body(row.body.clone())
        .map_err(|_| Unsendable::Build)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn row(to: &str) -> outbox_emails::Model {
        let now = Utc::now();
        outbox_emails::Model {
            id: Uuid::now_v7(),
            user_id: None,
            to_address: to.into(),
            kind: "policy.notice".into(),
            subject: "Our privacy policy changes".into(),
            body: "Version 2 takes effect on 1 January.".into(),
            status: "pending".into(),
            attempts: 1,
            next_attempt_at: now,
            lease_until: None,
            created_at: now,
            sent_at: None,
            last_error: None,
        }
    }

    #[test]
    fn a_row_becomes_a_plain_text_message_with_a_stable_id() {
        let from: Mailbox = "Postwarden <no-reply@example.com>".parse().expect("from");
        let row = row("ada@example.org");
        let text = String::from_utf8(build(&from, &row, Utc::now()).expect("built").formatted()).expect("utf-8");
        assert!(text.contains("To: ada@example.org\r\n"), "{text}");
        assert!(text.contains("Subject: Our privacy policy changes\r\n"), "{text}");
        assert!(text.contains(&format!("Message-ID: <{}@example.com>\r\n", row.id)), "{text}");
        assert!(text.contains("Content-Type: text/plain; charset=utf-8\r\n"), "{text}");
        assert!(text.contains("Version 2 takes effect on 1 January."), "{text}");
    }

    #[test]
    fn a_malformed_recipient_is_unsendable() {
        let from: Mailbox = "no-reply@example.com".parse().expect("from");
        assert!(matches!(build(&from, &row("not an address"), Utc::now()), Err(Unsendable::Recipient)));
    }
}
