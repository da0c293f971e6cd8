use crate::{Clock, Error, Result, config::BreachConfig};
use chrono::{DateTime, Utc};
use entity::{breach_subjects, breaches, sea_orm_active_enums::RiskLevel, users};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter};
use std::collections::BTreeSet;
use uuid::Uuid;

/// An incident as a compliance officer first records it.
#[derive(Debug, Clone)]
pub struct NewBreach {
    pub detected_at: DateTime<Utc>,
    pub became_aware_at: DateTime<Utc>,
    pub description: String,
    pub data_categories: Vec<String>,
    pub subjects_estimate: i64,
    /// The accounts known to be affected; may be empty while the list is unknown.
    pub affected_users: Vec<Uuid>,
    pub risk_level: RiskLevel,
    pub containment: String,
    /// Jurisdiction ids; empty means the built-in GDPR rule alone.
    pub jurisdictions: Vec<String>,
    pub recorded_by: Option<Uuid>,
}

pub(super) fn text(field: &str, raw: &str, max: usize) -> Result<String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(field, format!("must be at most {max} characters")));
    }
    Ok(value.to_owned())
}

/// Records an incident, in the caller's transaction.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    config: &BreachConfig,
    new: NewBreach,
) -> Result<breaches::Model> {
    let now = clock.now();
    if new.became_aware_at > now {
        return Err(Error::invalid("became_aware_at", "must not be in the future"));
    }
    if new.detected_at > new.became_aware_at {
        return Err(Error::invalid("detected_at", "must not be after input.becameAwareAt"));
    }
    let description = text("description", &new.description, 10_000)?;
    let containment = text("containment", &new.containment, 10_000)?;
    let mut categories = Vec::new();
    for raw in &new.data_categories {
        let category = text("data_categories", raw, 100)?;
        if !categories.contains(&category) {
            categories.push(category);
        }
    }
    if categories.is_empty() {
        return Err(Error::invalid("data_categories", "name at least one category of data involved"));
    }
    let affected: BTreeSet<Uuid> = new.affected_users.iter().copied().collect();
    let affected_count = i64::try_from(affected.len()).unwrap_or(i64::MAX);
    if new.subjects_estimate < affected_count {
        return Err(Error::invalid(
            "subjects_estimate",
            format!("must be at least the {affected_count} people listed"),
        ));
    }
    if !affected.is_empty() {
        let known = users::Entity::find().filter(users::Column::Id.is_in(affected.iter().copied())).count(db).await?;
        if known != affected.len() as u64 {
            return Err(Error::invalid("affected_user_ids", "names an account that does not exist"));
        }
    }
    let mut jurisdictions: Vec<String> = Vec::new();
    for id in &new.jurisdictions {
        if config.jurisdiction(id).is_none() {
            return Err(Error::invalid("jurisdictions", format!("`{id}` is not a configured jurisdiction")));
        }
        if !jurisdictions.contains(id) {
            jurisdictions.push(id.clone());
        }
    }
    if jurisdictions.is_empty() {
        jurisdictions.push(crate::config::GDPR.id.clone());
    }

    let breach = breaches::Model {
        id: Uuid::now_v7(),
        detected_at: new.detected_at,
        became_aware_at: new.became_aware_at,
        recorded_at: now,
        recorded_by: new.recorded_by,
        description,
        data_categories: serde_json::to_string(&categories).unwrap_or_else(|_| "[]".into()),
        subjects_estimate: new.subjects_estimate,
        risk_level: new.risk_level,
        containment,
        jurisdictions: jurisdictions.join(" "),
    };
    breaches::Entity::insert(breach.clone().into_active_model()).exec_without_returning(db).await?;
    let rows: Vec<_> = affected
        .into_iter()
        .map(|user_id| breach_subjects::Model { id: Uuid::now_v7(), breach_id: breach.id, user_id }.into_active_model())
        .collect();
    // Chunked to stay inside the databases' parameter limits.
    for chunk in rows.chunks(1000) {
        breach_subjects::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(breach)
}
