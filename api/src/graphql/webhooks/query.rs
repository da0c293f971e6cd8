use super::Webhook;
use crate::{
    auth::{Access, Action, Domain, authorize},
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{Conn, GlobalId, NodeKind, PageArgs, paginate},
    },
    service,
};
use async_graphql::{Context, ID, Object};
use entity::webhooks;

#[derive(Default)]
pub struct WebhooksQuery;

#[Object]
impl WebhooksQuery {
    /// A workspace's webhooks (editors and owners).
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn webhooks(
        &self,
        ctx: &Context<'_>,
        workspace_id: ID,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<Webhook>> {
        let workspace_id = GlobalId::expect("workspaceId", &workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Webhooks, Access::Read)).await?;
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::webhooks::in_workspace(&access),
            webhooks::Column::Id,
            |w| w.id,
            PageArgs::new(after, before, first, last),
            Webhook,
        )
        .await
    }
}
