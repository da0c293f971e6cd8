//! The token revoker port over the vault and the platform clients: the calls disconnecting
//! makes (the refresh token first, then the access token, through `oauth::revoke`), told
//! apart finely enough for erasure to know what may be retried.

use crate::{
    queue::backoff,
    platforms::{
        Provider, Revocation,
        oauth::{self, OAuthError, TokenKind},
    },
    service::connections::{ACCESS_TOKEN, REFRESH_TOKEN},
    state::AppState,
    vault::{self, Owner},
};
use async_trait::async_trait;
use compliance::ports::{RevokeError, RevokeOutcome, RevokeRequest, TokenRevoker};
use entity::{connections, vault_secrets};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

/// The first retry after an outage, and the longest wait between retries.
const RETRY_BASE_SECS: i64 = 5 * 60;
const RETRY_CAP_SECS: i64 = 6 * 60 * 60;

#[derive(Clone)]
pub struct VaultRevoker {
    state: AppState,
}

impl std::fmt::Debug for VaultRevoker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VaultRevoker")
    }
}

impl VaultRevoker {
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// What the platform answered for each token sent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Attempt {
    pub confirmed: u32,
    /// The platform has no revocation for this kind of token.
    pub not_offered: u32,
    /// Refused, or a token that did not open: no retry changes that.
    pub refused: u32,
    /// Not reached, or answered that it is unavailable (5xx, 429): worth retrying.
    pub unavailable: u32,
}

/// The status code in a refusal from `oauth::revoke` (`"status 503"`).
fn refused_status(err: &OAuthError) -> Option<u16> {
    match err {
        OAuthError::Rejected(message) => message.strip_prefix("status ")?.parse().ok(),
        _ => None,
    }
}

fn is_transient(err: &OAuthError) -> bool {
    match err {
        OAuthError::Transport(_) => true,
        _ => refused_status(err).is_some_and(|status| status == 429 || status >= 500),
    }
}

/// Asks `provider` to revoke each token `connection_id` holds, refresh token first (at most
/// platforms revoking it ends the whole grant). Deletes nothing.
pub(crate) async fn revoke_at_platform(state: &AppState, provider: &Provider, connection_id: Uuid) -> Attempt {
    let owner = Owner::Connection(connection_id);
    let mut attempt = Attempt::default();
    for (field, kind) in [(REFRESH_TOKEN, TokenKind::Refresh), (ACCESS_TOKEN, TokenKind::Access)] {
        match vault::get(&state.db, &state.vault, owner, field).await {
            Ok(Some(token)) => match oauth::revoke(provider, &state.http, &token, kind).await {
                Ok(true) => attempt.confirmed += 1,
                Ok(false) => attempt.not_offered += 1,
                Err(err) if is_transient(&err) => {
                    attempt.unavailable += 1;
                    tracing::warn!(%connection_id, error = %err, "platform unavailable for revocation");
                }
                Err(err) => {
                    attempt.refused += 1;
                    tracing::warn!(%connection_id, error = %err, "revocation not confirmed");
                }
            },
            Ok(None) => {}
            Err(err) => {
                attempt.refused += 1;
                tracing::warn!(%connection_id, error = %err, "token did not open; cannot revoke");
            }
        }
    }
    attempt
}

#[async_trait]
impl TokenRevoker for VaultRevoker {
    async fn revoke(&self, request: RevokeRequest) -> Result<RevokeOutcome, RevokeError> {
        let state = &self.state;
        let id = request.connection_id;
        let owner = Owner::Connection(id);
        // The secrets are deleted with the row (on delete cascade): no row, nothing to revoke.
        let Some(connection) = connections::Entity::find_by_id(id).one(&state.db).await? else {
            return Ok(RevokeOutcome::AlreadyGone);
        };
        let held =
            vault_secrets::Entity::find().filter(vault_secrets::Column::ConnectionId.eq(id)).count(&state.db).await?;
        if held == 0 {
            return Ok(RevokeOutcome::AlreadyGone);
        }
        let provider = Provider::resolve(connection.platform, &state.config.platforms)
            .filter(|provider| provider.def.revocation != Revocation::None);
        let outcome = match provider {
            None => RevokeOutcome::NotSupported,
            Some(provider) => {
                let attempt = revoke_at_platform(state, &provider, id).await;
                if attempt.unavailable > 0 {
                    let tries = i32::try_from(request.attempts.saturating_add(1)).unwrap_or(i32::MAX);
                    let retry_after = backoff::delay(RETRY_BASE_SECS, RETRY_CAP_SECS, tries);
                    if !request.final_attempt {
                        return Ok(RevokeOutcome::PlatformUnavailable { retry_after, secrets_kept: true });
                    }
                    RevokeOutcome::PlatformUnavailable { retry_after, secrets_kept: false }
                } else if attempt.refused > 0 {
                    RevokeOutcome::NotConfirmed
                } else if attempt.confirmed > 0 {
                    RevokeOutcome::Revoked
                } else if attempt.not_offered > 0 {
                    RevokeOutcome::NotSupported
                } else {
                    // Secrets, but neither an access nor a refresh token among them: nothing to revoke.
                    RevokeOutcome::AlreadyGone
                }
            }
        };
        vault::delete_all(&state.db, owner).await?;
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outages_and_throttling_are_transient_refusals_are_not() {
        assert!(is_transient(&OAuthError::Transport("could not reach the platform".into())));
        assert!(is_transient(&OAuthError::Rejected("status 503".into())));
        assert!(is_transient(&OAuthError::Rejected("status 429".into())));
        assert!(!is_transient(&OAuthError::Rejected("status 401".into())));
        assert!(!is_transient(&OAuthError::Rejected("unreadable".into())));
        assert!(!is_transient(&OAuthError::InvalidGrant));
    }
}
