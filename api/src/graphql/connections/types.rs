use crate::{
    auth::app_state,
    error::ApiResult,
    graphql::{
        enums::Platform,
        relay::{GlobalId, NodeKind},
    },
};
use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Duration, Utc};
use entity::{connections, sea_orm_active_enums::ConnectionStatus as Stored};

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionStatus {
    Active,
    /// The token lapses soon and cannot be renewed without you: reconnect.
    Expiring,
    /// We can no longer act for the account: reconnect it.
    NeedsReauth,
    /// Access was withdrawn at the platform; the tokens are deleted.
    Revoked,
}

/// A social account connected to a workspace. Its tokens never leave the vault.
pub struct PlatformConnection(pub connections::Model);

#[Object]
impl PlatformConnection {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Connection, self.0.id)
    }

    async fn platform(&self) -> Platform {
        self.0.platform.into()
    }

    /// The account's id at the platform (the chat id for Telegram).
    async fn account_id(&self) -> &str {
        &self.0.platform_account_id
    }

    async fn account_name(&self) -> &str {
        &self.0.account_name
    }

    async fn avatar_url(&self) -> Option<&str> {
        self.0.avatar_url.as_deref()
    }

    async fn status(&self, ctx: &Context<'_>) -> ApiResult<ConnectionStatus> {
        let state = app_state(ctx)?;
        let window = Duration::hours(state.config.connections.expiring_window_hours);
        Ok(match self.0.status {
            Stored::NeedsReauth => ConnectionStatus::NeedsReauth,
            Stored::Revoked => ConnectionStatus::Revoked,
            Stored::Active
                if !self.0.can_refresh && self.0.expires_at.is_some_and(|t| t <= state.clock.now() + window) =>
            {
                ConnectionStatus::Expiring
            }
            Stored::Active => ConnectionStatus::Active,
        })
    }

    /// Why the connection needs attention, when it does (e.g. `refresh_rejected`).
    async fn status_reason(&self) -> Option<&str> {
        self.0.status_reason.as_deref()
    }

    /// What the platform granted.
    async fn scopes(&self) -> Vec<&str> {
        self.0.scopes.split_whitespace().collect()
    }

    async fn connected_at(&self) -> DateTime<Utc> {
        self.0.connected_at
    }

    async fn last_refreshed_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_refreshed_at
    }

    /// When the current access token lapses, as the platform told us.
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }

    /// Whether we hold a refresh token and renew access ourselves.
    async fn can_refresh(&self) -> bool {
        self.0.can_refresh
    }
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectMethod {
    /// OAuth 2.0 with PKCE: start with `startConnection`.
    Oauth,
    /// A bot token and chat id: `connectTelegram`.
    BotToken,
}

/// What this server offers for one platform.
#[derive(SimpleObject)]
pub struct PlatformInfo {
    pub platform: Platform,
    /// False when this server has no app registered with the platform.
    pub available: bool,
    pub connect_method: ConnectMethod,
    /// The only permissions we ask for.
    pub scopes: Vec<String>,
    pub issues_refresh_tokens: bool,
    pub supports_revocation: bool,
}
