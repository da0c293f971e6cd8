//! The audit log as compliance officers read it: filtered pages, chain verification and
//! the streamed CSV export. Appending is `Svc::audit`.

use super::Svc;
use crate::{auth::ComplianceOfficer, error::Result};
use compliance::audit::{self, AuditEvent, AuditFilter, ChainReport};
use entity::audit_log;
use sea_orm::Select;
use serde_json::json;

pub fn entries(_officer: &ComplianceOfficer, filter: &AuditFilter) -> Result<Select<audit_log::Entity>> {
    filter.validate()?;
    Ok(filter.select())
}

pub async fn verify(svc: &Svc<'_>, _officer: &ComplianceOfficer) -> Result<ChainReport> {
    Ok(audit::verify_chain(&svc.state.db).await?)
}

/// Records that an officer exported the log, with the filter's field names and no values
/// that could be personal (ids are fine; the action prefix is ours).
pub async fn record_export(
    svc: &Svc<'_>,
    officer: &ComplianceOfficer,
    filter: &AuditFilter,
    up_to_seq: i64,
) -> Result<()> {
    let mut fields = Vec::new();
    if filter.actor_kind.is_some() {
        fields.push("actor_kind");
    }
    if filter.actor_id.is_some() {
        fields.push("actor");
    }
    if filter.action_prefix.is_some() {
        fields.push("action");
    }
    if filter.subject_id.is_some() {
        fields.push("subject");
    }
    if filter.from.is_some() {
        fields.push("from");
    }
    if filter.to.is_some() {
        fields.push("to");
    }
    let mut event = AuditEvent::new(officer.actor(), "export.downloaded").detail(json!({
        "export": "audit_log",
        "format": "csv",
        "filters": fields,
        "action": filter.action_prefix,
        "up_to_seq": up_to_seq,
    }));
    if let Some(subject) = filter.subject_id {
        event = event.subject(subject);
    }
    svc.audit(&svc.state.db, event).await
}
