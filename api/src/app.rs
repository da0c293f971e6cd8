//! Building the service from configuration, and serving it.

use crate::{
    config::Config,
    db,
    graphql::{self, AppSchema},
    media::{MediaStore, UrlSigner},
    passwords::Passwords,
    platforms, server,
    service::webhooks,
    state::AppState,
    vault::KeyRing,
};
use anyhow::Context as _;
use compliance::SharedClock;
use std::{
    future::Future,
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};
use tokio::net::TcpListener;

pub struct App {
    pub state: AppState,
    pub schema: AppSchema,
}

impl App {
    /// Connects, migrates, and assembles the schema; serves nothing yet.
    pub async fn build(config: Config, clock: SharedClock) -> anyhow::Result<Self> {
        // Two TLS crypto providers end up compiled in (the database driver brings one, the
        // HTTP and storage clients another), and rustls then refuses to guess: pick one
        // before any TLS connection is made. A second install (tests build many apps) is a
        // no-op.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let mut db = db::connect(&config).await.context("connecting to the database (database_url)")?;
        db::migrate(&db).await.context("applying migrations")?;
        let passwords = Passwords::new(&config.auth)?;
        let vault = Arc::new(KeyRing::from_config(&config)?);
        let http = platforms::client(Duration::from_secs(config.connections.http_timeout_secs))
            .context("building the platform HTTP client")?;
        let webhook_http = webhooks::guard::client(&config).context("building the webhook HTTP client")?;
        let media = MediaStore::from_config(&config.media, &config.data_dir)?;
        let media_urls = Arc::new(UrlSigner::from_config(&config)?);
        let introspection = config.introspection();
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        let state = AppState {
            config: Arc::new(config),
            db,
            clock,
            passwords,
            vault,
            http,
            webhook_http,
            media,
            media_urls,
            statements,
        };
        let schema = graphql::builder(&state.config.graphql, introspection)?.data(state.clone()).finish();
        Ok(Self { state, schema })
    }

    pub fn router(&self) -> axum::Router {
        server::router(self.state.clone(), self.schema.clone())
    }

    /// Serves on `listener` until `shutdown` resolves.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let router = self.router();
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving HTTP")
    }
}
