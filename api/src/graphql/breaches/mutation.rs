use super::Breach;
use crate::{
    auth::{ComplianceOfficer, require_compliance_officer},
    error::{ApiError, ApiResult},
    graphql::{
        context::svc,
        enums::RiskLevel,
        payload::{PayloadResult, UserError, settle},
        relay::{GlobalId, NodeKind},
        scalars::{BigInt, DateTime},
    },
    service::{self, idempotency},
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use compliance::breach::{Assessment, AuthorityNotification, NewBreach};
use serde_json::json;
use uuid::Uuid;

#[derive(Default)]
pub struct BreachesMutation;

/// A breach to enter in the register.
#[derive(InputObject)]
pub struct RecordBreachInput {
    /// When the incident was detected.
    pub detected_at: DateTime,
    /// When you became reasonably certain personal data was affected; deadlines count from
    /// here.
    pub became_aware_at: DateTime,
    /// What happened. Describe the incident; do not name people.
    pub description: String,
    /// E.g. `email addresses`, `OAuth tokens`.
    pub data_categories: Vec<String>,
    /// The approximate number of people affected.
    pub subjects_estimate: BigInt,
    /// The affected accounts, where known (`User` ids).
    #[graphql(default)]
    pub affected_user_ids: Vec<ID>,
    /// The risk to the people affected, as first assessed.
    pub risk_level: RiskLevel,
    /// What has been done to contain it.
    pub containment: String,
    /// Jurisdiction ids whose authority deadlines apply; `eu` (GDPR) when omitted.
    #[graphql(default)]
    pub jurisdictions: Vec<String>,
    /// Makes a retry safe: the same key with the same input within 24 hours returns the
    /// first breach instead of recording another (at most 128 characters). The same key
    /// with another input is refused.
    pub idempotency_key: Option<String>,
}

/// That a jurisdiction's authority was notified.
#[derive(InputObject)]
pub struct RecordBreachAuthorityNotificationInput {
    /// The breach's id.
    pub breach_id: ID,
    /// The jurisdiction id, one of the breach's `jurisdictions`.
    pub jurisdiction: String,
    /// When the authority was notified.
    pub notified_at: DateTime,
    /// The authority's case reference, if it gave one.
    pub reference: Option<String>,
}

/// A new assessment; at least one of the two fields.
#[derive(InputObject)]
pub struct ReassessBreachInput {
    /// The breach's id.
    pub breach_id: ID,
    /// The new risk level.
    pub risk_level: Option<RiskLevel>,
    /// A new containment note.
    pub containment: Option<String>,
}

/// The notice to send every affected account on record.
#[derive(InputObject)]
pub struct NotifyBreachSubjectsInput {
    /// The breach's id.
    pub breach_id: ID,
    /// The notice in plain language: what happened, the likely consequences, what was
    /// done, and what the person can do. The DPO contact is appended.
    pub message: String,
}

/// Accounts found to be affected after the breach was recorded.
#[derive(InputObject)]
pub struct AddBreachSubjectsInput {
    /// The breach's id.
    pub breach_id: ID,
    /// Accounts found to be affected since the breach was recorded (`User` ids).
    pub user_ids: Vec<ID>,
    /// Required once the affected people have been notified: the notice for those added
    /// now, who are then told at once. Refused before that.
    pub message: Option<String>,
}

/// The breach, recorded.
#[derive(SimpleObject, Default)]
pub struct RecordBreachPayload {
    /// The breach as entered in the register.
    pub breach: Option<Breach>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The breach with the notification on record.
#[derive(SimpleObject, Default)]
pub struct RecordBreachAuthorityNotificationPayload {
    /// The breach as it is now, with the deadline met (or late).
    pub breach: Option<Breach>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The breach with its new assessment.
#[derive(SimpleObject, Default)]
pub struct ReassessBreachPayload {
    /// The breach as it is now.
    pub breach: Option<Breach>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The breach with its new subjects.
#[derive(SimpleObject, Default)]
pub struct AddBreachSubjectsPayload {
    /// The breach as it is now.
    pub breach: Option<Breach>,
    /// Accounts newly on record; ones already listed are not counted.
    pub added: Option<i32>,
    /// Notices queued for the accounts added (once the others were told).
    pub notices_queued: Option<i32>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The breach and the notices queued.
#[derive(SimpleObject, Default)]
pub struct NotifyBreachSubjectsPayload {
    /// The breach as it is now.
    pub breach: Option<Breach>,
    /// How many notices were queued.
    pub notices_queued: Option<i32>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

crate::payload!(
    RecordBreachPayload,
    RecordBreachAuthorityNotificationPayload,
    ReassessBreachPayload,
    AddBreachSubjectsPayload,
    NotifyBreachSubjectsPayload
);

fn breach_id(input: &ID) -> ApiResult<Uuid> {
    GlobalId::expect("input.breachId", input, NodeKind::Breach)
}

async fn reload(ctx: &Context<'_>, officer: &ComplianceOfficer, id: Uuid) -> ApiResult<Option<Breach>> {
    let svc = svc(ctx)?;
    Ok(Some(Breach(service::breaches::get(&svc, officer, id).await?)))
}

fn count(n: impl TryInto<i32>) -> Option<i32> {
    Some(n.try_into().unwrap_or(i32::MAX))
}

#[Object]
impl BreachesMutation {
    /// Records a breach (compliance officers only). Authority deadlines start from
    /// `becameAwareAt`: 72 hours under GDPR Art. 33, others per jurisdiction.
    async fn record_breach(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: RecordBreachInput,
    ) -> PayloadResult<RecordBreachPayload> {
        settle(async move {
            let officer = require_compliance_officer(ctx).await?;
            let affected_users = input
                .affected_user_ids
                .iter()
                .enumerate()
                .map(|(i, id)| GlobalId::expect(&format!("input.affectedUserIds.{i}"), id, NodeKind::User))
                .collect::<ApiResult<Vec<_>>>()?;
            let svc = svc(ctx)?;
            let request = idempotency::Request {
                user_id: officer.user_id(),
                operation: "recordBreach",
                key: input.idempotency_key.as_deref(),
                input: json!({
                    "detectedAt": input.detected_at.0,
                    "becameAwareAt": input.became_aware_at.0,
                    "description": input.description,
                    "dataCategories": input.data_categories,
                    "subjectsEstimate": input.subjects_estimate.0,
                    "affectedUsers": affected_users,
                    "riskLevel": format!("{:?}", input.risk_level),
                    "containment": input.containment,
                    "jurisdictions": input.jurisdictions,
                }),
            };
            let new = NewBreach {
                detected_at: input.detected_at.into(),
                became_aware_at: input.became_aware_at.into(),
                description: input.description,
                data_categories: input.data_categories,
                subjects_estimate: input.subjects_estimate.0,
                affected_users,
                risk_level: input.risk_level.into(),
                containment: input.containment,
                jurisdictions: input.jurisdictions,
                recorded_by: None,
            };
            let result = idempotency::once(&svc, request, || async {
                let breach = service::breaches::record(&svc, &officer, new).await?;
                Ok(json!({ "breachId": breach.id }))
            })
            .await?;
            let id = result["breachId"].as_str().and_then(|s| Uuid::parse_str(s).ok());
            let id = id.ok_or_else(|| ApiError::internal(anyhow::anyhow!("recordBreach result without an id")))?;
            Ok(RecordBreachPayload { breach: reload(ctx, &officer, id).await?, user_errors: Vec::new() })
        })
        .await
    }

    /// Records that a jurisdiction's authority was notified (compliance officers only).
    async fn record_breach_authority_notification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: RecordBreachAuthorityNotificationInput,
    ) -> PayloadResult<RecordBreachAuthorityNotificationPayload> {
        settle(async move {
            let officer = require_compliance_officer(ctx).await?;
            let id = breach_id(&input.breach_id)?;
            let notification = AuthorityNotification {
                jurisdiction: input.jurisdiction,
                notified_at: input.notified_at.into(),
                reference: input.reference,
                recorded_by: None,
            };
            service::breaches::notify_authority(&svc(ctx)?, &officer, id, notification).await?;
            Ok(RecordBreachAuthorityNotificationPayload {
                breach: reload(ctx, &officer, id).await?,
                user_errors: Vec::new(),
            })
        })
        .await
    }

    /// Appends a new risk level and/or containment note (compliance officers only).
    async fn reassess_breach(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: ReassessBreachInput,
    ) -> PayloadResult<ReassessBreachPayload> {
        settle(async move {
            let officer = require_compliance_officer(ctx).await?;
            let id = breach_id(&input.breach_id)?;
            let assessment = Assessment {
                risk_level: input.risk_level.map(Into::into),
                containment: input.containment,
                recorded_by: None,
            };
            service::breaches::reassess(&svc(ctx)?, &officer, id, assessment).await?;
            Ok(ReassessBreachPayload { breach: reload(ctx, &officer, id).await?, user_errors: Vec::new() })
        })
        .await
    }

    /// Adds accounts found to be affected after recording (compliance officers only).
    async fn add_breach_subjects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: AddBreachSubjectsInput,
    ) -> PayloadResult<AddBreachSubjectsPayload> {
        settle(async move {
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
                added: count(added.added),
                notices_queued: count(added.notices_queued),
                user_errors: Vec::new(),
            })
        })
        .await
    }

    /// Queues a notice to every affected account on record, once, for a high-risk breach
    /// (compliance officers only).
    async fn notify_breach_subjects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: NotifyBreachSubjectsInput,
    ) -> PayloadResult<NotifyBreachSubjectsPayload> {
        settle(async move {
            let officer = require_compliance_officer(ctx).await?;
            let id = breach_id(&input.breach_id)?;
            let event = service::breaches::notify_subjects(&svc(ctx)?, &officer, id, &input.message).await?;
            Ok(NotifyBreachSubjectsPayload {
                breach: reload(ctx, &officer, id).await?,
                notices_queued: Some(event.notices_queued.unwrap_or(0)),
                user_errors: Vec::new(),
            })
        })
        .await
    }
}
