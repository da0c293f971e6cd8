use super::Breach;
use crate::{
    auth::{ComplianceOfficer, require_compliance_officer},
    error::ApiResult,
    graphql::{
        context::svc,
        enums::RiskLevel,
        relay::{GlobalId, NodeKind},
    },
    service,
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use compliance::breach::{Assessment, AuthorityNotification, NewBreach};
use uuid::Uuid;

#[derive(Default)]
pub struct BreachesMutation;

#[derive(InputObject)]
pub struct RecordBreachInput {
    pub detected_at: DateTime<Utc>,
    /// When you became reasonably certain personal data was affected; deadlines count from
    /// here.
    pub became_aware_at: DateTime<Utc>,
    /// What happened. Describe the incident; do not name people.
    pub description: String,
    /// E.g. `email addresses`, `OAuth tokens`.
    pub data_categories: Vec<String>,
    /// The approximate number of people affected.
    pub subjects_estimate: i64,
    /// The affected accounts, where known (`User` ids).
    #[graphql(default)]
    pub affected_user_ids: Vec<ID>,
    pub risk_level: RiskLevel,
    /// What has been done to contain it.
    pub containment: String,
    /// Jurisdiction ids whose authority deadlines apply; `eu` (GDPR) when omitted.
    #[graphql(default)]
    pub jurisdictions: Vec<String>,
}

#[derive(InputObject)]
pub struct RecordBreachAuthorityNotificationInput {
    pub breach_id: ID,
    pub jurisdiction: String,
    pub notified_at: DateTime<Utc>,
    /// The authority's case reference, if it gave one.
    pub reference: Option<String>,
}

#[derive(InputObject)]
pub struct ReassessBreachInput {
    pub breach_id: ID,
    pub risk_level: Option<RiskLevel>,
    pub containment: Option<String>,
}

#[derive(InputObject)]
pub struct NotifyBreachSubjectsInput {
    pub breach_id: ID,
    /// The notice in plain language: what happened, the likely consequences, what was
    /// done, and what the person can do. The DPO contact is appended.
    pub message: String,
}

#[derive(InputObject)]
pub struct AddBreachSubjectsInput {
    pub breach_id: ID,
    /// Accounts found to be affected since the breach was recorded (`User` ids).
    pub user_ids: Vec<ID>,
    /// Required once the affected people have been notified: the notice for those added
    /// now, who are then told at once. Refused before that.
    pub message: Option<String>,
}

#[derive(SimpleObject)]
pub struct AddBreachSubjectsPayload {
    pub breach: Breach,
    /// Accounts newly on record; ones already listed are not counted.
    pub added: i32,
    pub notices_queued: i32,
}

#[derive(SimpleObject)]
pub struct BreachPayload {
    pub breach: Breach,
}

#[derive(SimpleObject)]
pub struct NotifyBreachSubjectsPayload {
    pub breach: Breach,
    pub notices_queued: i32,
}

fn breach_id(input: &ID) -> ApiResult<Uuid> {
    GlobalId::expect("input.breachId", input, NodeKind::Breach)
}

async fn reload(ctx: &Context<'_>, officer: &ComplianceOfficer, id: Uuid) -> ApiResult<Breach> {
    let svc = svc(ctx)?;
    Ok(Breach(service::breaches::get(&svc, officer, id).await?))
}

#[Object]
impl BreachesMutation {
    /// Records a breach (compliance officers only). Authority deadlines start from
    /// `becameAwareAt`: 72 hours under GDPR Art. 33, others per jurisdiction.
    async fn record_breach(&self, ctx: &Context<'_>, input: RecordBreachInput) -> ApiResult<BreachPayload> {
        let officer = require_compliance_officer(ctx).await?;
        let affected_users = input
            .affected_user_ids
            .iter()
            .enumerate()
            .map(|(i, id)| GlobalId::expect(&format!("input.affectedUserIds.{i}"), id, NodeKind::User))
            .collect::<ApiResult<Vec<_>>>()?;
        let svc = svc(ctx)?;
        let breach = service::breaches::record(
            &svc,
            &officer,
            NewBreach {
                detected_at: input.detected_at,
                became_aware_at: input.became_aware_at,
                description: input.description,
                data_categories: input.data_categories,
                subjects_estimate: input.subjects_estimate,
                affected_users,
                risk_level: input.risk_level.into(),
                containment: input.containment,
                jurisdictions: input.jurisdictions,
                recorded_by: None,
            },
        )
        .await?;
        Ok(BreachPayload { breach: Breach(breach) })
    }

    /// Records that a jurisdiction's authority was notified (compliance officers only).
    async fn record_breach_authority_notification(
        &self,
        ctx: &Context<'_>,
        input: RecordBreachAuthorityNotificationInput,
    ) -> ApiResult<BreachPayload> {
        let officer = require_compliance_officer(ctx).await?;
        let id = breach_id(&input.breach_id)?;
        let svc = svc(ctx)?;
        service::breaches::notify_authority(
            &svc,
            &officer,
            id,
            AuthorityNotification {
                jurisdiction: input.jurisdiction,
                notified_at: input.notified_at,
                reference: input.reference,
                recorded_by: None,
            },
        )
        .await?;
        Ok(BreachPayload { breach: reload(ctx, &officer, id).await? })
    }

    /// Appends a new risk level and/or containment note (compliance officers only).
    async fn reassess_breach(&self, ctx: &Context<'_>, input: ReassessBreachInput) -> ApiResult<BreachPayload> {
        let officer = require_compliance_officer(ctx).await?;
        let id = breach_id(&input.breach_id)?;
        let svc = svc(ctx)?;
        service::breaches::reassess(
            &svc,
            &officer,
            id,
            Assessment {
                risk_level: input.risk_level.map(Into::into),
                containment: input.containment,
                recorded_by: None,
            },
        )
        .await?;
        Ok(BreachPayload { breach: reload(ctx, &officer, id).await? })
    }

    /// Adds accounts found to be affected after recording (compliance officers only).
    async fn add_breach_subjects(
        &self,
        ctx: &Context<'_>,
        input: AddBreachSubjectsInput,
    ) -> ApiResult<AddBreachSubjectsPayload> {
        let officer = require_compliance_officer(ctx).await?;
        let id = breach_id(&input.breach_id)?;
        let users = input
            .user_ids
            .iter()
            .map(|u| GlobalId::expect("input.userIds", u, NodeKind::User))
            .collect::<ApiResult<Vec<_>>>()?;
        let svc = svc(ctx)?;
        let added = service::breaches::add_subjects(&svc, &officer, id, &users, input.message.as_deref()).await?;
        Ok(AddBreachSubjectsPayload {
            breach: reload(ctx, &officer, id).await?,
            added: i32::try_from(added.added).unwrap_or(i32::MAX),
            notices_queued: i32::try_from(added.notices_queued).unwrap_or(i32::MAX),
        })
    }

    /// Queues a notice to every affected account on record, once, for a high-risk breach
    /// (compliance officers only).
    async fn notify_breach_subjects(
        &self,
        ctx: &Context<'_>,
        input: NotifyBreachSubjectsInput,
    ) -> ApiResult<NotifyBreachSubjectsPayload> {
        let officer = require_compliance_officer(ctx).await?;
        let id = breach_id(&input.breach_id)?;
        let svc = svc(ctx)?;
        let event = service::breaches::notify_subjects(&svc, &officer, id, &input.message).await?;
        Ok(NotifyBreachSubjectsPayload {
            breach: reload(ctx, &officer, id).await?,
            notices_queued: event.notices_queued.unwrap_or(0),
        })
    }
}
