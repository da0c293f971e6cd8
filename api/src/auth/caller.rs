use super::ScopeSet;
use crate::{error::ApiResult, state::AppState};
use compliance::audit::Actor;
use sea_orm::EntityTrait;
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

/// The name of the one cookie the service sets: essential, HttpOnly, Secure, SameSite=Lax.
pub struct SessionCookie;

impl SessionCookie {
    pub const NAME: &'static str = "pw_session";
}

/// The outcome of reading credentials off a request.
#[derive(Debug, Clone)]
pub enum Authn {
    Anonymous,
    /// Credentials were presented and did not hold; says why, without detail.
    Rejected(&'static str),
    Caller(Caller),
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: Uuid,
    pub kind: CallerKind,
}

#[derive(Debug, Clone)]
pub enum CallerKind {
    Session { session_id: Uuid },
    ApiKey { key_id: Uuid, workspace_id: Uuid, scopes: ScopeSet },
}

impl Caller {
    /// Whether the credential this caller presented still holds: the session not ended or
    /// expired, the API key not revoked or expired. For long-lived connections, which
    /// authenticate once and then keep receiving data.
    pub async fn still_valid(&self, state: &AppState) -> ApiResult<bool> {
        let now = state.clock.now();
        Ok(match &self.kind {
            CallerKind::Session { session_id } => entity::sessions::Entity::find_by_id(*session_id)
                .one(&state.db)
                .await?
                .is_some_and(|s| s.expires_at > now),
            CallerKind::ApiKey { key_id, .. } => entity::api_keys::Entity::find_by_id(*key_id)
                .one(&state.db)
                .await?
                .is_some_and(|k| k.revoked_at.is_none() && k.expires_at.is_none_or(|t| t > now)),
        })
    }

    /// Whether the credential can reach `workspace_id` at all: an API key only its own
    /// workspace, a session any (membership decides).
    pub fn may_reach(&self, workspace_id: Uuid) -> bool {
        match &self.kind {
            CallerKind::Session { .. } => true,
            CallerKind::ApiKey { workspace_id: own, .. } => *own == workspace_id,
        }
    }

    pub fn actor(&self) -> Actor {
        match &self.kind {
            CallerKind::Session { .. } => Actor::User(self.user_id),
            CallerKind::ApiKey { key_id, .. } => Actor::ApiKey(*key_id),
        }
    }
}

impl Authn {
    /// A bearer token wins over the cookie. API keys start `pwk_`; anything else is taken as
    /// a session token.
    pub async fn resolve(
        state: &AppState,
        bearer: Option<SecretString>,
        cookie: Option<SecretString>,
    ) -> ApiResult<Authn> {
        let Some(token) = bearer.or(cookie) else {
            return Ok(Authn::Anonymous);
        };
        if token.expose_secret().starts_with(super::token::API_KEY_PREFIX) {
            super::lookup::api_key(state, &token).await
        } else {
            super::lookup::session(state, &token).await
        }
    }
}
