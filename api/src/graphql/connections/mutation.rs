use super::SocialAccount;
use crate::{
    auth::{Access, Action, Domain, authorize, load_authorized},
    graphql::{
        context::svc,
        enums::Platform,
        payload::{PayloadResult, UserError, settle},
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
    },
    service::{self, connections::Revocation},
};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use entity::connections;
use secrecy::SecretString;

#[derive(Default)]
pub struct ConnectionsMutation;

/// Which workspace gets the account, and on which platform.
#[derive(InputObject)]
pub struct ConnectSocialAccountInput {
    /// The workspace to connect the account to.
    pub workspace_id: ID,
    /// An OAuth platform (see `platforms`; Telegram uses `connectTelegramAccount`).
    pub platform: Platform,
}

/// Where to send the person to grant access.
#[derive(SimpleObject, Default)]
pub struct ConnectSocialAccountPayload {
    /// Send the person here; the platform returns them to our callback, which returns them
    /// to the app with `socialAccountId=<id>` (or `error=<reason>`) in the query string.
    pub authorization_url: Option<String>,
    /// The handshake must finish by then.
    pub expires_at: Option<DateTime>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// A Telegram bot and the chat it posts to. No `Debug`: carries a bot token.
#[derive(InputObject)]
pub struct ConnectTelegramAccountInput {
    /// The workspace to connect the chat to.
    pub workspace_id: ID,
    /// From @BotFather. Stored encrypted; never shown again.
    pub bot_token: String,
    /// A numeric chat id, or `@channel` for a public channel.
    pub chat_id: String,
}

/// The Telegram chat, connected.
#[derive(SimpleObject, Default)]
pub struct ConnectTelegramAccountPayload {
    /// The connected chat.
    pub social_account: Option<SocialAccount>,
    /// What was wrong with the input (e.g. a token Telegram refuses).
    pub user_errors: Vec<UserError>,
}

/// The account to ask the platform about.
#[derive(InputObject)]
pub struct CheckSocialAccountInput {
    /// The social account's id.
    pub social_account_id: ID,
}

/// The account as the platform now describes it.
#[derive(SimpleObject, Default)]
pub struct CheckSocialAccountPayload {
    /// The account, with its status and name brought up to date.
    pub social_account: Option<SocialAccount>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The account to disconnect.
#[derive(InputObject)]
pub struct DisconnectSocialAccountInput {
    /// The social account's id.
    pub social_account_id: ID,
}

/// What the platform said when we withdrew our access.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "Revocation")]
pub enum RevocationOutcome {
    /// The platform confirmed our access is revoked.
    Confirmed,
    /// The platform did not confirm; our copy of the tokens is deleted regardless.
    NotConfirmed,
    /// The platform offers no revocation; our copy of the tokens is deleted.
    NotSupported,
}

/// The account is gone from the workspace.
#[derive(SimpleObject, Default)]
pub struct DisconnectSocialAccountPayload {
    /// The id the account had; drop it from caches.
    pub disconnected_social_account_id: Option<ID>,
    /// Whether the platform confirmed the revocation.
    pub revocation: Option<RevocationOutcome>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

crate::payload!(
    ConnectSocialAccountPayload,
    ConnectTelegramAccountPayload,
    CheckSocialAccountPayload,
    DisconnectSocialAccountPayload
);

const WRITE: Action = Action(Domain::Connections, Access::Write);

#[Object]
impl ConnectionsMutation {
    /// Begins connecting a social account over OAuth (editors and owners) and returns the
    /// platform's authorization URL.
    async fn connect_social_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: ConnectSocialAccountInput,
    ) -> PayloadResult<ConnectSocialAccountPayload> {
        settle(async move {
            let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
            let access = authorize(ctx, workspace_id, WRITE).await?;
            let started = service::connections::start(&svc(ctx)?, &access, input.platform.into()).await?;
            Ok(ConnectSocialAccountPayload {
                authorization_url: Some(started.authorization_url),
                expires_at: Some(started.expires_at.into()),
                user_errors: Vec::new(),
            })
        })
        .await
    }

    /// Connects a Telegram chat through your bot (editors and owners).
    async fn connect_telegram_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: ConnectTelegramAccountInput,
    ) -> PayloadResult<ConnectTelegramAccountPayload> {
        settle(async move {
            let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
            let access = authorize(ctx, workspace_id, WRITE).await?;
            let token = SecretString::from(input.bot_token);
            let account = service::connections::connect_telegram(&svc(ctx)?, &access, token, &input.chat_id).await?;
            Ok(ConnectTelegramAccountPayload { social_account: Some(SocialAccount(account)), user_errors: Vec::new() })
        })
        .await
    }

    /// Asks the platform whether the account still works, and updates its name
    /// (editors and owners).
    async fn check_social_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: CheckSocialAccountInput,
    ) -> PayloadResult<CheckSocialAccountPayload> {
        settle(async move {
            let id = GlobalId::expect("input.socialAccountId", &input.social_account_id, NodeKind::Connection)?;
            let (_, access) = load_authorized::<connections::Entity>(ctx, id, WRITE).await?;
            let account = service::connections::check(&svc(ctx)?, &access, id).await?;
            Ok(CheckSocialAccountPayload { social_account: Some(SocialAccount(account)), user_errors: Vec::new() })
        })
        .await
    }

    /// Revokes our access at the platform where it can, then deletes the tokens and the
    /// account at once, whatever the platform answered (editors and owners).
    async fn disconnect_social_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: DisconnectSocialAccountInput,
    ) -> PayloadResult<DisconnectSocialAccountPayload> {
        settle(async move {
            let id = GlobalId::expect("input.socialAccountId", &input.social_account_id, NodeKind::Connection)?;
            let (_, access) = load_authorized::<connections::Entity>(ctx, id, WRITE).await?;
            let done = service::connections::disconnect(&svc(ctx)?, &access, id).await?;
            Ok(DisconnectSocialAccountPayload {
                disconnected_social_account_id: Some(GlobalId::id(NodeKind::Connection, done.connection_id)),
                revocation: Some(done.revocation.into()),
                user_errors: Vec::new(),
            })
        })
        .await
    }
}
