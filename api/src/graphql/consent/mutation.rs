use super::{Consent, ConsentEvent};
use crate::{
    auth::{require_platform_role, require_session},
    error::ApiResult,
    graphql::{
        context::{meta, svc},
        enums::ConsentChannel,
    },
    service,
};
use async_graphql::{Context, InputObject, Object, SimpleObject};

#[derive(Default)]
pub struct ConsentMutation;

#[derive(InputObject)]
pub struct SetConsentInput {
    /// A purpose id from `consentPurposes`.
    pub purpose: String,
    pub granted: bool,
    /// Where you made the choice; the web app by default.
    #[graphql(default)]
    pub channel: ConsentChannel,
}

#[derive(InputObject)]
pub struct SendProductUpdateInput {
    pub subject: String,
    /// Plain text.
    pub body: String,
}

/// How many were queued, and how many accounts were left out because they said no.
#[derive(SimpleObject)]
pub struct SendProductUpdatePayload {
    pub queued: u64,
    pub not_allowed: u64,
}

/// The event written and the state it produced.
#[derive(SimpleObject)]
pub struct SetConsentPayload {
    pub event: ConsentEvent,
    pub consent: Consent,
}

#[Object]
impl ConsentMutation {
    /// Grants or withdraws one purpose. Recorded in the ledger with the policy version in
    /// force; a grant made after a Global Privacy Control withdrawal stands until the
    /// signal arrives again from a new session. Needs a signed-in session.
    async fn set_consent(&self, ctx: &Context<'_>, input: SetConsentInput) -> ApiResult<SetConsentPayload> {
        let user = require_session(ctx)?;
        let svc = svc(ctx)?;
        let (event, state) =
            service::consent::set(&svc, &user, &input.purpose, input.granted, input.channel.into(), &meta(ctx)).await?;
        Ok(SetConsentPayload { event: ConsentEvent(event), consent: state.into() })
    }

    /// Queues a product-update email to every account that allows `product_updates` at
    /// this moment, and to no one else. Admins only.
    async fn send_product_update(
        &self,
        ctx: &Context<'_>,
        input: SendProductUpdateInput,
    ) -> ApiResult<SendProductUpdatePayload> {
        let admin = require_platform_role(ctx, entity::sea_orm_active_enums::PlatformRole::Admin).await?;
        let sent = service::marketing::send_product_update(&svc(ctx)?, &admin, &input.subject, &input.body).await?;
        Ok(SendProductUpdatePayload { queued: sent.queued, not_allowed: sent.not_allowed })
    }
}
