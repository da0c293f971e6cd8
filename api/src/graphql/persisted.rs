//! Persisted queries: Apollo's automatic persisted queries (APQ) for every client, plus an
//! allow-list that, in persisted-only mode, is the only thing the server runs. The check
//! sits in request preparation, which HTTP, batches and WebSocket subscriptions all pass.

use crate::{config::AllowList, error::ErrorCode};
use async_graphql::{
    Request, ServerResult,
    extensions::{
        Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
        apollo_persisted_queries::{CacheStorage, LruCacheStorage},
    },
};
use std::sync::Arc;

pub struct PersistedQueries {
    allow_list: Arc<AllowList>,
    only: bool,
    /// Registered at run time; `None` when APQ is off (persisted-only, or a cache of 0).
    registered: Option<LruCacheStorage>,
}

impl PersistedQueries {
    pub fn new(allow_list: AllowList, only: bool, cache: usize) -> Self {
        let registered = (!only && cache > 0).then(|| LruCacheStorage::new(cache));
        Self { allow_list: Arc::new(allow_list), only, registered }
    }
}

impl ExtensionFactory for PersistedQueries {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Run { allow_list: self.allow_list.clone(), only: self.only, registered: self.registered.clone() })
    }
}

struct Run {
    allow_list: Arc<AllowList>,
    only: bool,
    registered: Option<LruCacheStorage>,
}

#[derive(serde::Deserialize)]
struct PersistedQuery {
    version: i32,
    #[serde(rename = "sha256Hash")]
    sha256_hash: String,
}

/// Apollo Client retries with the full text on exactly this message.
const NOT_FOUND: &str = "PersistedQueryNotFound";

impl Run {
    async fn resolve(&self, mut request: Request) -> ServerResult<Request> {
        let named = match request.extensions.remove("persistedQuery") {
            Some(value) => {
                let named: PersistedQuery = async_graphql::from_value(value).map_err(|_| {
                    ErrorCode::BadUserInput.server_error("extensions.persistedQuery must be { version: 1, sha256Hash }")
                })?;
                if named.version != 1 {
                    return Err(ErrorCode::BadUserInput.server_error("only persistedQuery version 1 is supported"));
                }
                Some(named.sha256_hash.to_ascii_lowercase())
            }
            None => None,
        };
        let hashed = named.is_some() || !self.allow_list.queries.is_empty();
        let text = (hashed && !request.query.is_empty()).then(|| AllowList::hash(&request.query));
        if let (Some(named), Some(actual)) = (&named, &text)
            && named != actual
        {
            return Err(ErrorCode::BadUserInput.server_error("the sha256Hash does not match the query text"));
        }
        let hash = named.clone().or(text);
        if let Some((query, document)) = hash.as_deref().and_then(|h| self.allow_list.get(h)) {
            request.query = query.clone();
            request.set_parsed_query(document.clone());
            return Ok(request);
        }
        if self.only {
            return Err(if request.query.is_empty() {
                ErrorCode::PersistedQueryNotFound.server_error(NOT_FOUND)
            } else {
                ErrorCode::PersistedQueryRequired
                    .server_error("this server runs only allow-listed persisted queries; send a known sha256Hash")
            });
        }
        let (Some(named), Some(registered)) = (named, &self.registered) else {
            return Ok(request);
        };
        if request.query.is_empty() {
            let document =
                registered.get(named).await.ok_or_else(|| ErrorCode::PersistedQueryNotFound.server_error(NOT_FOUND))?;
            request.set_parsed_query(document);
        } else {
            let document = async_graphql::parser::parse_query(&request.query)?;
            registered.set(named, document.clone()).await;
            request.set_parsed_query(document);
        }
        Ok(request)
    }
}

#[async_trait::async_trait]
impl Extension for Run {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let request = self.resolve(request).await?;
        next.run(ctx, request).await
    }
}
