//! What every request and job shares, built once at start-up.

use crate::{
    config::Config,
    media::{MediaStore, UrlSigner},
    passwords::Passwords,
    vault::KeyRing,
};
use compliance::SharedClock;
use sea_orm::DatabaseConnection;
use std::sync::{Arc, atomic::AtomicU64};

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: DatabaseConnection,
    pub clock: SharedClock,
    pub passwords: Arc<Passwords>,
    pub vault: Arc<KeyRing>,
    /// For calls to the platforms: no redirects followed, bounded timeouts.
    pub http: reqwest::Client,
    /// For webhook deliveries: no redirects, no proxy, and in production only public
    /// addresses (see `service::webhooks::guard`).
    pub webhook_http: reqwest::Client,
    pub media: MediaStore,
    pub media_urls: Arc<UrlSigner>,
    /// Statements sent to the database since start, for tests and diagnostics.
    pub statements: Arc<AtomicU64>,
}

/// Facts about the HTTP request that resolvers may need; never the body.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub request_id: Option<String>,
    pub client_ip: Option<std::net::IpAddr>,
    pub user_agent: Option<String>,
    /// The browser sent `Sec-GPC: 1` (Global Privacy Control).
    pub gpc: bool,
    /// ISO country code from the trusted proxy header named by `compliance.country_header`.
    pub country: Option<String>,
}
