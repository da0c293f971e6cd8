//! Consent: the signed-in person's choices, the Global Privacy Control signal, and the
//! compliance officer's view of the ledger. The rules live in `compliance::consent`.

use super::Svc;
use crate::{
    auth::{Caller, CallerKind, ComplianceOfficer, SessionUser},
    error::{Error, Result},
    state::{AppState, RequestMeta},
};
use compliance::{
    audit::{Actor, AuditEvent},
    consent::{self, ConsentFilter, ConsentState, NewConsent, RequestContext, gpc},
    db::begin_write,
};
use entity::{consent_events, sea_orm_active_enums::ConsentSource};
use sea_orm::{ActiveEnum, Select};
use serde_json::json;
use uuid::Uuid;

fn context(meta: &RequestMeta) -> RequestContext {
    RequestContext {
        user_agent_family: meta.user_agent.as_deref().map(|ua| consent::user_agent_family(ua).to_owned()),
        country: meta.country.clone(),
    }
}

fn audit_event(actor: Actor, event: &consent_events::Model) -> AuditEvent {
    AuditEvent::new(actor, if event.granted { "consent.granted" } else { "consent.withdrawn" })
        .subject(event.subject_id)
        .object("consent_event", event.id)
        .detail(json!({ "purpose": event.purpose, "source": event.source.to_value() }))
}

/// Every configured purpose's state for the signed-in person, now.
pub async fn mine<'a>(svc: &Svc<'a>, user: &SessionUser) -> Result<Vec<ConsentState<'a>>> {
    Ok(consent::current(&svc.state.db, &svc.state.config.compliance.purposes, user.user_id, svc.now()).await?)
}

pub fn my_history(user: &SessionUser) -> Select<consent_events::Entity> {
    consent::history(user.user_id)
}

/// Records the person's own grant or withdrawal. `source` is how they reached us; only
/// the engine records `gpc` and `import`.
pub async fn set<'a>(
    svc: &Svc<'a>,
    user: &SessionUser,
    purpose: &str,
    granted: bool,
    source: ConsentSource,
    meta: &RequestMeta,
) -> Result<(consent_events::Model, ConsentState<'a>)> {
    if matches!(source, ConsentSource::Gpc | ConsentSource::Import) {
        return Err(Error::bad_input("channel", "must be where you made the choice"));
    }
    let config = &svc.state.config.compliance;
    let purpose = config
        .purpose(purpose)
        .ok_or_else(|| Error::bad_input("purpose", "is not a purpose this service asks about"))?;
    let txn = begin_write(&svc.state.db).await?;
    let event = consent::record(
        &txn,
        svc.state.clock.as_ref(),
        NewConsent { subject_id: user.user_id, purpose, granted, source, context: context(meta) },
    )
    .await?;
    svc.audit(&txn, audit_event(user.actor(), &event)).await?;
    txn.commit().await?;
    let state = ConsentState { purpose, granted: event.granted, latest: Some(event.clone()) };
    Ok((event, state))
}

/// Honours `Sec-GPC: 1` on a request signed in with a session: see
/// `compliance::consent::gpc` for the rule. An API key automates a workspace and cannot
/// speak for a person's consent either way, so a signal on its requests is not theirs.
/// Cheap when there is nothing left to record (one indexed read).
pub async fn honour_gpc(state: &AppState, caller: &Caller, meta: &RequestMeta) -> Result<usize> {
    let config = &state.config.compliance;
    let signal_context = match &caller.kind {
        CallerKind::Session { session_id } => gpc::context_key("session", *session_id),
        CallerKind::ApiKey { .. } => return Ok(0),
    };
    if gpc::pending(&state.db, config, caller.user_id, &signal_context).await?.is_empty() {
        return Ok(0);
    }
    let svc = Svc::new(state, meta.request_id.clone());
    let txn = begin_write(&state.db).await?;
    let written =
        gpc::honour(&txn, state.clock.as_ref(), config, caller.user_id, &signal_context, context(meta)).await?;
    for event in &written {
        svc.audit(&txn, audit_event(caller.actor(), event)).await?;
    }
    txn.commit().await?;
    Ok(written.len())
}

/// The whole ledger, filtered, for a compliance officer.
pub fn events(_officer: &ComplianceOfficer, filter: &ConsentFilter) -> Select<consent_events::Entity> {
    filter.select()
}

/// One event: its subject sees it, and so does a compliance officer.
pub async fn event_visible_to(
    svc: &Svc<'_>,
    viewer: Uuid,
    officer: Option<&ComplianceOfficer>,
    event_id: Uuid,
) -> Result<consent_events::Model> {
    use sea_orm::EntityTrait;
    consent_events::Entity::find_by_id(event_id)
        .one(&svc.state.db)
        .await?
        .filter(|e| e.subject_id == viewer || officer.is_some())
        .ok_or_else(|| Error::not_found("consent event"))
}
