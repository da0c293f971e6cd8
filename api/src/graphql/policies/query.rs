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
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
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
