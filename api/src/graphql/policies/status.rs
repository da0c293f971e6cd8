use super::PolicyVersion;
use crate::service::policies::Status;
use async_graphql::Object;
use chrono::{DateTime, Utc};

/// Where you stand with the privacy policy.
pub struct PolicyStatus(pub Status);

#[Object]
impl PolicyStatus {
    /// The version in force now; null before any is published.
    async fn in_force(&self) -> Option<PolicyVersion> {
        self.0.in_force.clone().map(PolicyVersion)
    }

    /// Whether you have acknowledged the version in force.
    async fn acknowledged(&self) -> bool {
        self.0.in_force_acknowledged_at.is_some()
    }

    async fn acknowledged_at(&self) -> Option<DateTime<Utc>> {
        self.0.in_force_acknowledged_at
    }

    /// The next version, published but not yet in force.
    async fn upcoming(&self) -> Option<PolicyVersion> {
        self.0.upcoming.clone().map(PolicyVersion)
    }

    async fn upcoming_acknowledged(&self) -> bool {
        self.0.upcoming_acknowledged_at.is_some()
    }
}
