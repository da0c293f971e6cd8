use super::{Consent, ConsentEvent};
use crate::{
    auth::SessionUser,
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{Conn, PageArgs, paginate},
    },
    service,
};
use async_graphql::{Context, Object};
use entity::consent_events;

/// Your consents: where each purpose stands, and every choice you have made.
pub struct MyConsents(pub SessionUser);

/// Your consents: where each purpose stands, and every choice you have made.
#[Object]
impl MyConsents {
    /// Every purpose, in a stable order, with its current state.
    async fn purposes(&self, ctx: &Context<'_>) -> ApiResult<Vec<Consent>> {
        let svc = svc(ctx)?;
        Ok(service::consent::mine(&svc, &self.0).await?.into_iter().map(Consent::from).collect())
    }

    /// The full history, oldest first.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
    ) -> ApiResult<Conn<ConsentEvent>> {
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::consent::my_history(&self.0),
            consent_events::Column::Id,
            |e| e.id,
            PageArgs::new(after, before, first, last),
            ConsentEvent,
        )
        .await
    }
}
