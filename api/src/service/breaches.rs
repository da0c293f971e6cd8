//! The breach register, for compliance officers. The rules (deadlines, who is told and
//! when) live in `compliance::breach`; this records who did what in the audit log.

use super::Svc;
use crate::{auth::ComplianceOfficer, error::Result};
use compliance::{
    audit::AuditEvent,
    breach::{self, Assessment, AuthorityNotification, NewBreach},
    db::begin_write,
};
use entity::{breach_events, breaches};
use sea_orm::{ActiveEnum, ColumnTrait, EntityTrait, QueryFilter, Select};
use serde_json::json;
use uuid::Uuid;

pub async fn record(svc: &Svc<'_>, officer: &ComplianceOfficer, new: NewBreach) -> Result<breaches::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let known = new.affected_users.len();
    let breach = breach::record(
        &txn,
        svc.state.clock.as_ref(),
        &svc.state.config.compliance.breach,
        NewBreach { recorded_by: Some(officer.user_id()), ..new },
    )
    .await?;
    svc.audit(
        &txn,
        AuditEvent::new(officer.actor(), "breach.recorded").object("breach", breach.id).detail(json!({
            "risk_level": breach.risk_level.to_value(),
            "jurisdictions": breach.jurisdictions,
            "known_subjects": known,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(breach)
}

pub async fn notify_authority(
    svc: &Svc<'_>,
    officer: &ComplianceOfficer,
    breach_id: Uuid,
    notification: AuthorityNotification,
) -> Result<breach_events::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let event = breach::notify_authority(
        &txn,
        svc.state.clock.as_ref(),
        &svc.state.config.compliance,
        breach_id,
        AuthorityNotification { recorded_by: Some(officer.user_id()), ..notification },
    )
    .await?;
    svc.audit(
        &txn,
        AuditEvent::new(officer.actor(), "breach.authority.notified")
            .object("breach", breach_id)
            .detail(json!({ "jurisdiction": event.jurisdiction, "event_id": event.id })),
    )
    .await?;
    txn.commit().await?;
    Ok(event)
}

pub async fn reassess(
    svc: &Svc<'_>,
    officer: &ComplianceOfficer,
    breach_id: Uuid,
    assessment: Assessment,
) -> Result<breach_events::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let event = breach::reassess(
        &txn,
        svc.state.clock.as_ref(),
        &svc.state.config.compliance,
        breach_id,
        Assessment { recorded_by: Some(officer.user_id()), ..assessment },
    )
    .await?;
    let mut changed = Vec::new();
    if event.risk_level.is_some() {
        changed.push("risk_level");
    }
    if event.containment.is_some() {
        changed.push("containment");
    }
    svc.audit(
        &txn,
        AuditEvent::new(officer.actor(), "breach.reassessed")
            .object("breach", breach_id)
            .detail(json!({ "changed": changed, "event_id": event.id })),
    )
    .await?;
    txn.commit().await?;
    Ok(event)
}

pub async fn notify_subjects(
    svc: &Svc<'_>,
    officer: &ComplianceOfficer,
    breach_id: Uuid,
    message: &str,
) -> Result<breach_events::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let event = breach::notify_subjects(
        &txn,
        svc.state.clock.as_ref(),
        &svc.state.config.compliance,
        breach_id,
        message,
        Some(officer.user_id()),
    )
    .await?;
    svc.audit(
        &txn,
        AuditEvent::new(officer.actor(), "breach.subjects.notified")
            .object("breach", breach_id)
            .detail(json!({ "notices_queued": event.notices_queued, "event_id": event.id })),
    )
    .await?;
    txn.commit().await?;
    Ok(event)
}

/// People found to be affected after the breach was recorded; told at once if the others
/// already were.
pub async fn add_subjects(
    svc: &Svc<'_>,
    officer: &ComplianceOfficer,
    breach_id: Uuid,
    user_ids: &[Uuid],
    message: Option<&str>,
) -> Result<breach::SubjectsAdded> {
    let txn = begin_write(&svc.state.db).await?;
    let added = breach::add_subjects(
        &txn,
        svc.state.clock.as_ref(),
        &svc.state.config.compliance,
        breach_id,
        user_ids,
        message,
        Some(officer.user_id()),
    )
    .await?;
    svc.audit(
        &txn,
        AuditEvent::new(officer.actor(), "breach.subjects.added")
            .object("breach", breach_id)
            .detail(json!({ "added": added.added, "notices_queued": added.notices_queued })),
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

/// The register, optionally narrowed to breaches with an overdue authority notification
/// (`Some(true)`) or without one (`Some(false)`).
pub async fn list(
    svc: &Svc<'_>,
    _officer: &ComplianceOfficer,
    overdue: Option<bool>,
) -> Result<Select<breaches::Entity>> {
    let query = breaches::Entity::find();
    let Some(overdue) = overdue else {
        return Ok(query);
    };
    let ids = breach::overdue_ids(&svc.state.db, &svc.state.config.compliance.breach, svc.now()).await?;
    Ok(if overdue {
        query.filter(breaches::Column::Id.is_in(ids))
    } else {
        query.filter(breaches::Column::Id.is_not_in(ids))
    })
}

pub async fn get(svc: &Svc<'_>, _officer: &ComplianceOfficer, breach_id: Uuid) -> Result<breaches::Model> {
    breaches::Entity::find_by_id(breach_id)
        .one(&svc.state.db)
        .await?
        .ok_or_else(|| crate::error::Error::not_found("breach"))
}
