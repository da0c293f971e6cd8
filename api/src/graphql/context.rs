//! Reaching shared state from a resolver without unwrapping.

use crate::{auth::app_state, error::ApiResult, service::Svc, state::RequestMeta};
use async_graphql::Context;

pub fn svc<'a>(ctx: &Context<'a>) -> ApiResult<Svc<'a>> {
    let state = app_state(ctx)?;
    Ok(Svc::new(state, meta(ctx).request_id))
}

pub fn meta(ctx: &Context<'_>) -> RequestMeta {
    ctx.data_opt::<RequestMeta>().cloned().unwrap_or_default()
}
