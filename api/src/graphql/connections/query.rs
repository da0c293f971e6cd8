use super::{
    SocialAccount,
    types::{ConnectMethod, PlatformInfo},
};
use crate::{
    auth::{Access, Action, Domain, app_state, authorize},
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{Conn, PageArgs, paginate},
    },
    platforms::{Provider, Revocation, provider},
    service,
};
use async_graphql::{Context, Object};
use entity::{connections, sea_orm_active_enums::Platform};
use sea_orm::Iterable;
use uuid::Uuid;

#[derive(Default)]
pub struct ConnectionsQuery;

#[Object]
impl ConnectionsQuery {
    /// The platforms this server can connect, and what each asks for.
    async fn platforms(&self, ctx: &Context<'_>) -> ApiResult<Vec<PlatformInfo>> {
        let config = &app_state(ctx)?.config.platforms;
        Ok(Platform::iter()
            .map(|platform| match provider::definition(platform) {
                Some(def) => PlatformInfo {
                    platform: platform.into(),
                    available: Provider::resolve(platform, config).is_some(),
                    connect_method: ConnectMethod::Oauth,
                    scopes: def.scopes.iter().map(|s| (*s).to_owned()).collect(),
                    issues_refresh_tokens: def.refresh_tokens,
                    supports_revocation: def.revocation != Revocation::None,
                },
                None => PlatformInfo {
                    platform: platform.into(),
                    available: !config.telegram.disabled,
                    connect_method: ConnectMethod::BotToken,
                    scopes: Vec::new(),
                    issues_refresh_tokens: false,
                    supports_revocation: false,
                },
            })
            .collect())
    }
}

/// `Workspace.socialAccounts`: the accounts connected to a workspace, oldest first.
pub async fn social_accounts(ctx: &Context<'_>, workspace_id: Uuid, page: PageArgs) -> ApiResult<Conn<SocialAccount>> {
    let access = authorize(ctx, workspace_id, Action(Domain::Connections, Access::Read)).await?;
    let svc = svc(ctx)?;
    paginate(
        &svc.state.db,
        service::connections::in_workspace(&access),
        connections::Column::Id,
        |c| c.id,
        page,
        SocialAccount,
    )
    .await
}
