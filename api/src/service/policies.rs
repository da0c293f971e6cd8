//! Privacy-policy versions: published by a compliance officer, acknowledged by users.

use super::Svc;
use crate::{
    auth::{ComplianceOfficer, SessionUser},
    error::{Error, Result},
};
use chrono::{DateTime, Utc};
use compliance::{
    audit::AuditEvent,
    db::begin_write,
    policy::{self, NewPolicyVersion, Published},
};
use entity::{policy_acknowledgements, policy_versions};
use sea_orm::{EntityTrait, Select};
use serde_json::json;
use uuid::Uuid;

pub struct Draft {
    pub version: String,
    pub summary: String,
    pub url: String,
    pub material: bool,
    pub effective_at: DateTime<Utc>,
}

/// Publishes a version and queues its notice to every active account, in one transaction.
pub async fn publish(svc: &Svc<'_>, officer: &ComplianceOfficer, draft: Draft) -> Result<Published> {
    let txn = begin_write(&svc.state.db).await?;
    let published = policy::publish(
        &txn,
        svc.state.clock.as_ref(),
        svc.state.config.compliance.material_change_notice_days,
        NewPolicyVersion {
            version: draft.version,
            summary: draft.summary,
            url: draft.url,
            material: draft.material,
            effective_at: draft.effective_at,
            published_by: Some(officer.user_id()),
        },
    )
    .await?;
    svc.audit(
        &txn,
        AuditEvent::new(officer.actor(), "policy.published").object("policy_version", published.version.id).detail(
            json!({
                "material": published.version.material,
                "notices_queued": published.notices_queued,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(published)
}

/// Every published version, for anyone.
pub fn all() -> Select<policy_versions::Entity> {
    policy_versions::Entity::find()
}

pub async fn get(svc: &Svc<'_>, id: Uuid) -> Result<policy_versions::Model> {
    policy_versions::Entity::find_by_id(id).one(&svc.state.db).await?.ok_or_else(|| Error::not_found("policy version"))
}

pub async fn acknowledge(
    svc: &Svc<'_>,
    user: &SessionUser,
    policy_version_id: Uuid,
) -> Result<(policy_versions::Model, policy_acknowledgements::Model)> {
    let txn = begin_write(&svc.state.db).await?;
    let existing = policy::acknowledgement(&txn, user.user_id, policy_version_id).await?;
    let acknowledgement = policy::acknowledge(&txn, svc.state.clock.as_ref(), user.user_id, policy_version_id).await?;
    if existing.is_none() {
        svc.audit(
            &txn,
            AuditEvent::new(user.actor(), "policy.acknowledged")
                .subject(user.user_id)
                .object("policy_version", policy_version_id),
        )
        .await?;
    }
    txn.commit().await?;
    let version = get(svc, policy_version_id).await?;
    Ok((version, acknowledgement))
}

/// Where a person stands with the policy: the version in force, the next one, and what
/// they have acknowledged.
pub struct Status {
    pub in_force: Option<policy_versions::Model>,
    pub in_force_acknowledged_at: Option<DateTime<Utc>>,
    pub upcoming: Option<policy_versions::Model>,
    pub upcoming_acknowledged_at: Option<DateTime<Utc>>,
}

pub async fn status(svc: &Svc<'_>, user_id: Uuid) -> Result<Status> {
    let db = &svc.state.db;
    let now = svc.now();
    let in_force = policy::in_force(db, now).await?;
    let upcoming = policy::upcoming(db, now).await?;
    let acknowledged = |version: &Option<policy_versions::Model>| {
        let id = version.as_ref().map(|v| v.id);
        async move {
            match id {
                Some(id) => Ok::<_, Error>(policy::acknowledgement(db, user_id, id).await?.map(|a| a.acknowledged_at)),
                None => Ok(None),
            }
        }
    };
    Ok(Status {
        in_force_acknowledged_at: acknowledged(&in_force).await?,
        upcoming_acknowledged_at: acknowledged(&upcoming).await?,
        in_force,
        upcoming,
    })
}
