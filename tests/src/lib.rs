//! The end-to-end harness: each test gets its own database (a fresh SQLite file, or a fresh
//! PostgreSQL database when `DATABASE_URL` points at PostgreSQL), a real server on a random
//! loopback port, and a clock it can move.

mod db;
mod graphql;
mod privacy;

pub use db::TestDb;
pub use graphql::{Gql, error_code, error_codes};
pub use privacy::assert_refused;

use chrono::{DateTime, TimeZone, Utc};
use compliance::ManualClock;
use postwarden::{App, config::Config, state::AppState};
use serde_json::{Value, json};
use std::{net::SocketAddr, path::PathBuf, sync::Arc};
use tokio::sync::oneshot;

pub const PASSWORD: &str = "correct horse battery staple";

pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .unwrap_or_default()
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
        let mut config = Config {
            data_dir: data.path().to_path_buf(),
            database_url: Some(db.url.clone()),
            database_max_connections: 5,
            ..Config::default()
        };
        config.server.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.server.public_url = "http://127.0.0.1".into();
        // The smallest argon2id cost keeps the suite fast; production uses the config's.
        config.auth.argon2_memory_kib = 64;
        config.auth.argon2_iterations = 1;
        config.log.filter = "warn".into();
        adjust(&mut config);
        postwarden::telemetry::init(&config.log);

        let clock = Arc::new(ManualClock::new(start_time()));
        let app = App::build(config, clock.clone()).await.expect("app builds");
        let state = app.state.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
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
            http: reqwest::Client::new(),
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
        self.gql(
            "mutation($input: RegisterInput!) { register(input: $input) { user { id email displayName } } }",
        )
        .var("input", json!({ "email": email, "displayName": "Test Person", "password": PASSWORD, "ageAttestation": true }))
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
        assert!(
            registered["errors"].is_null(),
            "register failed: {registered}"
        );
        let login = self.login(email, PASSWORD).await;
        let token = login["data"]["login"]["sessionToken"]
            .as_str()
            .expect("token")
            .to_owned();
        let user_id = login["data"]["login"]["user"]["id"]
            .as_str()
            .expect("id")
            .to_owned();
        Session {
            token,
            user_id,
            email: email.to_owned(),
        }
    }

    pub async fn create_workspace(&self, session: &Session, name: &str) -> String {
        let resp = self
            .gql("mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { id } } }")
            .var("input", json!({ "name": name }))
            .token(&session.token)
            .send()
            .await;
        resp["data"]["createWorkspace"]["workspace"]["id"]
            .as_str()
            .expect("workspace id")
            .to_owned()
    }

    /// Invites `invitee` into `workspace_id` with `role`, and has them accept.
    pub async fn add_member(
        &self,
        owner: &Session,
        workspace_id: &str,
        invitee: &Session,
        role: &str,
    ) -> String {
        let invited = self
            .gql("mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitation { id } } }")
            .var("input", json!({ "workspaceId": workspace_id, "email": invitee.email, "role": role }))
            .token(&owner.token)
            .send()
            .await;
        let invitation_id = invited["data"]["inviteMember"]["invitation"]["id"]
            .as_str()
            .expect("invitation")
            .to_owned();
        let accepted = self
            .gql("mutation($input: InvitationIdInput!) { acceptInvitation(input: $input) { member { id } } }")
            .var("input", json!({ "invitationId": invitation_id }))
            .token(&invitee.token)
            .send()
            .await;
        accepted["data"]["acceptInvitation"]["member"]["id"]
            .as_str()
            .expect("member id")
            .to_owned()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
