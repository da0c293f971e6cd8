use super::User;
use crate::{auth::caller, error::ApiResult, graphql::context::svc, service};
use async_graphql::{Context, Object};

#[derive(Default)]
pub struct AccountsQuery;

#[Object]
impl AccountsQuery {
    /// The signed-in person (or the owner of the API key in use).
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<User> {
        let caller = caller(ctx)?;
        let svc = svc(ctx)?;
        Ok(User(service::accounts::find(&svc, caller.user_id).await?))
    }
}
