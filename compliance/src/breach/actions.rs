use super::{record::text, state};
use crate::{
    Clock, Error, Result,
    config::ComplianceConfig,
    outbox::{self, NewEmail},
};
use chrono::{DateTime, Utc};
use entity::{
    breach_events, breach_subjects,
    sea_orm_active_enums::{BreachEventKind, RiskLevel},
    users,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, sea_query::Query,
};
use uuid::Uuid;

const NOTICE_BATCH: u64 = 500;

fn event(breach_id: Uuid, kind: BreachEventKind, now: DateTime<Utc>) -> breach_events::Model {
    breach_events::Model {
        id: Uuid::now_v7(),
        breach_id,
        kind,
        occurred_at: now,
        recorded_at: now,
        recorded_by: None,
        jurisdiction: None,
        reference: None,
        risk_level: None,
        containment: None,
        notices_queued: None,
    }
}

async fn append<C: ConnectionTrait>(db: &C, row: breach_events::Model) -> Result<breach_events::Model> {
    breach_events::Entity::insert(row.clone().into_active_model()).exec_without_returning(db).await?;
    Ok(row)
}

async fn current<C: ConnectionTrait>(db: &C, config: &ComplianceConfig, breach_id: Uuid) -> Result<state::BreachState> {
    state::load(db, &config.breach, breach_id).await?.ok_or(Error::NotFound("breach"))
}

#[derive(Debug, Clone)]
pub struct AuthorityNotification {
    pub jurisdiction: String,
    pub notified_at: DateTime<Utc>,
    pub reference: Option<String>,
    pub recorded_by: Option<Uuid>,
}

/// Records that a jurisdiction's authority was notified; once per jurisdiction.
pub async fn notify_authority<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    config: &ComplianceConfig,
    breach_id: Uuid,
    notification: AuthorityNotification,
) -> Result<breach_events::Model> {
    let now = clock.now();
    let state = current(db, config, breach_id).await?;
    let Some(deadline) = state.deadlines.iter().find(|d| d.jurisdiction.id == notification.jurisdiction) else {
        return Err(Error::invalid("jurisdiction", "is not one of this breach's jurisdictions"));
    };
    if deadline.notified_at.is_some() {
        return Err(Error::Conflict(format!(
            "the {} authority notification is already recorded",
            deadline.jurisdiction.id
        )));
    }
    if notification.notified_at > now {
        return Err(Error::invalid("notified_at", "must not be in the future"));
    }
    if notification.notified_at < state.breach.detected_at {
        return Err(Error::invalid("notified_at", "must not be before the breach was detected"));
    }
    let reference = notification.reference.as_deref().map(|r| text("reference", r, 200)).transpose()?;
    append(
        db,
        breach_events::Model {
            occurred_at: notification.notified_at,
            recorded_by: notification.recorded_by,
            jurisdiction: Some(notification.jurisdiction),
            reference,
            ..event(breach_id, BreachEventKind::AuthorityNotified, now)
        },
    )
    .await
}

#[derive(Debug, Clone, Default)]
pub struct Assessment {
    pub risk_level: Option<RiskLevel>,
    pub containment: Option<String>,
    pub recorded_by: Option<Uuid>,
}

/// Appends a new assessment: a changed risk level, a containment update, or both.
pub async fn reassess<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    config: &ComplianceConfig,
    breach_id: Uuid,
    assessment: Assessment,
) -> Result<breach_events::Model> {
    current(db, config, breach_id).await?;
    if assessment.risk_level.is_none() && assessment.containment.is_none() {
        return Err(Error::invalid("", "give a new risk level, a containment update, or both"));
    }
    let containment = assessment.containment.as_deref().map(|c| text("containment", c, 10_000)).transpose()?;
    append(
        db,
        breach_events::Model {
            recorded_by: assessment.recorded_by,
            risk_level: assessment.risk_level,
            containment,
            ..event(breach_id, BreachEventKind::AssessmentUpdated, clock.now())
        },
    )
    .await
}

/// The notice to affected people: the officer's words and the DPO's contact.
struct Notice {
    subject: String,
    body: String,
}

impl Notice {
    fn new(config: &ComplianceConfig, message: &str) -> Result<Self> {
        let message = text("message", message, 10_000)?;
        Ok(Self {
            subject: format!("Important: a security incident affecting your {} account", config.controller.name),
            body: format!(
                "{message}\n\nIf you have questions, contact our data protection officer: {}\n",
                config.controller.dpo_contact
            ),
        })
    }

    /// Queues one notice per `(user id, email)`; returns how many.
    async fn queue<C: ConnectionTrait>(&self, db: &C, clock: &dyn Clock, to: Vec<(Uuid, String)>) -> Result<u64> {
        outbox::enqueue_many(
            db,
            clock,
            to.into_iter().map(|(user_id, email)| NewEmail {
                user_id: Some(user_id),
                to_address: email,
                kind: "breach.notice",
                subject: self.subject.clone(),
                body: self.body.clone(),
            }),
        )
        .await
    }
}

fn notified(breach_id: Uuid, queued: u64, recorded_by: Option<Uuid>, now: DateTime<Utc>) -> breach_events::Model {
    breach_events::Model {
        recorded_by,
        notices_queued: Some(i32::try_from(queued).unwrap_or(i32::MAX)),
        ..event(breach_id, BreachEventKind::SubjectsNotified, now)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubjectsAdded {
    pub added: u64,
    pub notices_queued: u64,
}

/// Adds accounts found to be affected after the breach was recorded. Accounts already on
/// record are skipped. If the affected people were already told, the ones added now must
/// be told too, so `message` is then required and their notices are queued at once.
pub async fn add_subjects<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    config: &ComplianceConfig,
    breach_id: Uuid,
    user_ids: &[Uuid],
    message: Option<&str>,
    recorded_by: Option<Uuid>,
) -> Result<SubjectsAdded> {
    let state = current(db, config, breach_id).await?;
    let wanted: std::collections::BTreeSet<Uuid> = user_ids.iter().copied().collect();
    if wanted.is_empty() {
        return Err(Error::invalid("user_ids", "name at least one account"));
    }
    let accounts: Vec<(Uuid, String)> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::Email)
        .filter(users::Column::Id.is_in(wanted.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    if accounts.len() != wanted.len() {
        return Err(Error::invalid("user_ids", "names an account that does not exist"));
    }
    let notice = match (state.subject_notice.is_some(), message) {
        (true, Some(message)) => Some(Notice::new(config, message)?),
        (true, None) => {
            return Err(Error::invalid(
                "message",
                "the affected people were already told; give the notice for the people added now",
            ));
        }
        (false, Some(_)) => {
            return Err(Error::invalid("message", "notices go out with notifyBreachSubjects, to everyone at once"));
        }
        (false, None) => None,
    };
    let on_record: std::collections::HashSet<Uuid> = breach_subjects::Entity::find()
        .select_only()
        .column(breach_subjects::Column::UserId)
        .filter(breach_subjects::Column::BreachId.eq(breach_id))
        .filter(breach_subjects::Column::UserId.is_in(wanted.iter().copied()))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let new: Vec<(Uuid, String)> = accounts.into_iter().filter(|(id, _)| !on_record.contains(id)).collect();
    let rows: Vec<_> = new
        .iter()
        .map(|(user_id, _)| {
            breach_subjects::Model { id: Uuid::now_v7(), breach_id, user_id: *user_id }.into_active_model()
        })
        .collect();
    for chunk in rows.chunks(1000) {
        breach_subjects::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    let mut notices_queued = 0;
    let added = new.len() as u64;
    if let (Some(notice), false) = (notice, new.is_empty()) {
        notices_queued = notice.queue(db, clock, new).await?;
        append(db, notified(breach_id, notices_queued, recorded_by, clock.now())).await?;
    }
    Ok(SubjectsAdded { added, notices_queued })
}

/// Queues a notice to every affected account on record (GDPR Art. 34), once, for a
/// high-risk breach. `message` is the officer's plain-language account: what happened, the
/// likely consequences, what was done and what the person can do.
pub async fn notify_subjects<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    config: &ComplianceConfig,
    breach_id: Uuid,
    message: &str,
    recorded_by: Option<Uuid>,
) -> Result<breach_events::Model> {
    let state = current(db, config, breach_id).await?;
    if state.risk_level != RiskLevel::High {
        return Err(Error::invalid(
            "breach_id",
            "people are notified when the risk to them is high (GDPR Art. 34); reassess the breach first",
        ));
    }
    if state.subject_notice.is_some() {
        return Err(Error::Conflict("the affected people have already been notified".into()));
    }
    if state.known_subjects == 0 {
        return Err(Error::invalid("breach_id", "no affected accounts are on record for this breach"));
    }
    let notice = Notice::new(config, message)?;

    let mut queued = 0u64;
    let mut after: Option<Uuid> = None;
    loop {
        let affected = Query::select()
            .column(breach_subjects::Column::UserId)
            .from(breach_subjects::Entity)
            .and_where(breach_subjects::Column::BreachId.eq(breach_id))
            .to_owned();
        let mut page = users::Entity::find()
            .select_only()
            .column(users::Column::Id)
            .column(users::Column::Email)
            .filter(users::Column::Id.in_subquery(affected))
            .order_by_asc(users::Column::Id)
            .limit(NOTICE_BATCH);
        if let Some(after) = after {
            page = page.filter(users::Column::Id.gt(after));
        }
        let recipients: Vec<(Uuid, String)> = page.into_tuple().all(db).await?;
        let Some(last) = recipients.last().map(|r| r.0) else {
            break;
        };
        after = Some(last);
        queued += notice.queue(db, clock, recipients).await?;
    }
    append(db, notified(breach_id, queued, recorded_by, clock.now())).await
}
