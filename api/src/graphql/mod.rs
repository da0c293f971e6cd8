//! The GraphQL schema, assembled from one Query/Mutation part per domain.

pub mod accounts;
pub mod actor;
pub mod analytics;
pub mod api_keys;
pub mod audit;
pub mod breaches;
pub mod connections;
pub mod consent;
pub mod content;
pub mod context;
pub mod enums;
pub mod extensions;
pub mod loaders;
pub mod payload;
pub mod persisted;
pub mod policies;
pub mod registry;
pub mod relay;
pub mod roles;
pub mod scalars;
pub mod webhooks;
pub mod workspaces;

use crate::config::{AllowList, ConfigError, GraphqlConfig};
use async_graphql::{MergedObject, MergedSubscription, Schema, SchemaBuilder};

/// The root of every read.
///
/// Errors: a mutation reports problems with its input in its payload's `userErrors`
/// (see `UserErrorCode`). Everything else is a top-level error in `errors`, whose
/// `extensions.code` is one of:
///
/// - `UNAUTHENTICATED`: no valid session or API key came with the request.
/// - `FORBIDDEN`: the caller is known but may not do this (role or API-key scope).
/// - `NOT_FOUND`: the object does not exist or belongs to someone else (the two look alike).
/// - `BAD_USER_INPUT`: the request itself is malformed: unparsable JSON or query, unknown
///   fields, bad arguments (e.g. paging).
/// - `LIMIT_EXCEEDED`: the operation is over a limit: depth, complexity, aliases, root
///   fields, body size or upload count.
/// - `CONFLICT`: the object's state does not allow this outside a mutation payload.
/// - `RATE_LIMITED`: too many attempts; `extensions.retryAfter` says how many seconds to wait.
/// - `PERSISTED_QUERY_NOT_FOUND`: the persisted-query hash is unknown; send the query text
///   with it.
/// - `PERSISTED_QUERY_REQUIRED`: this server runs only allow-listed persisted queries.
/// - `INTERNAL`: a fault on the server; `extensions.requestId` names it in the logs.
///
/// Every error also carries `extensions.requestId`.
#[derive(MergedObject, Default)]
pub struct Query(
    relay::NodeQuery,
    accounts::AccountsQuery,
    workspaces::WorkspacesQuery,
    connections::ConnectionsQuery,
    consent::ConsentQuery,
    policies::PoliciesQuery,
    audit::AuditQuery,
    registry::RegistryQuery,
    breaches::BreachesQuery,
);

/// Every change: each mutation takes one `input` and answers a payload whose `userErrors`
/// list what the caller can fix (typed by `UserErrorCode`); other failures are top-level
/// errors with a code listed on `Query`.
#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::AccountsMutation,
    workspaces::WorkspacesMutation,
    api_keys::ApiKeysMutation,
    roles::RolesMutation,
    connections::ConnectionsMutation,
    content::ContentMutation,
    consent::ConsentMutation,
    policies::PoliciesMutation,
    breaches::BreachesMutation,
    webhooks::WebhooksMutation,
);

/// Live updates over WebSocket (the graphql-ws protocol at `/graphql/ws`).
#[derive(MergedSubscription, Default)]
pub struct Subscription(content::ContentSubscription);

pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// The schema with its limits and extensions, without shared state: enough to export the
/// SDL, which needs no database. Fails on a bad persisted-query allow-list.
pub fn builder(
    config: &GraphqlConfig,
    introspection: bool,
) -> Result<SchemaBuilder<Query, Mutation, Subscription>, ConfigError> {
    Ok(assemble(config, config.allow_list()?, introspection))
}

fn assemble(
    config: &GraphqlConfig,
    allow_list: AllowList,
    introspection: bool,
) -> SchemaBuilder<Query, Mutation, Subscription> {
    let mut builder = Schema::build(Query::default(), Mutation::default(), Subscription::default())
        .limit_complexity(config.max_complexity)
        .limit_recursive_depth(64)
        .extension(extensions::ResponsePolicy)
        .extension(extensions::OperationLimits {
            max_depth: config.max_depth,
            max_root_fields: config.max_root_fields,
            max_aliases: config.max_aliases,
        })
        .extension(persisted::PersistedQueries::new(allow_list, config.persisted_only, config.persisted_query_cache));
    if !introspection {
        builder = builder.disable_introspection();
    }
    builder
}

/// The SDL as checked in at the repository root.
pub fn sdl() -> String {
    let config = crate::config::Config::default();
    assemble(&config.graphql, AllowList::default(), true).finish().sdl()
}
