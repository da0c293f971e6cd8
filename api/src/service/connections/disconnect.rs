//! Disconnecting ends our access at once: revoke at the platform where it can be done,
//! then delete the tokens and the connection whatever the platform answered.

use super::{get, store::platform_name};
use crate::{
    auth::WorkspaceAccess,
    error::Result,
    platforms::{Provider, Revocation as Kind},
    service::Svc,
    vault::{self, Owner},
};
use compliance::{audit::AuditEvent, db::begin_write};
use entity::connections;
use sea_orm::EntityTrait;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revocation {
    /// The platform confirmed the token is revoked.
    Confirmed,
    /// We asked and the platform did not confirm (or we could not ask: the token did not
    /// open). The tokens are deleted all the same.
    NotConfirmed,
    /// The platform offers no revocation (Pinterest, Telegram).
    NotSupported,
}

impl Revocation {
    fn as_str(self) -> &'static str {
        match self {
            Revocation::Confirmed => "confirmed",
            Revocation::NotConfirmed => "not_confirmed",
            Revocation::NotSupported => "not_supported",
        }
    }
}

pub struct Disconnected {
    pub connection_id: Uuid,
    pub revocation: Revocation,
}

pub async fn disconnect(svc: &Svc<'_>, access: &WorkspaceAccess, id: Uuid) -> Result<Disconnected> {
    let state = svc.state;
    let connection = get(&state.db, access, id).await?;
    let revocation = revoke(svc, &connection).await;

    let txn = begin_write(&state.db).await?;
    let cancelled = crate::service::posts::cancel_for_connection(&txn, svc, connection.id).await?;
    vault::delete_all(&txn, Owner::Connection(connection.id)).await?;
    connections::Entity::delete_by_id(connection.id).exec(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(access.actor(), "connection.disconnected")
            .subject(access.user_id())
            .object("connection", connection.id)
            .detail(json!({
                "workspace_id": connection.workspace_id,
                "platform": platform_name(connection.platform),
                "revocation": revocation.as_str(),
                "publishes_cancelled": cancelled,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(Disconnected { connection_id: connection.id, revocation })
}

async fn revoke(svc: &Svc<'_>, connection: &connections::Model) -> Revocation {
    let state = svc.state;
    let Some(provider) = Provider::resolve(connection.platform, &state.config.platforms) else {
        return Revocation::NotSupported;
    };
    if provider.def.revocation == Kind::None {
        return Revocation::NotSupported;
    }
    let attempt = super::revocation::revoke_at_platform(state, &provider, connection.id).await;
    let settled = attempt.refused + attempt.unavailable == 0;
    if attempt.confirmed > 0 && settled { Revocation::Confirmed } else { Revocation::NotConfirmed }
}
