use super::{Consent, ConsentEvent};
use crate::{
    auth::{require_platform_role, require_session},
    error::ApiError,
    graphql::{
        context::{meta, svc},
        enums::ConsentChannel,
        payload::{PayloadResult, UserError, settle},
        scalars::BigInt,
    },
    service::{self, idempotency},
};
use async_graphql::{Context, InputObject, Object, SimpleObject};
use serde_json::json;

#[derive(Default)]
pub struct ConsentMutation;

/// One consent choice.
#[derive(InputObject)]
pub struct SetConsentInput {
    /// A purpose key from `consentPurposes`, such as `product_updates`.
    pub purpose_key: String,
    /// True to grant, false to withdraw.
    pub granted: bool,
    /// Where you made the choice; the web app by default.
    #[graphql(default)]
    pub channel: ConsentChannel,
}

/// The result of `setConsent`.
#[derive(SimpleObject, Default)]
pub struct SetConsentPayload {
    /// The ledger event written.
    pub event: Option<ConsentEvent>,
    /// Where the purpose stands for you now.
    pub consent: Option<Consent>,
    /// An unknown purpose, or one that cannot be withdrawn (INVALID).
    pub user_errors: Vec<UserError>,
}

/// A product-update email.
#[derive(InputObject)]
pub struct SendProductUpdateInput {
    /// The email's subject line.
    pub subject: String,
    /// Plain text.
    pub body: String,
    /// Makes retries safe: a retry with the same key and input within 24 hours queues
    /// nothing again and returns the first answer. At most 128 characters.
    pub idempotency_key: Option<String>,
}

/// The result of `sendProductUpdate`.
#[derive(SimpleObject, Default)]
pub struct SendProductUpdatePayload {
    /// Emails queued, one per account that allows `product_updates`.
    pub queued: Option<BigInt>,
    /// Accounts left out because they do not allow `product_updates`.
    pub not_allowed: Option<BigInt>,
    /// Problems with the input, or a reused idempotency key.
    pub user_errors: Vec<UserError>,
}

crate::payload!(SetConsentPayload, SendProductUpdatePayload);

#[Object]
impl ConsentMutation {
    /// Grants or withdraws one purpose. Recorded in the ledger with the policy version in
    /// force; a grant made after a Global Privacy Control withdrawal stands until the
    /// signal arrives again from a new session. Needs a signed-in session.
    async fn set_consent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: SetConsentInput,
    ) -> PayloadResult<SetConsentPayload> {
        settle(async move {
            let user = require_session(ctx)?;
            let svc = svc(ctx)?;
            let (event, state) =
                service::consent::set(&svc, &user, &input.purpose_key, input.granted, input.channel.into(), &meta(ctx))
                    .await
                    .map_err(|e| {
                        // The service names the purpose `purpose`; the input calls it `purposeKey`.
                        let mut err = ApiError::from(e);
                        for p in &mut err.problems {
                            if p.field == "input.purpose" {
                                p.field = "input.purposeKey".into();
                            }
                        }
                        err
                    })?;
            Ok(SetConsentPayload { event: Some(ConsentEvent(event)), consent: Some(state.into()), user_errors: vec![] })
        })
        .await
    }

    /// Queues a product-update email to every account that allows `product_updates` at
    /// this moment, and to no one else. Admins only.
    async fn send_product_update(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: SendProductUpdateInput,
    ) -> PayloadResult<SendProductUpdatePayload> {
        settle(async move {
            let admin = require_platform_role(ctx, entity::sea_orm_active_enums::PlatformRole::Admin).await?;
            let svc = svc(ctx)?;
            let request = idempotency::Request {
                user_id: admin.user_id,
                operation: "sendProductUpdate",
                key: input.idempotency_key.as_deref(),
                input: json!({ "subject": input.subject, "body": input.body }),
            };
            let result = idempotency::once(&svc, request, || async {
                let sent = service::marketing::send_product_update(&svc, &admin, &input.subject, &input.body).await?;
                Ok(json!({ "queued": sent.queued, "notAllowed": sent.not_allowed }))
            })
            .await?;
            let count = |name: &str| result[name].as_u64().map(BigInt::from);
            Ok(SendProductUpdatePayload {
                queued: count("queued"),
                not_allowed: count("notAllowed"),
                user_errors: vec![],
            })
        })
        .await
    }
}
