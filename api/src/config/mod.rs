//! Typed, layered configuration: defaults, then an optional TOML file, then `POSTWARDEN_*`
//! environment variables (`__` separates nesting, e.g. `POSTWARDEN_SERVER__BIND`) and
//! `DATABASE_URL`. Unknown keys are rejected so a misspelt setting fails loudly.

mod analytics;
mod graphql;
mod mail;
mod media;
mod platforms;
mod webhooks;

pub use analytics::AnalyticsConfig;
use compliance::config::ComplianceConfig;
use figment::{
    Figment,
    providers::{Env, Format, Toml},
};
pub use graphql::AllowList;
pub use mail::{MailConfig, SmtpConfig, SmtpTls};
pub use media::{MediaConfig, StorageKind};
pub use platforms::{OAuthAppConfig, PlatformsConfig};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::{collections::BTreeMap, net::SocketAddr, path::PathBuf};
pub use webhooks::WebhooksConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Development,
    Production,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub mode: Mode,
    /// Where the embedded database, generated keys and local media live.
    pub data_dir: PathBuf,
    /// Defaults to SQLite at `<data_dir>/postwarden.db`. Secret: it may carry a password.
    pub database_url: Option<SecretString>,
    pub database_max_connections: u32,
    pub server: ServerConfig,
    pub graphql: GraphqlConfig,
    pub auth: AuthConfig,
    pub vault: VaultConfig,
    pub connections: ConnectionsConfig,
    pub platforms: PlatformsConfig,
    pub media: MediaConfig,
    pub publishing: PublishingConfig,
    pub analytics: AnalyticsConfig,
    /// Transactional mail: the sender (SMTP or files) and its retry policy.
    pub mail: MailConfig,
    /// Outgoing webhook delivery: retry policy, timeouts.
    pub webhooks: WebhooksConfig,
    pub jobs: JobsConfig,
    /// Consent purposes, processors, records of processing and breach deadlines.
    pub compliance: ComplianceConfig,
    pub log: LogConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    pub bind: SocketAddr,
    /// How clients reach this server; used for links the server hands out.
    pub public_url: String,
    pub graphiql: bool,
    pub cors_origins: Vec<String>,
    pub request_timeout_secs: u64,
    /// Largest JSON request body.
    pub body_limit_bytes: usize,
    /// Largest single file in a multipart upload.
    pub upload_max_file_bytes: usize,
    /// Most files in one multipart upload.
    pub upload_max_files: usize,
    /// Behind a reverse proxy: the header in which it names the client's address
    /// (`x-forwarded-for`, `x-real-ip`). Unset, the connection's peer address counts, which
    /// behind a proxy is the proxy's own and would throttle every client as one.
    pub client_ip_header: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GraphqlConfig {
    pub max_depth: usize,
    pub max_complexity: usize,
    /// Most root fields (aliases included) one operation may select.
    pub max_root_fields: usize,
    /// Most aliased fields anywhere in one operation.
    pub max_aliases: usize,
    /// On in development, off in production unless set.
    pub introspection: Option<bool>,
    /// How many automatically persisted queries (APQ) are remembered; 0 turns APQ off.
    pub persisted_query_cache: usize,
    /// A JSON file `{ "<sha256 hex of the query>": "<query text>" }`: queries a client may
    /// name by hash without having registered them first.
    pub persisted_queries: Option<PathBuf>,
    /// Only the queries in `persisted_queries` run; APQ registration is off.
    pub persisted_only: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    pub min_age_years: u32,
    pub password_min_length: usize,
    pub session_ttl_hours: i64,
    /// The session cookie's `Secure` flag; only a local plain-HTTP setup turns it off.
    pub cookie_secure: bool,
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub argon2_parallelism: u32,
    pub invitation_ttl_days: i64,
    pub throttle: ThrottleConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThrottleConfig {
    pub window_minutes: i64,
    pub lockout_minutes: i64,
    pub max_failures_per_account: i32,
    pub max_failures_per_ip: i32,
}

/// The token vault's key ring. Keys are base64 of 32 random bytes, by id; exactly one is
/// active for new writes. With no key at all, development generates one into the data
/// folder (with a loud warning) and production refuses to start.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VaultConfig {
    pub active_key: Option<String>,
    pub keys: BTreeMap<String, SecretString>,
    /// Keys read from files (one base64 key per file), by id.
    pub key_files: BTreeMap<String, PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectionsConfig {
    /// Where the OAuth callback sends the browser back to, with the outcome in the query.
    pub spa_redirect_url: String,
    pub state_ttl_minutes: i64,
    /// Tokens expiring within this window are refreshed by the refresh job.
    pub refresh_window_minutes: i64,
    /// A token that cannot be refreshed shows as `expiring` this long before it lapses.
    pub expiring_window_hours: i64,
    /// How long one worker holds a connection while refreshing it.
    pub refresh_lease_seconds: i64,
    /// Timeout for calls to the platforms.
    pub http_timeout_secs: u64,
}

impl Default for ConnectionsConfig {
    fn default() -> Self {
        Self {
            spa_redirect_url: "http://localhost:5173/connections".into(),
            state_ttl_minutes: 10,
            refresh_window_minutes: 60,
            expiring_window_hours: 72,
            refresh_lease_seconds: 120,
            http_timeout_secs: 20,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublishingConfig {
    /// Attempts per target before it fails for good.
    pub max_attempts: i32,
    /// First retry delay; each further retry doubles it (with jitter), up to the cap.
    pub backoff_base_secs: i64,
    pub backoff_cap_secs: i64,
    /// How long a worker holds a claimed target before another may take it over.
    pub lease_secs: i64,
    /// Targets one worker claims per round.
    pub batch_size: u64,
    /// Targets one worker sends at once.
    pub concurrency: usize,
    /// Timeout of a single publish request; past it the outcome is unknown.
    pub request_timeout_secs: u64,
    /// How long a media URL handed to a platform (which fetches it) stays valid.
    pub media_url_ttl_minutes: i64,
    /// After a send whose outcome is unknown, how long to wait before asking the platform
    /// again (a new post can take a while to show in its listings).
    pub reconcile_after_secs: i64,
    /// How long after such a send to keep asking before leaving it to a person.
    pub reconcile_for_hours: i64,
}

impl Default for PublishingConfig {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            backoff_base_secs: 30,
            backoff_cap_secs: 3600,
            lease_secs: 300,
            batch_size: 50,
            concurrency: 16,
            request_timeout_secs: 60,
            media_url_ttl_minutes: 60,
            reconcile_after_secs: 300,
            reconcile_for_hours: 24,
        }
    }
}

/// Background jobs run by `serve` (and alone by `worker`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    pub enabled: bool,
    pub token_refresh_every_secs: u64,
    pub publish_every_secs: u64,
    pub outbox_every_secs: u64,
    pub webhooks_every_secs: u64,
    pub analytics_every_secs: u64,
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            token_refresh_every_secs: 300,
            publish_every_secs: 5,
            outbox_every_secs: 10,
            webhooks_every_secs: 10,
            analytics_every_secs: 60,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// An `EnvFilter` directive, e.g. `info,postwarden=debug`.
    pub filter: String,
    pub json: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            mode: Mode::Development,
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_max_connections: 10,
            server: ServerConfig::default(),
            graphql: GraphqlConfig::default(),
            auth: AuthConfig::default(),
            vault: VaultConfig::default(),
            connections: ConnectionsConfig::default(),
            platforms: PlatformsConfig::default(),
            media: MediaConfig::default(),
            publishing: PublishingConfig::default(),
            analytics: AnalyticsConfig::default(),
            mail: MailConfig::default(),
            webhooks: WebhooksConfig::default(),
            jobs: JobsConfig::default(),
            compliance: ComplianceConfig::default(),
            log: LogConfig::default(),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: "http://localhost:8080".into(),
            graphiql: true,
            cors_origins: vec!["http://localhost:5173".into()],
            request_timeout_secs: 30,
            body_limit_bytes: 1024 * 1024,
            upload_max_file_bytes: 256 * 1024 * 1024,
            upload_max_files: 10,
            client_ip_header: None,
        }
    }
}

impl Default for GraphqlConfig {
    fn default() -> Self {
        GraphqlConfig {
            max_depth: 12,
            max_complexity: 5_000,
            max_root_fields: 20,
            max_aliases: 30,
            introspection: None,
            persisted_query_cache: 1024,
            persisted_queries: None,
            persisted_only: false,
        }
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            min_age_years: 18,
            password_min_length: 10,
            session_ttl_hours: 24 * 30,
            cookie_secure: true,
            // OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
            argon2_parallelism: 1,
            invitation_ttl_days: 14,
            throttle: ThrottleConfig::default(),
        }
    }
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self { window_minutes: 15, lockout_minutes: 15, max_failures_per_account: 5, max_failures_per_ip: 50 }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        Self { filter: "info".into(), json: false }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Figment(#[from] Box<figment::Error>),
    #[error("configuration: `{setting}` {message}")]
    Invalid { setting: &'static str, message: String },
}

impl From<compliance::config::ConfigProblem> for ConfigError {
    fn from(problem: compliance::config::ConfigProblem) -> Self {
        ConfigError::Invalid { setting: problem.setting, message: problem.message }
    }
}

impl Config {
    /// Defaults, then the file (if given), then the environment.
    pub fn load(file: Option<&std::path::Path>) -> Result<Self, ConfigError> {
        // Missing keys fall back to `Default` through `#[serde(default)]` on every section.
        let mut figment = Figment::new();
        if let Some(file) = file {
            if !file.exists() {
                return Err(ConfigError::Invalid {
                    setting: "--config",
                    message: format!("names a file that does not exist: {}", file.display()),
                });
            }
            figment = figment.merge(Toml::file(file));
        }
        figment = figment
            .merge(Env::prefixed("POSTWARDEN_").ignore(&["CONFIG"]).split("__"))
            .merge(Env::raw().only(&["DATABASE_URL"]).map(|_| "database_url".into()));
        let config: Config = figment.extract().map_err(Box::new)?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |setting, message: &str| Err(ConfigError::Invalid { setting, message: message.to_owned() });
        if self.auth.password_min_length < 8 {
            return invalid("auth.password_min_length", "must be at least 8");
        }
        if self.auth.session_ttl_hours <= 0 {
            return invalid("auth.session_ttl_hours", "must be positive");
        }
        if self.graphql.max_depth == 0 || self.graphql.max_complexity == 0 {
            return invalid("graphql.max_depth", "and graphql.max_complexity must be positive");
        }
        self.graphql.allow_list()?;
        if let Some(url) = self.database_url.as_ref().map(ExposeSecret::expose_secret)
            && !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://"))
        {
            return invalid("database_url", "must start with sqlite:, postgres:// or postgresql://");
        }
        if self.media.retention_days <= 0 {
            return invalid("media.retention_days", "must be positive");
        }
        if let Some(header) = &self.server.client_ip_header
            && axum::http::HeaderName::from_bytes(header.as_bytes()).is_err()
        {
            return invalid("server.client_ip_header", "must be an HTTP header name");
        }
        if self.mode == Mode::Production && !self.auth.cookie_secure {
            return invalid("auth.cookie_secure", "cannot be off in production mode");
        }
        self.mail.validate(self.mode)?;
        self.webhooks.validate()?;
        self.compliance.validate()?;
        Ok(())
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .as_ref()
            .map(|url| url.expose_secret().to_owned())
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", self.data_dir.join("postwarden.db").display()))
    }

    pub fn introspection(&self) -> bool {
        self.graphql.introspection.unwrap_or(self.mode == Mode::Development)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(toml: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().map_err(|e| ConfigError::Invalid { setting: "test", message: e.to_string() })?;
        let path = dir.path().join("postwarden.toml");
        std::fs::write(&path, toml).map_err(|e| ConfigError::Invalid { setting: "test", message: e.to_string() })?;
        Config::load(Some(&path))
    }

    #[test]
    fn the_database_password_never_shows_in_debug_output() {
        // Built directly: loading would let a DATABASE_URL in the environment win.
        let config =
            Config { database_url: Some("postgres://app:hunter2-secret@db.internal/app".into()), ..Config::default() };
        assert_eq!(config.database_url(), "postgres://app:hunter2-secret@db.internal/app");
        assert!(!format!("{config:?}").contains("hunter2-secret"));
    }

    #[test]
    fn compliance_settings_load_from_a_file() {
        let config = load(
            r#"
[compliance]
material_change_notice_days = 45

[[compliance.breach.jurisdictions]]
id = "ca"
name = "PIPEDA s. 10.1"
authority = "Office of the Privacy Commissioner of Canada"
authority_deadline = { hours = 96 }

[[compliance.processors]]
name = "Example Mail Inc."
purpose = "Email delivery"
data_categories = ["email address"]
location = "Canada"
transfer_safeguard = "adequacy_decision"
dpa_signed_on = 2026-03-01
relationship = "processor"
"#,
        );
        let config = match config {
            Ok(config) => config,
            Err(err) => panic!("{err}"),
        };
        let compliance = &config.compliance;
        assert_eq!(compliance.material_change_notice_days, 45);
        assert_eq!(compliance.processors.len(), 1);
        assert_eq!(compliance.processors[0].dpa_signed_on.map(|d| d.to_string()), Some("2026-03-01".into()));
        assert_eq!(
            compliance.breach.jurisdiction("ca").map(|j| j.authority_deadline),
            Some(compliance::config::Deadline::Hours(96))
        );
        assert_eq!(compliance.purposes.len(), 5, "lists not given keep defaults");
    }

    #[test]
    fn bad_compliance_settings_are_refused() {
        assert!(load("[compliance]\nmaterial_change_notice_dayz = 45\n").is_err());
        match load("[compliance]\nmaterial_change_notice_days = 10\n") {
            Err(ConfigError::Invalid { setting, .. }) => {
                assert_eq!(setting, "compliance.material_change_notice_days");
            }
            other => panic!("expected a named setting, got {other:?}"),
        }
    }
}
