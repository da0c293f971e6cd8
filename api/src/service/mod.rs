//! Domain operations behind the resolvers. Each takes a [`Svc`] (state plus the request's
//! id for the audit trail) and, for workspace data, the [`crate::auth::WorkspaceAccess`]
//! that proves the caller was authorised.

pub mod accounts;
pub mod api_keys;
pub mod audit_log;
pub mod breaches;
pub mod connections;
pub mod consent;
pub mod idempotency;
pub mod invitations;
pub mod marketing;
pub mod media;
pub mod media_purge;
pub mod policies;
pub mod posts;
pub mod pull_schedule;
pub mod roles;
pub mod sessions;
pub mod throttle;
pub mod validate;
pub mod webhooks;
pub mod workspaces;

use crate::{error::Result, state::AppState};
use compliance::audit::{self, AuditEvent};
use sea_orm::{ConnectionTrait, TransactionTrait};

pub struct Svc<'a> {
    pub state: &'a AppState,
    pub request_id: Option<String>,
}

impl<'a> Svc<'a> {
    pub fn new(state: &'a AppState, request_id: Option<String>) -> Self {
        Self { state, request_id }
    }

    /// For jobs and CLI commands, which have no request.
    pub fn system(state: &'a AppState) -> Self {
        Self { state, request_id: None }
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.state.clock.now()
    }

    /// Appends to the audit chain inside the caller's transaction.
    pub async fn audit<C>(&self, db: &C, event: AuditEvent) -> Result<()>
    where
        C: ConnectionTrait + TransactionTrait,
    {
        audit::append(db, self.state.clock.as_ref(), event.request_id(self.request_id.clone())).await?;
        Ok(())
    }
}
