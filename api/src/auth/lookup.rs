//! Looking up the credential a request presented: a session token or an API key, each
//! stored only as a hash. Authentication owns this lookup, so nothing below the edge
//! needs the services to know who is calling.

use super::{Authn, Caller, CallerKind, ScopeSet, token};
use crate::{error::ApiResult, state::AppState};
use chrono::Duration;
use entity::{api_keys, sessions};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use secrecy::{ExposeSecret, SecretString};

/// Writing `last_used_at` on every request would turn every read into a write.
const LAST_USED_GRANULARITY: Duration = Duration::minutes(1);

pub(super) async fn session(state: &AppState, token: &SecretString) -> ApiResult<Authn> {
    let hash = token::sha256_hex(token.expose_secret());
    let Some(session) = sessions::Entity::find().filter(sessions::Column::TokenHash.eq(hash)).one(&state.db).await?
    else {
        return Ok(Authn::Rejected("the session is not valid; sign in again"));
    };
    let now = state.clock.now();
    if session.expires_at <= now {
        sessions::Entity::delete_by_id(session.id).exec(&state.db).await?;
        return Ok(Authn::Rejected("the session has expired; sign in again"));
    }
    let caller = Caller { user_id: session.user_id, kind: CallerKind::Session { session_id: session.id } };
    if now - session.last_used_at >= LAST_USED_GRANULARITY {
        let mut active = session.into_active_model();
        active.last_used_at = Set(now);
        active.update(&state.db).await?;
    }
    Ok(Authn::Caller(caller))
}

pub(super) async fn api_key(state: &AppState, presented: &SecretString) -> ApiResult<Authn> {
    const REJECTED: Authn = Authn::Rejected("the API key is not valid, has expired or was revoked");
    let Some((prefix, secret)) = token::parse_api_key(presented) else {
        return Ok(REJECTED);
    };
    let Some(key) = api_keys::Entity::find().filter(api_keys::Column::Prefix.eq(prefix)).one(&state.db).await? else {
        return Ok(REJECTED);
    };
    let now = state.clock.now();
    if !token::secret_matches(&secret, &key.secret_hash)
        || key.revoked_at.is_some()
        || key.expires_at.is_some_and(|t| t <= now)
    {
        return Ok(REJECTED);
    }
    let caller = Caller {
        user_id: key.user_id,
        kind: CallerKind::ApiKey {
            key_id: key.id,
            workspace_id: key.workspace_id,
            scopes: ScopeSet::from_stored(&key.scopes),
        },
    };
    if key.last_used_at.is_none_or(|t| now - t >= LAST_USED_GRANULARITY) {
        let mut active = key.into_active_model();
        active.last_used_at = Set(Some(now));
        active.update(&state.db).await?;
    }
    Ok(Authn::Caller(caller))
}
