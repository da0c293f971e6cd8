//! One integration-test binary: every test starts the real server on a loopback port
//! and speaks GraphQL to it over HTTP or WebSocket.

mod accounts;
mod api_keys;
mod audit;
mod audit_log;
mod breaches;
mod consent;
mod cross_tenant;
mod data_map;
mod limits;
mod officer_access;
mod policies;
mod registry;
mod schema;
mod websocket;
mod workspaces;
