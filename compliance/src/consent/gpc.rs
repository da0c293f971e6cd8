//! Global Privacy Control.
//!
//! The rule: a `Sec-GPC: 1` request from a signed-in person is an opt-out of every
//! sale/share purpose. It is honoured **once per signalling context** — one session (a
//! script using an API key speaks for a workspace, not for a person's consent, and its
//! signal is not theirs): the first such request in that context records a withdrawal of each sale/share
//! purpose with source `gpc`, whatever the purpose's state was, and later requests in the
//! same context record nothing more. So an explicit grant the person makes afterwards is
//! recorded as such (source `web`, `mobile` or `api`) and wins; it stands until the signal
//! arrives from a new context (a new sign-in, another browser or device),
//! which is a new signal and withdraws again. A purpose added to the configuration later is
//! withdrawn on the next signalled request of a context that has not yet withdrawn it.
//!
//! The unique index on `(subject_id, purpose, signal_context)` makes "once" hold even when
//! two requests of one session race.

use super::ledger::{NewConsent, RequestContext, build};
use crate::{Clock, Result, config::ComplianceConfig};
use entity::{consent_events, sea_orm_active_enums::ConsentSource};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, sea_query::OnConflict,
};
use std::collections::HashSet;
use uuid::Uuid;

/// Names one signalling context, e.g. `session:<uuid>`.
pub fn context_key(kind: &str, id: Uuid) -> String {
    format!("{kind}:{id}")
}

/// The sale/share purposes this context has not yet withdrawn by GPC. A read, so the common
/// case (already honoured) costs no write.
pub async fn pending<'a, C: ConnectionTrait>(
    db: &C,
    config: &'a ComplianceConfig,
    subject_id: Uuid,
    signal_context: &str,
) -> Result<Vec<&'a crate::config::Purpose>> {
    let done: HashSet<String> = consent_events::Entity::find()
        .select_only()
        .column(consent_events::Column::Purpose)
        .filter(consent_events::Column::SubjectId.eq(subject_id))
        .filter(consent_events::Column::SignalContext.eq(signal_context))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(config.sale_or_share_purposes().filter(|p| !done.contains(&p.id)).collect())
}

/// Records the GPC withdrawals still due for this context and returns the ones written;
/// a request that lost a race to another of the same context writes nothing.
pub async fn honour<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    config: &ComplianceConfig,
    subject_id: Uuid,
    signal_context: &str,
    context: RequestContext,
) -> Result<Vec<consent_events::Model>> {
    let mut written = Vec::new();
    for purpose in pending(db, config, subject_id, signal_context).await? {
        let consent =
            NewConsent { subject_id, purpose, granted: false, source: ConsentSource::Gpc, context: context.clone() };
        if let Some(event) = insert_once(db, clock, consent, signal_context).await? {
            written.push(event);
        }
    }
    Ok(written)
}

async fn insert_once<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    consent: NewConsent<'_>,
    signal_context: &str,
) -> Result<Option<consent_events::Model>> {
    let event = build(db, clock, consent, Some(signal_context.to_owned())).await?;
    let inserted = consent_events::Entity::insert(event.clone().into_active_model())
        .on_conflict(
            OnConflict::columns([
                consent_events::Column::SubjectId,
                consent_events::Column::Purpose,
                consent_events::Column::SignalContext,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok((inserted == 1).then_some(event))
}
