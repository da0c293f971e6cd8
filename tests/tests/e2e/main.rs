//! One integration-test binary: every test starts the real server on a loopback port
//! and speaks GraphQL to it over HTTP or WebSocket.

mod accounts;
mod api_keys;
mod audit;
mod connections;
mod cross_tenant;
mod data_map;
mod limits;
mod media;
mod publishing;
mod publishing_recovery;
mod schema;
mod vault;
mod websocket;
mod workspaces;
