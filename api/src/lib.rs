//! Postwarden: a GraphQL API for social-media publishing with a privacy engine at its core.

pub mod analytics;
pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod ids;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod passwords;
pub mod platforms;
pub mod ports;
pub mod publishing;
pub mod queue;
pub mod server;
pub mod service;
pub mod state;
pub mod telemetry;
pub mod vault;

pub use app::App;
