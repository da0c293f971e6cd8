use super::{Authn, SessionUser, authorize};
use crate::{
    error::{ApiError, ApiResult},
    state::AppState,
};
use async_graphql::Context;
use compliance::audit::Actor;
use entity::sea_orm_active_enums::PlatformRole;
use uuid::Uuid;

/// Proof that the caller is a compliance officer, signed in with a session. Only the two
/// functions below make one, and every service function that reads consents, the audit
/// log, breaches or processing records takes it, so the check cannot be skipped. It opens
/// no workspace: posts, media and tokens stay behind membership.
#[derive(Debug, Clone, Copy)]
pub struct ComplianceOfficer {
    user: SessionUser,
}

impl ComplianceOfficer {
    pub fn user_id(&self) -> Uuid {
        self.user.user_id
    }

    pub fn actor(&self) -> Actor {
        self.user.actor()
    }
}

pub async fn require_compliance_officer(ctx: &Context<'_>) -> ApiResult<ComplianceOfficer> {
    let user = authorize::require_platform_role(ctx, PlatformRole::ComplianceOfficer).await?;
    Ok(ComplianceOfficer { user })
}

/// The same check for plain HTTP routes, from the credentials read off the request.
pub async fn compliance_officer_from(state: &AppState, authn: &Authn) -> ApiResult<ComplianceOfficer> {
    let caller = match authn {
        Authn::Caller(caller) => caller,
        Authn::Rejected(reason) => return Err(ApiError::unauthenticated(*reason)),
        Authn::Anonymous => {
            return Err(ApiError::unauthenticated("sign in as a compliance officer"));
        }
    };
    let user = authorize::session_user(caller)?;
    let user = authorize::ensure_role(state, user, PlatformRole::ComplianceOfficer).await?;
    Ok(ComplianceOfficer { user })
}
