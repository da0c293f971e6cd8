use crate::{
    auth::app_state,
    error::ApiResult,
    graphql::{
        enums::Platform,
        loaders::{WorkspaceLoader, load},
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
        workspaces::Workspace,
    },
};
use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::Duration;
use entity::{connections, sea_orm_active_enums::ConnectionStatus as Stored};

/// Whether Postwarden can act for a social account right now.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocialAccountStatus {
    /// Working: posts can be published to it.
    Active,
    /// The token lapses soon and cannot be renewed without you: reconnect.
    Expiring,
    /// We can no longer act for the account: reconnect it.
    NeedsReauth,
    /// Access was withdrawn at the platform; the tokens are deleted.
    Revoked,
}

/// A social account (or Telegram chat) connected to a workspace, to publish to. Its
/// tokens never leave the vault and are never part of this object.
pub struct SocialAccount(pub connections::Model);

/// A social account (or Telegram chat) connected to a workspace, to publish to. Its
/// tokens never leave the vault and are never part of this object.
#[Object]
impl SocialAccount {
    /// The account's global id in Postwarden.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Connection, self.0.id)
    }

    /// The workspace the account is connected to.
    async fn workspace(&self, ctx: &Context<'_>) -> ApiResult<Option<Workspace>> {
        Ok(load::<WorkspaceLoader, _>(ctx, self.0.workspace_id).await?.map(Workspace))
    }

    /// The platform the account lives on.
    async fn platform(&self) -> Platform {
        self.0.platform.into()
    }

    /// The account's own id at the platform (the chat id for Telegram); not a Postwarden id.
    async fn platform_account_id(&self) -> &str {
        &self.0.platform_account_id
    }

    /// The account's display name at the platform, refreshed by `checkSocialAccount`.
    async fn account_name(&self) -> &str {
        &self.0.account_name
    }

    /// The account's picture at the platform, when it has one.
    async fn avatar_url(&self) -> Option<&str> {
        self.0.avatar_url.as_deref()
    }

    /// Whether we can publish to it now; `EXPIRING` and `NEEDS_REAUTH` ask you to reconnect.
    async fn status(&self, ctx: &Context<'_>) -> ApiResult<SocialAccountStatus> {
        let state = app_state(ctx)?;
        let window = Duration::hours(state.config.connections.expiring_window_hours);
        Ok(match self.0.status {
            Stored::NeedsReauth => SocialAccountStatus::NeedsReauth,
            Stored::Revoked => SocialAccountStatus::Revoked,
            Stored::Active
                if !self.0.can_refresh && self.0.expires_at.is_some_and(|t| t <= state.clock.now() + window) =>
            {
                SocialAccountStatus::Expiring
            }
            Stored::Active => SocialAccountStatus::Active,
        })
    }

    /// Why the account needs attention, when it does (e.g. `refresh_rejected`).
    async fn status_reason(&self) -> Option<&str> {
        self.0.status_reason.as_deref()
    }

    /// The permissions the platform granted, as the platform names them.
    async fn scopes(&self) -> Vec<&str> {
        self.0.scopes.split_whitespace().collect()
    }

    /// When the account was connected (or last reconnected).
    async fn connected_at(&self) -> DateTime {
        self.0.connected_at.into()
    }

    /// When we last renewed the access token ourselves; null if never.
    async fn last_refreshed_at(&self) -> Option<DateTime> {
        self.0.last_refreshed_at.map(Into::into)
    }

    /// When the current access token lapses, as the platform told us; null if it does not.
    async fn expires_at(&self) -> Option<DateTime> {
        self.0.expires_at.map(Into::into)
    }

    /// Whether we hold a refresh token and renew access ourselves.
    async fn can_refresh(&self) -> bool {
        self.0.can_refresh
    }
}

/// How a platform's accounts are connected.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectMethod {
    /// OAuth 2.0 with PKCE: start with `connectSocialAccount`.
    Oauth,
    /// A bot token and chat id: `connectTelegramAccount`.
    BotToken,
}

/// What this server offers for one platform.
#[derive(SimpleObject)]
pub struct PlatformInfo {
    /// The platform.
    pub platform: Platform,
    /// False when this server has no app registered with the platform.
    pub available: bool,
    /// How its accounts are connected.
    pub connect_method: ConnectMethod,
    /// The only permissions we ask for.
    pub scopes: Vec<String>,
    /// Whether the platform issues refresh tokens, so access is renewed without you.
    pub issues_refresh_tokens: bool,
    /// Whether disconnecting can revoke our access at the platform too.
    pub supports_revocation: bool,
}
