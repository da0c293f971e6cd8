use super::{ConsentEvent, ConsentPurpose, filter::ConsentEventFilter, my_consents::MyConsents};
use crate::{
    auth::{app_state, require_compliance_officer, require_session},
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{Conn, PageArgs, paginate},
    },
    service,
};
use async_graphql::{Context, Object};
use entity::consent_events;

#[derive(Default)]
pub struct ConsentQuery;

#[Object]
impl ConsentQuery {
    /// The purposes the service asks about, for anyone (a sign-up form shows them).
    async fn consent_purposes(&self, ctx: &Context<'_>) -> ApiResult<Vec<ConsentPurpose>> {
        Ok(app_state(ctx)?.config.compliance.purposes.iter().map(ConsentPurpose::from).collect())
    }

    /// Your consents and their history. Needs a signed-in session.
    async fn my_consents(&self, ctx: &Context<'_>) -> ApiResult<MyConsents> {
        Ok(MyConsents(require_session(ctx)?))
    }

    /// Every consent event, filtered (compliance officers only), oldest first.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn consent_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list; everything when null.")] filter: Option<ConsentEventFilter>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
    ) -> ApiResult<Conn<ConsentEvent>> {
        let officer = require_compliance_officer(ctx).await?;
        let filter = filter.unwrap_or_default().parse()?;
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::consent::events(&officer, &filter),
            consent_events::Column::Id,
            |e| e.id,
            PageArgs::new(after, before, first, last),
            ConsentEvent,
        )
        .await
    }
}
