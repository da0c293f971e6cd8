use super::PlatformConnection;
use crate::{
    auth::{Access, Action, Domain, authorize, load_authorized},
    error::ApiResult,
    graphql::{
        context::svc,
        enums::Platform,
        relay::{GlobalId, NodeKind},
    },
    service::{self, connections::Revocation},
};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::connections;
use secrecy::SecretString;

#[derive(Default)]
pub struct ConnectionsMutation;

#[derive(InputObject)]
pub struct StartConnectionInput {
    pub workspace_id: ID,
    pub platform: Platform,
}

#[derive(SimpleObject)]
pub struct StartConnectionPayload {
    /// Send the person here; the platform returns them to our callback, which returns them
    /// to the app with the outcome.
    pub authorization_url: String,
    /// The handshake must finish by then.
    pub expires_at: DateTime<Utc>,
}

/// No `Debug`: carries a bot token.
#[derive(InputObject)]
pub struct ConnectTelegramInput {
    pub workspace_id: ID,
    /// From @BotFather. Stored encrypted; never shown again.
    pub bot_token: String,
    /// A numeric chat id, or `@channel` for a public channel.
    pub chat_id: String,
}

#[derive(InputObject)]
pub struct ConnectionIdInput {
    pub connection_id: ID,
}

#[derive(SimpleObject)]
pub struct ConnectionPayload {
    pub connection: PlatformConnection,
}

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

#[derive(SimpleObject)]
pub struct DisconnectConnectionPayload {
    pub disconnected_connection_id: ID,
    pub revocation: RevocationOutcome,
}

#[Object]
impl ConnectionsMutation {
    /// Begins connecting an account over OAuth (editors and owners).
    async fn start_connection(
        &self,
        ctx: &Context<'_>,
        input: StartConnectionInput,
    ) -> ApiResult<StartConnectionPayload> {
        let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Connections, Access::Write)).await?;
        let svc = svc(ctx)?;
        let started = service::connections::start(&svc, &access, input.platform.into()).await?;
        Ok(StartConnectionPayload { authorization_url: started.authorization_url, expires_at: started.expires_at })
    }

    /// Connects a Telegram chat through your bot (editors and owners).
    async fn connect_telegram(&self, ctx: &Context<'_>, input: ConnectTelegramInput) -> ApiResult<ConnectionPayload> {
        let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Connections, Access::Write)).await?;
        let svc = svc(ctx)?;
        let connection =
            service::connections::connect_telegram(&svc, &access, SecretString::from(input.bot_token), &input.chat_id)
                .await?;
        Ok(ConnectionPayload { connection: PlatformConnection(connection) })
    }

    /// Asks the platform whether the connection still works, and updates its name.
    async fn check_connection(&self, ctx: &Context<'_>, input: ConnectionIdInput) -> ApiResult<ConnectionPayload> {
        let id = GlobalId::expect("input.connectionId", &input.connection_id, NodeKind::Connection)?;
        let (_, access) =
            load_authorized::<connections::Entity>(ctx, id, Action(Domain::Connections, Access::Write)).await?;
        let svc = svc(ctx)?;
        Ok(ConnectionPayload { connection: PlatformConnection(service::connections::check(&svc, &access, id).await?) })
    }

    /// Revokes our access at the platform where it can, then deletes the tokens and the
    /// connection at once, whatever the platform answered.
    async fn disconnect_connection(
        &self,
        ctx: &Context<'_>,
        input: ConnectionIdInput,
    ) -> ApiResult<DisconnectConnectionPayload> {
        let id = GlobalId::expect("input.connectionId", &input.connection_id, NodeKind::Connection)?;
        let (_, access) =
            load_authorized::<connections::Entity>(ctx, id, Action(Domain::Connections, Access::Write)).await?;
        let svc = svc(ctx)?;
        let done = service::connections::disconnect(&svc, &access, id).await?;
        Ok(DisconnectConnectionPayload {
            disconnected_connection_id: GlobalId::id(NodeKind::Connection, done.connection_id),
            revocation: done.revocation.into(),
        })
    }
}
