//! Asking a platform to revoke a connection's tokens, told apart finely enough that a
//! caller knows what a retry could change. Disconnecting and the erasure port both use it.

use super::{ACCESS_TOKEN, REFRESH_TOKEN};
use crate::{
    platforms::{
        Provider,
        oauth::{self, OAuthError, TokenKind},
    },
    state::AppState,
    vault::{self, Owner},
};
use uuid::Uuid;

/// What the platform answered for each token sent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
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
pub async fn revoke_at_platform(state: &AppState, provider: &Provider, connection_id: Uuid) -> Attempt {
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
