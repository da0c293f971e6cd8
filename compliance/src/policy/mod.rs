//! Privacy-policy versions. A version is published once and never edited; which one is in
//! force at a moment is derived from the effective dates. A material change must give
//! people notice (30 days by default), and every publication queues a notice to every
//! active account through the outbox, in the publishing transaction.

mod acknowledge;
mod publish;

pub use acknowledge::{acknowledge, acknowledgement};
pub use publish::{NewPolicyVersion, Published, active_users, publish, recipients_after};

use crate::Result;
use chrono::{DateTime, Utc};
use entity::policy_versions;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The version in force at `at`: the latest effective date not after it; of two with the
/// same date, the later publication.
pub async fn in_force<C: ConnectionTrait>(db: &C, at: DateTime<Utc>) -> Result<Option<policy_versions::Model>> {
    Ok(policy_versions::Entity::find()
        .filter(policy_versions::Column::EffectiveAt.lte(at))
        .order_by_desc(policy_versions::Column::EffectiveAt)
        .order_by_desc(policy_versions::Column::PublishedAt)
        .order_by_desc(policy_versions::Column::Id)
        .one(db)
        .await?)
}

/// The next version to take effect after `at`, if one is published.
pub async fn upcoming<C: ConnectionTrait>(db: &C, at: DateTime<Utc>) -> Result<Option<policy_versions::Model>> {
    Ok(policy_versions::Entity::find()
        .filter(policy_versions::Column::EffectiveAt.gt(at))
        .order_by_asc(policy_versions::Column::EffectiveAt)
        .order_by_desc(policy_versions::Column::PublishedAt)
        .one(db)
        .await?)
}
