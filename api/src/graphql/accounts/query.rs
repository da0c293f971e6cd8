use super::User;
use crate::{auth::caller, error::ApiResult, graphql::context::svc, service};
use async_graphql::{Context, Object};

#[derive(Default)]
pub struct AccountsQuery;

#[Object]
impl AccountsQuery {
    /// The signed-in person (or the owner of the API key in use). Without a session or
    /// key this is an UNAUTHENTICATED error.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let caller = caller(ctx)?;
        let svc = svc(ctx)?;
        Ok(Some(User(service::accounts::find(&svc, caller.user_id).await?)))
    }
}
