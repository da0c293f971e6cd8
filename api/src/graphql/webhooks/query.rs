use super::Webhook;
use crate::{
    auth::{Access, Action, Domain, authorize},
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{Conn, PageArgs, paginate},
    },
    service,
};
use async_graphql::Context;
use entity::webhooks;
use uuid::Uuid;

/// `Workspace.webhooks`: a workspace's webhooks, oldest first (editors and owners).
pub async fn webhooks(ctx: &Context<'_>, workspace_id: Uuid, page: PageArgs) -> ApiResult<Conn<Webhook>> {
    let access = authorize(ctx, workspace_id, Action(Domain::Webhooks, Access::Read)).await?;
    let svc = svc(ctx)?;
    paginate(&svc.state.db, service::webhooks::in_workspace(&access), webhooks::Column::Id, |w| w.id, page, Webhook)
        .await
}
