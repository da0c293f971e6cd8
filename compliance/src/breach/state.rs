use crate::{
    Result,
    config::{BreachConfig, Jurisdiction},
};
use chrono::{DateTime, Duration, Utc};
use entity::{
    breach_events, breach_subjects, breaches,
    sea_orm_active_enums::{BreachEventKind, RiskLevel},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Func},
};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineStatus {
    /// Low risk: the authority need not be told (GDPR Art. 33(1)); the record suffices.
    NotRequired,
    Pending,
    Overdue,
    /// Notified on time.
    Met,
    /// Notified, but after the deadline.
    Late,
}

/// One authority's deadline for one breach.
#[derive(Debug, Clone)]
pub struct AuthorityDeadline {
    pub jurisdiction: Jurisdiction,
    pub due_at: DateTime<Utc>,
    pub required: bool,
    pub notified_at: Option<DateTime<Utc>>,
    pub reference: Option<String>,
}

impl AuthorityDeadline {
    pub fn status(&self, now: DateTime<Utc>) -> DeadlineStatus {
        match self.notified_at {
            Some(at) if at <= self.due_at => DeadlineStatus::Met,
            Some(_) => DeadlineStatus::Late,
            None if !self.required => DeadlineStatus::NotRequired,
            None if now > self.due_at => DeadlineStatus::Overdue,
            None => DeadlineStatus::Pending,
        }
    }

    /// Until the deadline (negative once it has passed) while a notification is owed.
    pub fn time_left(&self, now: DateTime<Utc>) -> Option<Duration> {
        matches!(self.status(now), DeadlineStatus::Pending | DeadlineStatus::Overdue).then(|| self.due_at - now)
    }
}

#[derive(Debug, Clone)]
pub struct SubjectNotice {
    pub queued_at: DateTime<Utc>,
    pub notices_queued: i32,
}

/// A breach as it stands: the record plus everything appended since.
#[derive(Debug, Clone)]
pub struct BreachState {
    pub breach: breaches::Model,
    pub risk_level: RiskLevel,
    pub containment: String,
    pub data_categories: Vec<String>,
    pub known_subjects: u64,
    pub events: Vec<breach_events::Model>,
    pub deadlines: Vec<AuthorityDeadline>,
    pub subject_notice: Option<SubjectNotice>,
}

impl BreachState {
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.deadlines.iter().any(|d| d.status(now) == DeadlineStatus::Overdue)
    }

    /// High risk and the affected people not yet told (GDPR Art. 34).
    pub fn subject_notice_due(&self) -> bool {
        self.risk_level == RiskLevel::High && self.subject_notice.is_none()
    }

    fn derive(
        config: &BreachConfig,
        breach: breaches::Model,
        events: Vec<breach_events::Model>,
        known_subjects: u64,
    ) -> Self {
        let mut risk_level = breach.risk_level;
        let mut containment = breach.containment.clone();
        let mut notified: HashMap<&str, (DateTime<Utc>, Option<String>)> = HashMap::new();
        let mut subject_notice = None;
        for event in &events {
            match event.kind {
                BreachEventKind::AssessmentUpdated => {
                    if let Some(level) = event.risk_level {
                        risk_level = level;
                    }
                    if let Some(note) = &event.containment {
                        containment.clone_from(note);
                    }
                }
                BreachEventKind::AuthorityNotified => {
                    if let Some(j) = event.jurisdiction.as_deref() {
                        notified.entry(j).or_insert((event.occurred_at, event.reference.clone()));
                    }
                }
                // The first notice, then any to people identified later: one count of all.
                BreachEventKind::SubjectsNotified => {
                    subject_notice
                        .get_or_insert(SubjectNotice { queued_at: event.occurred_at, notices_queued: 0 })
                        .notices_queued += event.notices_queued.unwrap_or(0);
                }
            }
        }
        let deadlines = breach
            .jurisdictions
            .split_whitespace()
            .filter_map(|id| {
                let Some(jurisdiction) = config.jurisdiction(id) else {
                    tracing::warn!(jurisdiction = id, breach = %breach.id, "a breach names a jurisdiction no longer configured");
                    return None;
                };
                let (notified_at, reference) = notified.get(id).cloned().unzip();
                Some(AuthorityDeadline {
                    jurisdiction: jurisdiction.clone(),
                    due_at: jurisdiction.authority_deadline.due(breach.became_aware_at),
                    required: risk_level != RiskLevel::Low,
                    notified_at,
                    reference: reference.flatten(),
                })
            })
            .collect();
        let data_categories = serde_json::from_str(&breach.data_categories).unwrap_or_default();
        Self { breach, risk_level, containment, data_categories, known_subjects, events, deadlines, subject_notice }
    }
}

pub async fn load<C: ConnectionTrait>(db: &C, config: &BreachConfig, breach_id: Uuid) -> Result<Option<BreachState>> {
    let Some(breach) = breaches::Entity::find_by_id(breach_id).one(db).await? else {
        return Ok(None);
    };
    Ok(load_many(db, config, vec![breach]).await?.into_iter().next())
}

/// States for several breaches with two queries, whatever their number.
pub async fn load_many<C: ConnectionTrait>(
    db: &C,
    config: &BreachConfig,
    breaches: Vec<breaches::Model>,
) -> Result<Vec<BreachState>> {
    let ids: Vec<Uuid> = breaches.iter().map(|b| b.id).collect();
    let mut events: HashMap<Uuid, Vec<breach_events::Model>> = HashMap::new();
    for event in breach_events::Entity::find()
        .filter(breach_events::Column::BreachId.is_in(ids.iter().copied()))
        .order_by_asc(breach_events::Column::RecordedAt)
        .order_by_asc(breach_events::Column::Id)
        .all(db)
        .await?
    {
        events.entry(event.breach_id).or_default().push(event);
    }
    let counts: HashMap<Uuid, i64> = breach_subjects::Entity::find()
        .select_only()
        .column(breach_subjects::Column::BreachId)
        .column_as(Expr::from(Func::count(Expr::col(breach_subjects::Column::Id))), "n")
        .filter(breach_subjects::Column::BreachId.is_in(ids.iter().copied()))
        .group_by(breach_subjects::Column::BreachId)
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(breaches
        .into_iter()
        .map(|breach| {
            let id = breach.id;
            BreachState::derive(
                config,
                breach,
                events.remove(&id).unwrap_or_default(),
                counts.get(&id).copied().and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
            )
        })
        .collect())
}

/// The breaches with an authority deadline passed and no notification: few by nature, so
/// the register is read whole.
pub async fn overdue_ids<C: ConnectionTrait>(db: &C, config: &BreachConfig, now: DateTime<Utc>) -> Result<Vec<Uuid>> {
    let all = breaches::Entity::find().all(db).await?;
    Ok(load_many(db, config, all).await?.into_iter().filter(|s| s.is_overdue(now)).map(|s| s.breach.id).collect())
}
