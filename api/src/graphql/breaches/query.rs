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
#[graphql(name = "BreachFilterInput")]
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
        #[graphql(desc = "Which items to list; everything when null.")] filter: Option<BreachFilter>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
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
