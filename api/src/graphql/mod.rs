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
pub mod policies;
pub mod registry;
pub mod relay;
pub mod roles;
pub mod scalars;
pub mod webhooks;
pub mod workspaces;

use crate::config::GraphqlConfig;
use async_graphql::{
    MergedObject, MergedSubscription, Schema, SchemaBuilder,
    extensions::apollo_persisted_queries::{ApolloPersistedQueries, LruCacheStorage},
};

#[derive(MergedObject, Default)]
pub struct Query(
    relay::NodeQuery,
    accounts::AccountsQuery,
    workspaces::WorkspacesQuery,
    connections::ConnectionsQuery,
    content::ContentQuery,
    analytics::AnalyticsQuery,
    consent::ConsentQuery,
    policies::PoliciesQuery,
    audit::AuditQuery,
    registry::RegistryQuery,
    breaches::BreachesQuery,
);

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

#[derive(MergedSubscription, Default)]
pub struct Subscription(content::ContentSubscription);

pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// The schema with its limits and extensions, without shared state: enough to export the
/// SDL, which needs no database.
pub fn builder(config: &GraphqlConfig, introspection: bool) -> SchemaBuilder<Query, Mutation, Subscription> {
    let mut builder = Schema::build(Query::default(), Mutation::default(), Subscription::default())
        .limit_depth(config.max_depth)
        .limit_complexity(config.max_complexity)
        .limit_recursive_depth(64)
        .extension(extensions::ResponsePolicy)
        .extension(extensions::OperationLimits {
            max_root_fields: config.max_root_fields,
            max_aliases: config.max_aliases,
        })
        .extension(ApolloPersistedQueries::new(LruCacheStorage::new(config.persisted_query_cache)));
    if !introspection {
        builder = builder.disable_introspection();
    }
    builder
}

/// The SDL as checked in at the repository root.
pub fn sdl() -> String {
    let config = crate::config::Config::default();
    builder(&config.graphql, true).finish().sdl()
}
