use super::PolicyVersion;
use crate::{
    auth::{require_compliance_officer, require_session},
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{GlobalId, NodeKind},
    },
    service::{self, policies::Draft},
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

#[derive(Default)]
pub struct PoliciesMutation;

#[derive(InputObject)]
pub struct PublishPolicyVersionInput {
    /// A label such as `2026-12`; unique.
    pub version: String,
    pub summary: String,
    pub url: String,
    /// A material change must take effect at least 30 days after publication.
    pub material: bool,
    pub effective_at: DateTime<Utc>,
}

#[derive(SimpleObject)]
pub struct PublishPolicyVersionPayload {
    pub policy_version: PolicyVersion,
    /// Notices queued, one per active account.
    pub notices_queued: u64,
}

#[derive(InputObject)]
pub struct AcknowledgePolicyInput {
    pub policy_version_id: ID,
}

#[derive(SimpleObject)]
pub struct AcknowledgePolicyPayload {
    pub policy_version: PolicyVersion,
    pub acknowledged_at: DateTime<Utc>,
}

#[Object]
impl PoliciesMutation {
    /// Publishes a privacy-policy version and queues a notice to every active account
    /// (compliance officers only). A material change taking effect sooner than 30 days
    /// after publication is refused.
    async fn publish_policy_version(
        &self,
        ctx: &Context<'_>,
        input: PublishPolicyVersionInput,
    ) -> ApiResult<PublishPolicyVersionPayload> {
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
                effective_at: input.effective_at,
            },
        )
        .await?;
        Ok(PublishPolicyVersionPayload {
            policy_version: PolicyVersion(published.version),
            notices_queued: published.notices_queued,
        })
    }

    /// Records that you have read a policy version. Acknowledging again changes nothing.
    async fn acknowledge_policy(
        &self,
        ctx: &Context<'_>,
        input: AcknowledgePolicyInput,
    ) -> ApiResult<AcknowledgePolicyPayload> {
        let user = require_session(ctx)?;
        let id = GlobalId::expect("input.policyVersionId", &input.policy_version_id, NodeKind::PolicyVersion)?;
        let svc = svc(ctx)?;
        let (version, acknowledgement) = service::policies::acknowledge(&svc, &user, id).await?;
        Ok(AcknowledgePolicyPayload {
            policy_version: PolicyVersion(version),
            acknowledged_at: acknowledgement.acknowledged_at,
        })
    }
}
