use super::Workspace;
use crate::{
    auth::{Access, Action, Domain, authorize},
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{GlobalId, NodeKind},
    },
    service,
};
use async_graphql::{Context, ID, Object};

#[derive(Default)]
pub struct WorkspacesQuery;

#[Object]
impl WorkspacesQuery {
    /// One workspace you belong to. A workspace that does not exist and one you do not
    /// belong to are both a NOT_FOUND error, alike.
    async fn workspace(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The workspace's global id.")] id: ID,
    ) -> ApiResult<Option<Workspace>> {
        let workspace_id = GlobalId::expect("id", &id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Workspace, Access::Read)).await?;
        Ok(Some(Workspace(service::workspaces::get(&svc(ctx)?.state.db, &access).await?)))
    }
}
