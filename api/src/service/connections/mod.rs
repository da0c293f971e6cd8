//! Connected social accounts: the OAuth handshake, Telegram bots, health, refresh and
//! disconnect. Tokens live only in the vault; nothing here returns or logs one.

mod disconnect;
mod health;
mod oauth_flow;
pub mod refresh;
pub mod revocation;
mod store;
mod telegram;

pub use disconnect::{Disconnected, Revocation, disconnect};
pub use health::{check, display_name, mark_needs_reauth, revoked_at_platform};
pub use oauth_flow::{CallbackOutcome, CallbackParams, StartedConnection, complete_callback, start};
pub use store::platform_name;
pub use telegram::connect_telegram;

use crate::{
    auth::WorkspaceAccess,
    error::{Error, Result},
};
use entity::connections;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

pub const ACCESS_TOKEN: &str = "access_token";
pub const REFRESH_TOKEN: &str = "refresh_token";
pub const BOT_TOKEN: &str = "bot_token";
const PKCE_VERIFIER: &str = "pkce_verifier";

pub fn in_workspace(access: &WorkspaceAccess) -> Select<connections::Entity> {
    connections::Entity::find().filter(connections::Column::WorkspaceId.eq(access.workspace_id()))
}

pub async fn get<C: ConnectionTrait>(db: &C, access: &WorkspaceAccess, id: Uuid) -> Result<connections::Model> {
    in_workspace(access)
        .filter(connections::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("connection"))
}

/// The workspace a connection belongs to, to authorise against; the same answer for a
/// connection that does not exist as for one the caller may not see.
pub async fn workspace_of<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Uuid> {
    connections::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|c| c.workspace_id)
        .ok_or_else(|| Error::not_found("connection"))
}
