use super::Breach;
use crate::{
    auth::require_compliance_officer,
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{Conn, PageArgs, paginate},
    },
    service,
};
use async_graphql::{Context, InputObject, Object};
use entity::breaches;

#[derive(Default)]
pub struct BreachesQuery;

#[derive(InputObject, Default)]
/// Narrows the breach register.
pub struct BreachFilter {
    /// Only breaches with (true) or without (false) an overdue authority notification.
    pub overdue: Option<bool>,
}

#[Object]
impl BreachesQuery {
    /// The breach register, oldest first (`last: n` gives the newest), at most 100 a page
    /// (compliance officers only).
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn breaches(
        &self,
        ctx: &Context<'_>,
        filter: Option<BreachFilter>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<Breach>> {
        let officer = require_compliance_officer(ctx).await?;
        let svc = svc(ctx)?;
        let filter = filter.unwrap_or_default();
        paginate(
            &svc.state.db,
            service::breaches::list(&svc, &officer, filter.overdue).await?,
            breaches::Column::Id,
            |b| b.id,
            PageArgs::new(after, before, first, last),
            Breach,
        )
        .await
    }
}
