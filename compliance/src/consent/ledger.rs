use crate::{Clock, Error, Result, config::Purpose, policy};
use chrono::{DateTime, Utc};
use entity::{consent_events, sea_orm_active_enums::ConsentSource};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Select};
use uuid::Uuid;

/// Where and how a request reached us, reduced to what the ledger may keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestContext {
    pub user_agent_family: Option<String>,
    pub country: Option<String>,
}

/// One grant or withdrawal to record.
#[derive(Debug, Clone)]
pub struct NewConsent<'a> {
    pub subject_id: Uuid,
    pub purpose: &'a Purpose,
    pub granted: bool,
    pub source: ConsentSource,
    pub context: RequestContext,
}

/// Appends one event. The policy version in force is looked up at the same instant, so the
/// record shows what the person had been told when they decided.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    consent: NewConsent<'_>,
) -> Result<consent_events::Model> {
    if !consent.granted && !consent.purpose.can_be_withdrawn() {
        return Err(Error::invalid(
            "purpose",
            format!("`{}` is required by law and cannot be withdrawn", consent.purpose.id),
        ));
    }
    let event = build(db, clock, consent, None).await?;
    consent_events::Entity::insert(event.clone().into_active_model()).exec_without_returning(db).await?;
    Ok(event)
}

/// The row for an event, stamped with the clock and the policy version in force.
pub(super) async fn build<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    consent: NewConsent<'_>,
    signal_context: Option<String>,
) -> Result<consent_events::Model> {
    let now = clock.now();
    let policy_version = policy::in_force(db, now).await?.map(|p| p.version);
    Ok(consent_events::Model {
        id: Uuid::now_v7(),
        subject_id: consent.subject_id,
        purpose: consent.purpose.id.clone(),
        granted: consent.granted,
        occurred_at: now,
        policy_version,
        source: consent.source,
        user_agent_family: consent.context.user_agent_family,
        country: consent.context.country,
        signal_context,
    })
}

/// One person's events, for paging in id (that is, recording) order.
pub fn history(subject_id: Uuid) -> Select<consent_events::Entity> {
    consent_events::Entity::find().filter(consent_events::Column::SubjectId.eq(subject_id))
}

/// What a compliance officer searches the ledger by.
#[derive(Debug, Clone, Default)]
pub struct ConsentFilter {
    pub subject_id: Option<Uuid>,
    pub purpose: Option<String>,
    pub source: Option<ConsentSource>,
    pub granted: Option<bool>,
    /// Inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub to: Option<DateTime<Utc>>,
}

impl ConsentFilter {
    pub fn select(&self) -> Select<consent_events::Entity> {
        let mut query = consent_events::Entity::find();
        if let Some(subject) = self.subject_id {
            query = query.filter(consent_events::Column::SubjectId.eq(subject));
        }
        if let Some(purpose) = &self.purpose {
            query = query.filter(consent_events::Column::Purpose.eq(purpose.as_str()));
        }
        if let Some(source) = self.source {
            query = query.filter(consent_events::Column::Source.eq(source));
        }
        if let Some(granted) = self.granted {
            query = query.filter(consent_events::Column::Granted.eq(granted));
        }
        if let Some(from) = self.from {
            query = query.filter(consent_events::Column::OccurredAt.gte(from));
        }
        if let Some(to) = self.to {
            query = query.filter(consent_events::Column::OccurredAt.lt(to));
        }
        query
    }
}
