use super::PolicyVersion;
use crate::{
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{Conn, PageArgs, paginate},
    },
    service,
};
use async_graphql::{Context, Object};
use entity::policy_versions;

#[derive(Default)]
pub struct PoliciesQuery;

#[Object]
impl PoliciesQuery {
    /// Every published privacy-policy version, oldest first. Public.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn policy_versions(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<PolicyVersion>> {
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::policies::all(),
            policy_versions::Column::Id,
            |p| p.id,
            PageArgs::new(after, before, first, last),
            PolicyVersion,
        )
        .await
    }
}
