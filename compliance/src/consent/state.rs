use crate::{Error, Result, config::Purpose};
use chrono::{DateTime, Utc};
use entity::consent_events;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// Where one purpose stands for one person.
#[derive(Debug, Clone)]
pub struct ConsentState<'a> {
    pub purpose: &'a Purpose,
    pub granted: bool,
    /// The event that decided it; `None` while the purpose's default applies.
    pub latest: Option<consent_events::Model>,
}

/// Whether `subject` allows processing for `purpose` at `at`: the latest event recorded at
/// or before `at` decides; without one, the purpose's default does.
///
/// Analytics milestone alerts, marketing email and anything else optional call this first.
/// An unknown purpose is a programming error, reported rather than guessed at.
pub async fn allows<C: ConnectionTrait>(
    db: &C,
    purposes: &[Purpose],
    subject_id: Uuid,
    purpose: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let purpose = purposes
        .iter()
        .find(|p| p.id == purpose)
        .ok_or_else(|| Error::invalid("purpose", format!("`{purpose}` is not configured")))?;
    let latest = consent_events::Entity::find()
        .filter(consent_events::Column::SubjectId.eq(subject_id))
        .filter(consent_events::Column::Purpose.eq(purpose.id.as_str()))
        .filter(consent_events::Column::OccurredAt.lte(at))
        .order_by_desc(consent_events::Column::OccurredAt)
        .order_by_desc(consent_events::Column::Id)
        .one(db)
        .await?;
    Ok(latest.map_or(purpose.default_allowed(), |e| e.granted))
}

/// Every configured purpose's state for `subject` at `at`, in configuration order.
pub async fn current<'a, C: ConnectionTrait>(
    db: &C,
    purposes: &'a [Purpose],
    subject_id: Uuid,
    at: DateTime<Utc>,
) -> Result<Vec<ConsentState<'a>>> {
    let events = consent_events::Entity::find()
        .filter(consent_events::Column::SubjectId.eq(subject_id))
        .filter(consent_events::Column::OccurredAt.lte(at))
        .order_by_asc(consent_events::Column::OccurredAt)
        .order_by_asc(consent_events::Column::Id)
        .all(db)
        .await?;
    let mut latest: HashMap<String, consent_events::Model> = HashMap::new();
    for event in events {
        latest.insert(event.purpose.clone(), event);
    }
    Ok(purposes
        .iter()
        .map(|purpose| {
            let latest = latest.remove(&purpose.id);
            ConsentState { purpose, granted: latest.as_ref().map_or(purpose.default_allowed(), |e| e.granted), latest }
        })
        .collect())
}
