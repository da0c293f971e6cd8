//! One integration-test binary: every test starts the real server on a loopback port
//! and speaks GraphQL to it over HTTP or WebSocket.

mod accounts;
mod analytics;
mod api_keys;
mod audit;
mod audit_log;
mod breaches;
mod connections;
mod consent;
mod content_access;
mod content_queries;
mod cross_tenant;
mod data_map;
mod data_map_migration;
mod data_map_schema;
mod data_map_seed;
mod data_map_seed_rows;
mod jobs;
mod limits;
mod mail;
mod media;
mod officer_access;
mod policies;
mod publishing;
mod publishing_paths;
mod publishing_recovery;
mod registry;
mod roles_within;
mod schema;
mod secrets;
mod server_edges;
mod vault;
mod webhooks;
mod webhooks_access;
mod websocket;
mod workspaces;
