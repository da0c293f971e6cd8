use super::PolicyVersion;
use crate::{graphql::scalars::DateTime, service::policies::Status};
use async_graphql::Object;

/// Where you stand with the privacy policy.
pub struct PolicyStatus(pub Status);

/// Where you stand with the privacy policy.
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

    /// When you acknowledged the version in force; null if you have not.
    async fn acknowledged_at(&self) -> Option<DateTime> {
        self.0.in_force_acknowledged_at.map(Into::into)
    }

    /// The next version, published but not yet in force.
    async fn upcoming(&self) -> Option<PolicyVersion> {
        self.0.upcoming.clone().map(PolicyVersion)
    }

    /// Whether you have acknowledged the upcoming version.
    async fn upcoming_acknowledged(&self) -> bool {
        self.0.upcoming_acknowledged_at.is_some()
    }
}
