//! The end-to-end harness: each test gets its own database (a fresh SQLite file, or a fresh
//! PostgreSQL database when `DATABASE_URL` points at PostgreSQL), a real server on a random
//! loopback port, and a clock it can move.

mod db;
pub mod fakes;
mod graphql;
pub mod logs;
mod privacy;

pub use db::TestDb;
pub use graphql::{Gql, error_code, error_codes};
pub use privacy::{assert_no_node, assert_refused};

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, TimeZone, Utc};
use compliance::ManualClock;
use postwarden::{App, config::Config, state::AppState};
use serde_json::{Value, json};
use std::{net::SocketAddr, path::PathBuf, sync::Arc};
use tokio::sync::oneshot;

pub const PASSWORD: &str = "correct horse battery staple";
/// The vault key every test server starts with, under the id `test-a`.
pub const VAULT_KEY_A: [u8; 32] = [0xA7; 32];

pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).single().unwrap_or_default()
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub clock: Arc<ManualClock>,
    pub state: AppState,
    pub http: reqwest::Client,
    pub data_dir: PathBuf,
    shutdown: Option<oneshot::Sender<()>>,
    // Dropped last: the database outlives the server using it.
    _data: tempfile::TempDir,
    pub db: TestDb,
}

/// A signed-in test user.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub user_id: String,
    pub email: String,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts a server after `adjust` has had its say over the configuration.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let db = TestDb::create(data.path()).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut config = Config {
            data_dir: data.path().to_path_buf(),
            database_url: Some(db.url.clone().into()),
            database_max_connections: 5,
            ..Config::default()
        };
        config.server.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.server.public_url = format!("http://{addr}");
        config.jobs.enabled = false;
        config.vault.keys.insert("test-a".into(), STANDARD.encode(VAULT_KEY_A).into());
        config.media.url_signing_key = Some(STANDARD.encode([0x5A; 32]).into());
        // The smallest argon2id cost keeps the suite fast; production uses the config's.
        config.auth.argon2_memory_kib = 64;
        config.auth.argon2_iterations = 1;
        config.log.filter = "warn".into();
        adjust(&mut config);
        logs::install();

        let clock = Arc::new(ManualClock::new(start_time()));
        let app = App::build(config, clock.clone()).await.expect("app builds");
        let state = app.state.clone();
        let (tx, rx) = oneshot::channel();
        tokio::spawn(async move {
            let _ = app
                .serve(listener, async {
                    let _ = rx.await;
                })
                .await;
        });
        Self {
            addr,
            clock,
            state,
            // Redirects are the subject of some tests, so they are never followed.
            http: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client"),
            data_dir: data.path().to_path_buf(),
            shutdown: Some(tx),
            _data: data,
            db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A GraphQL request builder against this server.
    pub fn gql(&self, query: &str) -> Gql<'_> {
        Gql::new(self, query)
    }

    pub async fn register(&self, email: &str) -> Value {
        self.gql("mutation($input: RegisterInput!) { register(input: $input) { user { id email displayName } } }")
            .var(
                "input",
                json!({ "email": email, "displayName": "Test Person", "password": PASSWORD, "ageAttestation": true }),
            )
            .send()
            .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Value {
        self.gql("mutation($input: LoginInput!) { login(input: $input) { sessionToken expiresAt user { id email } } }")
            .var("input", json!({ "email": email, "password": password }))
            .send()
            .await
    }

    /// Registers and signs in.
    pub async fn signup(&self, email: &str) -> Session {
        let registered = self.register(email).await;
        assert!(registered["errors"].is_null(), "register failed: {registered}");
        let login = self.login(email, PASSWORD).await;
        let token = login["data"]["login"]["sessionToken"].as_str().expect("token").to_owned();
        let user_id = login["data"]["login"]["user"]["id"].as_str().expect("id").to_owned();
        Session { token, user_id, email: email.to_owned() }
    }

    pub async fn create_workspace(&self, session: &Session, name: &str) -> String {
        let resp = self
            .gql("mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { id } } }")
            .var("input", json!({ "name": name }))
            .token(&session.token)
            .send()
            .await;
        resp["data"]["createWorkspace"]["workspace"]["id"].as_str().expect("workspace id").to_owned()
    }

    /// Invites `invitee` into `workspace_id` with `role`, and has them accept.
    pub async fn add_member(&self, owner: &Session, workspace_id: &str, invitee: &Session, role: &str) -> String {
        let invited = self
            .gql("mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitation { id } } }")
            .var("input", json!({ "workspaceId": workspace_id, "email": invitee.email, "role": role }))
            .token(&owner.token)
            .send()
            .await;
        let invitation_id =
            invited["data"]["inviteMember"]["invitation"]["id"].as_str().expect("invitation").to_owned();
        let accepted = self
            .gql("mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { member { id } } }")
            .var("input", json!({ "invitationId": invitation_id }))
            .token(&invitee.token)
            .send()
            .await;
        accepted["data"]["acceptInvitation"]["member"]["id"].as_str().expect("member id").to_owned()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl TestApp {
    /// Every byte the database holds: the SQLite files as they sit on disk (WAL included),
    /// or every row of every PostgreSQL table as text, with each `bytea` value (which text
    /// shows as `\x<hex>`) decoded back into its raw bytes as well.
    pub async fn database_bytes(&self) -> Vec<u8> {
        use sea_orm::{ConnectionTrait, DbBackend, Statement};
        let db = &self.state.db;
        if db.get_database_backend() == DbBackend::Postgres {
            let tables = db
                .query_all_raw(Statement::from_string(
                    DbBackend::Postgres,
                    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'",
                ))
                .await
                .expect("list tables");
            let mut out = Vec::new();
            for row in tables {
                let table: String = row.try_get("", "t").expect("table name");
                let rows = db
                    .query_all_raw(Statement::from_string(
                        DbBackend::Postgres,
                        format!("SELECT CAST(x.* AS text) AS r FROM \"{table}\" x"),
                    ))
                    .await
                    .expect("dump table");
                for row in rows {
                    let text: String = row.try_get("", "r").unwrap_or_default();
                    out.extend_from_slice(text.as_bytes());
                    out.push(b'\n');
                    for raw in bytea_values(&text) {
                        out.extend(raw);
                        out.push(b'\n');
                    }
                }
            }
            out
        } else {
            let mut out = Vec::new();
            for suffix in ["", "-wal", "-shm"] {
                if let Ok(bytes) = std::fs::read(self.data_dir.join(format!("test.db{suffix}"))) {
                    out.extend(bytes);
                }
            }
            assert!(!out.is_empty(), "the SQLite files were not found");
            out
        }
    }
}

/// The `\x<hex>` runs in a row's text form, decoded. Inside a record a backslash is
/// doubled, so any number of them may precede the `x`.
fn bytea_values(text: &str) -> Vec<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (i, window) in bytes.windows(2).enumerate() {
        if window != b"\\x" {
            continue;
        }
        let digits: Vec<u8> = bytes[i + 2..].iter().copied().take_while(u8::is_ascii_hexdigit).collect();
        if digits.len() >= 2 && digits.len().is_multiple_of(2) {
            found.push(hex::decode(&digits).expect("hex digits"));
        }
    }
    found
}

pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// A real 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A 3×2 baseline JPEG's markers: start, JFIF header, frame header (with its size), end.
/// Enough for type detection and dimensions, which is all the service reads.
pub const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x02, 0x00, 0x03, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11,
    0x01, 0xFF, 0xD9,
];

/// The head of an MP4 file: enough for type detection.
pub fn mp4() -> Vec<u8> {
    let mut bytes = vec![0x00, 0x00, 0x00, 0x18, b'f', b't', b'y', b'p', b'm', b'p', b'4', b'2', 0, 0, 0, 0];
    bytes.extend_from_slice(b"mp42isom");
    bytes.extend(std::iter::repeat_n(0u8, 2048));
    bytes
}

impl TestApp {
    /// Uploads a file the way a browser does: a GraphQL multipart request.
    pub async fn upload(
        &self,
        token: &str,
        workspace_id: &str,
        filename: &str,
        bytes: Vec<u8>,
    ) -> (reqwest::StatusCode, Value) {
        let operations = json!({
            "query": "mutation($input: UploadMediaInput!) { uploadMedia(input: $input) { media { id contentType sizeBytes sha256 width height url } userErrors { field code message } } }",
            "variables": { "input": { "workspaceId": workspace_id, "file": null } },
        });
        let form = reqwest::multipart::Form::new()
            .text("operations", operations.to_string())
            .text("map", json!({ "0": ["variables.input.file"] }).to_string())
            .part(
                "0",
                reqwest::multipart::Part::bytes(bytes)
                    .file_name(filename.to_owned())
                    .mime_str("image/png")
                    .expect("mime"),
            );
        let response =
            self.http.post(self.url("/graphql")).bearer_auth(token).multipart(form).send().await.expect("upload sent");
        let status = response.status();
        (status, response.json::<Value>().await.unwrap_or(Value::Null))
    }

    pub async fn count(&self, table: &str) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};
        let db = &self.state.db;
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("n")
    }
}

impl TestApp {
    /// Connects an account through the whole OAuth dance against the fake platform and
    /// returns the connection's id.
    pub async fn connect(&self, session: &Session, workspace_id: &str, platform: &str) -> String {
        let started = self
            .gql("mutation($i: ConnectSocialAccountInput!) { connectSocialAccount(input: $i) { authorizationUrl } }")
            .var("i", json!({ "workspaceId": workspace_id, "platform": platform }))
            .token(&session.token)
            .send()
            .await;
        let url =
            started["data"]["connectSocialAccount"]["authorizationUrl"].as_str().expect("authorization url").to_owned();
        let at_platform = self.http.get(url).send().await.expect("platform");
        let callback = at_platform.headers()["location"].to_str().expect("location").to_owned();
        let back = self.http.get(callback).send().await.expect("callback");
        let spa = reqwest::Url::parse(back.headers()["location"].to_str().expect("location")).expect("url");
        spa.query_pairs().find(|(k, _)| k == "socialAccountId").map(|(_, v)| v.into_owned()).expect("connected")
    }

    pub async fn connect_telegram(&self, session: &Session, workspace_id: &str) -> String {
        let resp = self
            .gql("mutation($i: ConnectTelegramAccountInput!) { connectTelegramAccount(input: $i) { socialAccount { id } } }")
            .var(
                "i",
                json!({ "workspaceId": workspace_id, "botToken": fakes::platform::BOT_TOKEN, "chatId": fakes::platform::CHAT_ID }),
            )
            .token(&session.token)
            .send()
            .await;
        resp["data"]["connectTelegramAccount"]["socialAccount"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{resp}"))
            .to_owned()
    }

    pub fn clock_now(&self) -> DateTime<Utc> {
        compliance::Clock::now(self.clock.as_ref())
    }

    /// Runs the publishing worker until nothing is due.
    pub async fn publish_due(&self) -> postwarden::publishing::DispatchReport {
        postwarden::jobs::publish_until_idle(&self.state, "test-worker").await.expect("worker runs")
    }

    /// Asks the platforms about sends whose answer was lost.
    pub async fn reconcile(&self) -> postwarden::publishing::reconcile::ReconcileReport {
        postwarden::publishing::reconcile::run(&self.state).await.expect("reconcile runs")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytea_in_a_records_text_is_decoded() {
        assert_eq!(super::bytea_values(r#"(1,"\\x68690a",\x00ff)"#), vec![b"hi\n".to_vec(), vec![0, 255]]);
        assert!(super::bytea_values(r"(\x, \xabc)").is_empty());
    }
}
