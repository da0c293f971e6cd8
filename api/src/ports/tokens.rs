//! The token revoker port over the vault and the platform clients: the calls disconnecting
//! makes (the refresh token first, then the access token, through `oauth::revoke`), told
//! apart finely enough for erasure to know what may be retried.

use crate::{
    platforms::{Provider, Revocation},
    queue::backoff,
    service::connections::revocation::revoke_at_platform,
    state::AppState,
    vault::{self, Owner},
};
use async_trait::async_trait;
use compliance::ports::{RevokeError, RevokeOutcome, RevokeRequest, TokenRevoker};
use entity::{connections, vault_secrets};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

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
