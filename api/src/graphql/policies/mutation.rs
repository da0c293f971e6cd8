use super::PolicyVersion;
use crate::{
    auth::{require_compliance_officer, require_session},
    graphql::{
        context::svc,
        payload::{PayloadResult, UserError, settle},
        relay::{GlobalId, NodeKind},
        scalars::{BigInt, DateTime},
    },
    service::{self, policies::Draft},
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

#[derive(Default)]
pub struct PoliciesMutation;

/// A new privacy-policy version.
#[derive(InputObject)]
pub struct PublishPolicyVersionInput {
    /// A label such as `2026-12`; unique.
    pub version: String,
    /// What changed, in plain words.
    pub summary: String,
    /// Where the full text is published.
    pub url: String,
    /// A material change must take effect at least 30 days after publication.
    pub material: bool,
    /// When the version takes effect.
    pub effective_at: DateTime,
}

/// The result of `publishPolicyVersion`.
#[derive(SimpleObject, Default)]
pub struct PublishPolicyVersionPayload {
    /// The published version.
    pub policy_version: Option<PolicyVersion>,
    /// Notices queued, one per active account.
    pub notices_queued: Option<BigInt>,
    /// Problems with the input (a material change too soon: INVALID), or a label already
    /// used (ALREADY_EXISTS).
    pub user_errors: Vec<UserError>,
}

/// The version you have read.
#[derive(InputObject)]
pub struct AcknowledgePolicyInput {
    /// A published privacy-policy version.
    pub policy_version_id: ID,
}

/// The result of `acknowledgePolicy`.
#[derive(SimpleObject, Default)]
pub struct AcknowledgePolicyPayload {
    /// The version acknowledged.
    pub policy_version: Option<PolicyVersion>,
    /// When you first acknowledged it.
    pub acknowledged_at: Option<DateTime>,
    /// Problems with the input.
    pub user_errors: Vec<UserError>,
}

crate::payload!(PublishPolicyVersionPayload, AcknowledgePolicyPayload);

#[Object]
impl PoliciesMutation {
    /// Publishes a privacy-policy version and queues a notice to every active account
    /// (compliance officers only). A material change taking effect sooner than 30 days
    /// after publication is refused.
    async fn publish_policy_version(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: PublishPolicyVersionInput,
    ) -> PayloadResult<PublishPolicyVersionPayload> {
        settle(async move {
            let officer = require_compliance_officer(ctx).await?;
            let svc = svc(ctx)?;
            let published = service::policies::publish(
                &svc,
                &officer,
                Draft {
                    version: input.version,
                    summary: input.summary,
                    url: input.url,
                    material: input.material,
                    effective_at: input.effective_at.into(),
                },
            )
            .await?;
            Ok(PublishPolicyVersionPayload {
                policy_version: Some(PolicyVersion(published.version)),
                notices_queued: Some(published.notices_queued.into()),
                user_errors: vec![],
            })
        })
        .await
    }

    /// Records that you have read a policy version. Acknowledging again changes nothing.
    /// Needs a signed-in session.
    async fn acknowledge_policy(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: AcknowledgePolicyInput,
    ) -> PayloadResult<AcknowledgePolicyPayload> {
        settle(async move {
            let user = require_session(ctx)?;
            let id = GlobalId::expect("input.policyVersionId", &input.policy_version_id, NodeKind::PolicyVersion)?;
            let svc = svc(ctx)?;
            let (version, acknowledgement) = service::policies::acknowledge(&svc, &user, id).await?;
            Ok(AcknowledgePolicyPayload {
                policy_version: Some(PolicyVersion(version)),
                acknowledged_at: Some(acknowledgement.acknowledged_at.into()),
                user_errors: vec![],
            })
        })
        .await
    }
}
