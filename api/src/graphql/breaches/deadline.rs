use crate::graphql::enums::DeadlineStatus;
use async_graphql::Object;
use chrono::{DateTime, Utc};

/// When one authority must be told, and whether it was.
pub struct AuthorityDeadline {
    pub deadline: compliance::breach::AuthorityDeadline,
    pub now: DateTime<Utc>,
}

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

    async fn authority(&self) -> &str {
        &self.deadline.jurisdiction.authority
    }

    async fn due_at(&self) -> DateTime<Utc> {
        self.deadline.due_at
    }

    async fn status(&self) -> DeadlineStatus {
        self.deadline.status(self.now).into()
    }

    /// Seconds until the deadline, negative once passed; null when nothing is owed.
    async fn time_left_seconds(&self) -> Option<i64> {
        self.deadline.time_left(self.now).map(|d| d.num_seconds())
    }

    async fn notified_at(&self) -> Option<DateTime<Utc>> {
        self.deadline.notified_at
    }

    /// The authority's case reference.
    async fn reference(&self) -> Option<&str> {
        self.deadline.reference.as_deref()
    }
}
