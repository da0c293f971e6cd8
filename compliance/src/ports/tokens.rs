//! The token revoker port: ending our access at a platform for one connection.

use async_trait::async_trait;
use chrono::Duration;
use uuid::Uuid;

/// One revocation. Call it before the connection row is deleted: the vault secrets go with
/// the row, and with them any way to revoke at the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevokeRequest {
    pub connection_id: Uuid,
    /// Tries already made for this connection (0 the first time); the retry hint grows with it.
    pub attempts: u32,
    /// The last try: if the platform still cannot be reached the secrets are deleted anyway,
    /// so that an outage at a platform never holds back an erasure for good.
    pub final_attempt: bool,
}

impl RevokeRequest {
    pub fn new(connection_id: Uuid) -> Self {
        Self { connection_id, attempts: 0, final_attempt: false }
    }

    /// A retry, after `attempts` earlier tries.
    pub fn retry(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    pub fn final_attempt(mut self) -> Self {
        self.final_attempt = true;
        self
    }
}

/// What a revocation did. In every outcome but a kept [`RevokeOutcome::PlatformUnavailable`]
/// the connection's vault secrets are gone afterwards; the connection row itself is the
/// caller's to delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeOutcome {
    /// The platform confirmed that the tokens no longer grant access (revoked now, or
    /// already invalid). The secrets are deleted.
    Revoked,
    /// The platform offers no revocation (Pinterest, Telegram), or this server has no
    /// credentials for it. The secrets are deleted; access ends when the tokens expire or
    /// the person removes the app at the platform.
    NotSupported,
    /// There was no token left to revoke: the connection is gone, or an earlier try already
    /// finished. Anything else still stored for the connection is deleted.
    AlreadyGone,
    /// The platform answered but did not confirm (it refused the request, or a token did
    /// not open): trying again would not change that. The secrets are deleted.
    NotConfirmed,
    /// The platform could not be reached or said it was unavailable. Unless this was the
    /// final attempt the secrets are kept (`secrets_kept`) so that a try after `retry_after`
    /// can still revoke; on the final attempt they are deleted.
    PlatformUnavailable { retry_after: Duration, secrets_kept: bool },
}

impl RevokeOutcome {
    /// Nothing is left to do for this connection.
    pub fn is_settled(self) -> bool {
        !matches!(self, Self::PlatformUnavailable { secrets_kept: true, .. })
    }

    /// When to try again, for an outcome that is not settled.
    pub fn retry_after(self) -> Option<Duration> {
        match self {
            Self::PlatformUnavailable { retry_after, secrets_kept: true } => Some(retry_after),
            _ => None,
        }
    }

    /// A stable name for audit details.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Revoked => "revoked",
            Self::NotSupported => "not_supported",
            Self::AlreadyGone => "already_gone",
            Self::NotConfirmed => "not_confirmed",
            Self::PlatformUnavailable { secrets_kept: true, .. } => "platform_unavailable",
            Self::PlatformUnavailable { secrets_kept: false, .. } => "platform_unavailable_deleted",
        }
    }
}

/// A failure of our own side (the database), not of the platform's: nothing was decided and
/// the request can be repeated as it was.
#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    #[error("database error")]
    Db(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Internal(String),
}

#[async_trait]
pub trait TokenRevoker: Send + Sync {
    /// Revokes the connection's tokens at its platform where it supports revocation and
    /// deletes its vault secrets as [`RevokeOutcome`] describes. Repeating a settled request
    /// answers [`RevokeOutcome::AlreadyGone`] and asks the platform nothing.
    async fn revoke(&self, request: RevokeRequest) -> Result<RevokeOutcome, RevokeError>;
}
