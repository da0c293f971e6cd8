use crate::graphql::{
    enums::DeadlineStatus,
    scalars::{BigInt, DateTime},
};
use async_graphql::Object;
use chrono::Utc;

/// When one authority must be told, and whether it was.
pub struct AuthorityDeadline {
    pub deadline: compliance::breach::AuthorityDeadline,
    pub now: chrono::DateTime<Utc>,
}

/// When one authority must be told, and whether it was.
#[Object]
impl AuthorityDeadline {
    /// A jurisdiction id such as `eu`.
    async fn jurisdiction(&self) -> &str {
        &self.deadline.jurisdiction.id
    }

    /// The rule, e.g. `GDPR Art. 33`.
    async fn rule(&self) -> &str {
        &self.deadline.jurisdiction.name
    }

    /// The supervisory authority to notify.
    async fn authority(&self) -> &str {
        &self.deadline.jurisdiction.authority
    }

    /// When the notification is due.
    async fn due_at(&self) -> DateTime {
        self.deadline.due_at.into()
    }

    /// Where this deadline stands now.
    async fn status(&self) -> DeadlineStatus {
        self.deadline.status(self.now).into()
    }

    /// Seconds until the deadline, negative once passed; null when nothing is owed.
    async fn time_left_seconds(&self) -> Option<BigInt> {
        self.deadline.time_left(self.now).map(|d| d.num_seconds().into())
    }

    /// When the authority was notified; null until then.
    async fn notified_at(&self) -> Option<DateTime> {
        self.deadline.notified_at.map(Into::into)
    }

    /// The authority's case reference.
    async fn reference(&self) -> Option<&str> {
        self.deadline.reference.as_deref()
    }
}
