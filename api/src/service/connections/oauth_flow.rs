//! The OAuth handshake: `start` records a single-use state bound to the person and the
//! workspace, with the PKCE verifier sealed server-side; the callback consumes it,
//! exchanges the code, reads the profile and stores the connection, or stores nothing.

use super::{
    PKCE_VERIFIER,
    store::{Credentials, Upsert, platform_name, upsert, vault_error},
};
use crate::{
    auth::{WorkspaceAccess, token::sha256_hex},
    config::Config,
    error::{Error, Result},
    platforms::{Provider, oauth, profile},
    service::Svc,
    state::AppState,
    vault::{self, Owner},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use compliance::{audit::Actor, db::begin_write};
use entity::{
    memberships, oauth_states,
    sea_orm_active_enums::{Platform, WorkspaceRole},
};
use oauth2::PkceCodeChallenge;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, Iterable, QueryFilter};
use secrecy::SecretString;
use uuid::Uuid;

pub struct StartedConnection {
    pub authorization_url: String,
    pub expires_at: DateTime<Utc>,
}

fn redirect_uri(config: &Config, platform: Platform) -> String {
    format!("{}/oauth/callback/{}", config.server.public_url.trim_end_matches('/'), platform_name(platform))
}

pub async fn start(svc: &Svc<'_>, access: &WorkspaceAccess, platform: Platform) -> Result<StartedConnection> {
    let config = &svc.state.config;
    if platform == Platform::Telegram {
        return Err(Error::bad_input("platform", "Telegram connects with a bot token: use connectTelegram"));
    }
    let provider = Provider::resolve(platform, &config.platforms)
        .ok_or_else(|| Error::bad_input("platform", "this platform is not available on this server"))?;
    let state_value = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let now = svc.now();
    let expires_at = now + Duration::minutes(config.connections.state_ttl_minutes);
    let row = oauth_states::Model {
        id: Uuid::now_v7(),
        state_hash: sha256_hex(&state_value),
        user_id: access.user_id(),
        workspace_id: access.workspace_id(),
        platform,
        created_at: now,
        expires_at,
    };
    let url = oauth::authorize_url(&provider, &redirect_uri(config, platform), &state_value, challenge)
        .map_err(Error::internal)?;
    let txn = begin_write(&svc.state.db).await?;
    oauth_states::Entity::insert(row.clone().into_active_model()).exec_without_returning(&txn).await?;
    let verifier = SecretString::from(verifier.secret().to_owned());
    vault::put(&txn, &svc.state.vault, now, Owner::OAuthState(row.id), PKCE_VERIFIER, &verifier)
        .await
        .map_err(vault_error)?;
    txn.commit().await?;
    Ok(StartedConnection { authorization_url: url.to_string(), expires_at })
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct CallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum CallbackOutcome {
    Connected {
        connection_id: Uuid,
        platform: Platform,
    },
    /// A short, stable reason the SPA can show; never a platform's raw message.
    Failed {
        reason: &'static str,
    },
}

/// `browser_user` is whoever the browser finishing the handshake is signed in as, if anyone.
pub async fn complete_callback(
    state: &AppState,
    request_id: Option<String>,
    platform: &str,
    params: CallbackParams,
    browser_user: Option<Uuid>,
) -> CallbackOutcome {
    match callback(state, request_id, platform, params, browser_user).await {
        Ok(outcome) => outcome,
        Err(err) => {
            tracing::error!(error = %err.describe(), "OAuth callback failed internally");
            CallbackOutcome::Failed { reason: "internal_error" }
        }
    }
}

async fn callback(
    state: &AppState,
    request_id: Option<String>,
    platform: &str,
    params: CallbackParams,
    browser_user: Option<Uuid>,
) -> Result<CallbackOutcome> {
    let failed = |reason| Ok(CallbackOutcome::Failed { reason });
    let Some(platform) = Platform::iter().find(|p| platform_name(*p) == platform && *p != Platform::Telegram) else {
        return failed("unknown_platform");
    };
    let Some(state_value) = params.state.filter(|s| !s.is_empty()) else {
        return failed("invalid_state");
    };

    // Consumed first, whatever follows: a state works once.
    let txn = begin_write(&state.db).await?;
    let Some(row) = oauth_states::Entity::find()
        .filter(oauth_states::Column::StateHash.eq(sha256_hex(&state_value)))
        .one(&txn)
        .await?
    else {
        return failed("invalid_state");
    };
    let verifier = vault::get(&txn, &state.vault, Owner::OAuthState(row.id), PKCE_VERIFIER).await;
    let consumed = oauth_states::Entity::delete_by_id(row.id).exec(&txn).await?.rows_affected;
    txn.commit().await?;
    let (Ok(Some(verifier)), 1) = (verifier, consumed) else {
        return failed("invalid_state");
    };
    let now = state.clock.now();
    if row.expires_at <= now {
        return failed("expired_state");
    }
    if row.platform != platform {
        return failed("invalid_state");
    }
    // A link one person started, finished in a browser signed in as someone else, would put
    // the second person's account into the first one's workspace.
    if browser_user.is_some_and(|user| user != row.user_id) {
        return failed("wrong_account");
    }
    if let Some(error) = params.error {
        return failed(if error == "access_denied" { "access_denied" } else { "provider_error" });
    }
    let Some(code) = params.code.filter(|c| !c.is_empty()) else {
        return failed("invalid_request");
    };
    // The person may have lost their role in the ten minutes since they started.
    let role = memberships::Entity::find()
        .filter(memberships::Column::WorkspaceId.eq(row.workspace_id))
        .filter(memberships::Column::UserId.eq(row.user_id))
        .one(&state.db)
        .await?
        .map(|m| m.role);
    if role.is_none_or(|r| r < WorkspaceRole::Editor) {
        return failed("forbidden");
    }
    let Some(provider) = Provider::resolve(platform, &state.config.platforms) else {
        return failed("unknown_platform");
    };

    let redirect = redirect_uri(&state.config, platform);
    let tokens = match oauth::exchange_code(&provider, &state.http, &redirect, &code, &verifier).await {
        Ok(tokens) => tokens,
        Err(err) => {
            tracing::warn!(platform = platform_name(platform), error = %err, "code exchange failed");
            return failed("exchange_failed");
        }
    };
    let profile = match profile::fetch(&provider, &state.http, &tokens.access).await {
        Ok(profile) => profile,
        Err(err) => {
            tracing::warn!(platform = platform_name(platform), error = %err, "profile call failed");
            return failed("profile_failed");
        }
    };

    let svc = Svc::new(state, request_id);
    let txn = begin_write(&state.db).await?;
    let connection = upsert(
        &txn,
        Upsert {
            workspace_id: row.workspace_id,
            platform,
            profile,
            credentials: Credentials::OAuth(tokens),
            actor: Actor::User(row.user_id),
            user_id: row.user_id,
            now,
            svc: &svc,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(CallbackOutcome::Connected { connection_id: connection.id, platform })
}
