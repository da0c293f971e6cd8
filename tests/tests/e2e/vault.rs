use base64::{
    Engine,
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
};
use compliance::Clock;
use hmac::{Hmac, KeyInit, Mac};
use postwarden::{
    App,
    config::{Config, Mode},
    vault::{self, KeyRing, Owner},
};
use postwarden_tests::{
    Session, TestApp, VAULT_KEY_A,
    fakes::platform::{BOT_TOKEN, CHAT_ID, CLIENT_SECRET, FakePlatform},
};
use reqwest::Url;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::Arc;

const VAULT_KEY_B: [u8; 32] = [0xB2; 32];
const LIST: &str =
    "query($id: ID!) { workspace(id: $id) { socialAccounts { nodes { id platformAccountId status statusReason } } } }";
const CHECK: &str = "mutation($i: CheckSocialAccountInput!) { checkSocialAccount(input: $i) { userErrors { field code } socialAccount { status statusReason } } }";

struct World {
    app: TestApp,
    fake: FakePlatform,
    owner: Session,
    workspace: String,
}

async fn world(adjust: impl FnOnce(&mut Config)) -> World {
    let fake = FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| {
        fake.configure(c);
        adjust(c);
    })
    .await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    World { app, fake, owner, workspace }
}

impl World {
    async fn connect(&self, platform: &str, account: &str) {
        self.fake.lock().next_account = account.to_owned();
        let resp = self
            .app
            .gql("mutation($i: ConnectSocialAccountInput!) { connectSocialAccount(input: $i) { userErrors { field code } authorizationUrl } }")
            .var("i", json!({ "workspaceId": self.workspace, "platform": platform }))
            .token(&self.owner.token)
            .send()
            .await;
        let url = resp["data"]["connectSocialAccount"]["authorizationUrl"].as_str().expect("url").to_owned();
        let to_callback = self.app.http.get(url).send().await.expect("platform");
        let callback = to_callback.headers()["location"].to_str().expect("location").to_owned();
        let back = self.app.http.get(callback).send().await.expect("callback");
        let spa = Url::parse(back.headers()["location"].to_str().expect("location")).expect("url");
        assert!(spa.query().unwrap_or_default().contains("status=connected"), "{spa}");
    }

    async fn connections(&self) -> Vec<Value> {
        let resp = self.app.gql(LIST).var("id", json!(self.workspace)).token(&self.owner.token).send().await;
        resp["data"]["workspace"]["socialAccounts"]["nodes"].as_array().cloned().unwrap_or_default()
    }

    async fn check(&self, id: &Value) -> Value {
        let resp = self.app.gql(CHECK).var("i", json!({ "socialAccountId": id })).token(&self.owner.token).send().await;
        resp["data"]["checkSocialAccount"]["socialAccount"].clone()
    }

    async fn exec(&self, sql: &str, values: Vec<sea_orm::Value>) {
        let db = &self.app.state.db;
        let backend = db.get_database_backend();
        let sql = if backend == sea_orm::DbBackend::Postgres {
            sql.replace("?1", "$1").replace("?2", "$2")
        } else {
            sql.to_owned()
        };
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await.expect("statement");
    }
}

async fn access_token_row(app: &TestApp, account: &str) -> entity::vault_secrets::Model {
    secret_row(app, account, "access_token").await
}

#[tokio::test]
async fn tampered_swapped_and_wrong_key_ciphertexts_fail_cleanly() {
    let w = world(|c| {
        c.vault.keys.insert("test-b".into(), STANDARD.encode(VAULT_KEY_B).into());
        c.vault.active_key = Some("test-a".into());
    })
    .await;
    for account in ["acct-1", "acct-2", "acct-3", "acct-4"] {
        w.connect("X", account).await;
    }
    let ids: Vec<Value> = w.connections().await.iter().map(|c| c["id"].clone()).collect();
    assert_eq!(ids.len(), 4);

    // One flipped byte.
    let row = access_token_row(&w.app, "acct-1").await;
    let mut tampered = row.ciphertext.clone();
    tampered[14] ^= 0x01;
    w.exec("UPDATE vault_secrets SET ciphertext = ?1 WHERE id = ?2", vec![tampered.into(), row.id.into()]).await;
    // Another connection's valid ciphertext, copied across.
    let donor = access_token_row(&w.app, "acct-3").await;
    let victim = access_token_row(&w.app, "acct-2").await;
    w.exec(
        "UPDATE vault_secrets SET ciphertext = ?1 WHERE id = ?2",
        vec![donor.ciphertext.clone().into(), victim.id.into()],
    )
    .await;
    // A key that exists but is not the one that sealed it.
    let wrong = access_token_row(&w.app, "acct-4").await;
    w.exec("UPDATE vault_secrets SET key_id = ?1 WHERE id = ?2", vec!["test-b".into(), wrong.id.into()]).await;

    for (id, account) in ids.iter().zip(["acct-1", "acct-2", "acct-3", "acct-4"]) {
        let checked = w.check(id).await;
        let expected = if account == "acct-3" { "ACTIVE" } else { "NEEDS_REAUTH" };
        assert_eq!(checked["status"], expected, "{account}: {checked}");
        if expected == "NEEDS_REAUTH" {
            assert_eq!(checked["statusReason"], "token_unreadable");
        }
    }
    // The server is still serving.
    assert_eq!(w.connections().await.len(), 4);
}

#[tokio::test]
async fn rotation_moves_every_secret_to_the_new_key_and_resumes_after_a_crash() {
    let w = world(|_| {}).await;
    w.connect("X", "acct-1").await;
    w.connect("PINTEREST", "acct-2").await;
    let telegram = w
        .app
        .gql("mutation($i: ConnectTelegramAccountInput!) { connectTelegramAccount(input: $i) { userErrors { field code } socialAccount { id } } }")
        .var("i", json!({ "workspaceId": w.workspace, "botToken": BOT_TOKEN, "chatId": CHAT_ID }))
        .token(&w.owner.token)
        .send()
        .await;
    assert!(telegram["errors"].is_null(), "{telegram}");
    let secrets = entity::vault_secrets::Entity::find().all(&w.app.state.db).await.expect("secrets");
    assert_eq!(secrets.len(), 5, "two X tokens, two Pinterest tokens, one bot token");
    assert!(secrets.iter().all(|s| s.key_id == "test-a"));

    let both = KeyRing::from_keys(&[("test-a", &VAULT_KEY_A), ("test-b", &VAULT_KEY_B)], "test-b").expect("ring");
    let now = || w.app.clock.now();
    // The first run dies after one batch.
    let first = vault::rotate(&w.app.state.db, &both, now, 2, Some(1), |_, _| {}).await.expect("rotate");
    assert_eq!((first.rotated, first.failed, first.remaining, first.batches), (2, 0, 3, 1));
    // Mid-rotation, the server still reads secrets under either key.
    let mixed = entity::vault_secrets::Entity::find().all(&w.app.state.db).await.expect("secrets");
    assert!(mixed.iter().any(|s| s.key_id == "test-a") && mixed.iter().any(|s| s.key_id == "test-b"));
    let second = vault::rotate(&w.app.state.db, &both, now, 2, None, |_, _| {}).await.expect("rotate");
    assert_eq!((second.rotated, second.failed, second.remaining), (3, 0, 0));

    // Key A can now be retired: key B alone opens everything, with its owner binding intact.
    let only_b = KeyRing::from_keys(&[("test-b", &VAULT_KEY_B)], "test-b").expect("ring");
    for secret in entity::vault_secrets::Entity::find().all(&w.app.state.db).await.expect("secrets") {
        assert_eq!(secret.key_id, "test-b");
        let owner = Owner::Connection(secret.connection_id.expect("a connection secret"));
        let opened = vault::get(&w.app.state.db, &only_b, owner, &secret.field).await.expect("opens under key B");
        assert!(opened.is_some());
    }
    let third = vault::rotate(&w.app.state.db, &both, now, 2, None, |_, _| {}).await.expect("rotate");
    assert_eq!((third.rotated, third.remaining), (0, 0), "nothing left to do");
}

#[tokio::test]
async fn production_refuses_to_start_without_a_key_and_development_generates_one() {
    let data = tempfile::tempdir().expect("dir");
    let db_url = format!("sqlite://{}?mode=rwc", data.path().join("p.db").display());
    let prod = Config {
        mode: Mode::Production,
        data_dir: data.path().into(),
        database_url: Some(db_url.clone().into()),
        ..Config::default()
    };
    let err = App::build(prod, Arc::new(compliance::SystemClock)).await.err().expect("refused");
    assert!(format!("{err:#}").contains("vault"), "{err:#}");

    let dev = Config { data_dir: data.path().into(), database_url: Some(db_url.into()), ..Config::default() };
    App::build(dev.clone(), Arc::new(compliance::SystemClock)).await.expect("development starts");
    let key_file = data.path().join("vault.key");
    let first = std::fs::read_to_string(&key_file).expect("key generated");
    assert_eq!(STANDARD.decode(first.trim()).map(|k| k.len()).ok(), Some(32));
    App::build(dev, Arc::new(compliance::SystemClock)).await.expect("development starts again");
    assert_eq!(std::fs::read_to_string(&key_file).ok(), Some(first), "the key is reused, not replaced");
}

fn signed_request(user_id: &str, secret: &str) -> String {
    let payload =
        URL_SAFE_NO_PAD.encode(json!({ "algorithm": "HMAC-SHA256", "user_id": user_id, "issued_at": 1 }).to_string());
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(payload.as_bytes());
    format!("{}.{payload}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

#[tokio::test]
async fn meta_deauthorization_revokes_the_connection_and_deletes_its_tokens() {
    let w = world(|_| {}).await;
    w.connect("FACEBOOK", "fb-77").await;
    let url = w.app.url("/oauth/deauthorize/facebook");
    let forged = w
        .app
        .http
        .post(&url)
        .form(&[("signed_request", signed_request("fb-77", "not-the-secret"))])
        .send()
        .await
        .expect("sent");
    assert_eq!(forged.status(), 400);
    assert_ne!(w.connections().await[0]["status"], "REVOKED");
    // Anyone may call it, so it reads no more than a small body.
    let huge = "a".repeat(2 * 1024 * 1024);
    let oversized = w.app.http.post(&url).form(&[("signed_request", huge)]).send().await.expect("sent");
    assert_eq!(oversized.status(), 413);

    let genuine = w
        .app
        .http
        .post(&url)
        .form(&[("signed_request", signed_request("fb-77", CLIENT_SECRET))])
        .send()
        .await
        .expect("sent");
    assert_eq!(genuine.status(), 200);
    let connection = &w.connections().await[0];
    assert_eq!(
        (connection["status"].as_str(), connection["statusReason"].as_str()),
        (Some("REVOKED"), Some("deauthorized_at_platform"))
    );
    let secrets = entity::vault_secrets::Entity::find().all(&w.app.state.db).await.expect("secrets");
    assert!(secrets.is_empty(), "tokens deleted");
}

async fn secret_row(app: &TestApp, account: &str, field: &str) -> entity::vault_secrets::Model {
    let connection = entity::connections::Entity::find()
        .filter(entity::connections::Column::PlatformAccountId.eq(account))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("connection");
    entity::vault_secrets::Entity::find()
        .filter(entity::vault_secrets::Column::ConnectionId.eq(connection.id))
        .filter(entity::vault_secrets::Column::Field.eq(field))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("secret")
}

impl World {
    async fn tamper(&self, account: &str, field: &str) {
        let row = secret_row(&self.app, account, field).await;
        let mut bytes = row.ciphertext.clone();
        bytes[14] ^= 0x01;
        self.exec("UPDATE vault_secrets SET ciphertext = ?1 WHERE id = ?2", vec![bytes.into(), row.id.into()]).await;
    }
}

#[tokio::test]
async fn an_unreadable_token_stops_refresh_publishing_and_revocation_cleanly() {
    use postwarden::service::connections::refresh;
    let w = world(|_| {}).await;
    w.connect("X", "acct-1").await;
    w.connect("X", "acct-2").await;
    w.tamper("acct-1", "refresh_token").await;

    // X tokens live two hours; the job renews only what lapses within its window (an hour).
    w.app.clock.advance(chrono::Duration::minutes(59));
    let early = refresh::run(&w.app.state).await.expect("refresh runs");
    assert_eq!((early.refreshed, early.needs_reauth), (0, 0), "outside the window: {early:?}");
    w.app.clock.advance(chrono::Duration::minutes(2));
    let due = refresh::run(&w.app.state).await.expect("refresh runs");
    assert_eq!((due.refreshed, due.needs_reauth, due.failed), (1, 1, 0), "{due:?}");
    let by_account = |list: &[Value], account: &str| {
        list.iter().find(|c| c["platformAccountId"] == account).cloned().expect("listed")
    };
    let list = w.connections().await;
    assert_eq!(by_account(&list, "acct-1")["statusReason"], "token_unreadable");
    assert_eq!(by_account(&list, "acct-2")["status"], "ACTIVE");

    // The worker meets an access token that no longer opens: no request leaves, the target
    // fails with a reason a person can act on, and the account asks to be reconnected.
    w.tamper("acct-2", "access_token").await;
    let acct_2 = by_account(&list, "acct-2")["id"].clone();
    let created = w
        .app
        .gql("mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }")
        .var("i", json!({ "workspaceId": w.workspace, "content": { "text": "Hello", "targets": [{ "socialAccountId": acct_2 }] } }))
        .token(&w.owner.token)
        .send()
        .await;
    let post = created["data"]["createPost"]["post"]["id"].clone();
    w.app
        .gql("mutation($i: PublishPostNowInput!) { publishPostNow(input: $i) { post { id } } }")
        .var("i", json!({ "postId": post }))
        .token(&w.owner.token)
        .send()
        .await;
    let report = w.app.publish_due().await;
    assert_eq!((report.failed, report.published), (1, 0), "{report:?}");
    assert!(w.fake.lock().publish_requests.is_empty(), "nothing was sent");
    let target = w
        .app
        .gql("query($id: ID!) { node(id: $id) { ... on Post { targets { status lastError } } } }")
        .var("id", post)
        .token(&w.owner.token)
        .send()
        .await["data"]["node"]["targets"][0]
        .clone();
    assert_eq!(target["status"], "FAILED");
    assert!(target["lastError"].as_str().unwrap_or_default().contains("reconnect"), "{target}");
    assert_eq!(by_account(&w.connections().await, "acct-2")["statusReason"], "token_unreadable");

    // Disconnecting still deletes everything, and says the platform could not be told.
    let acct_1 = by_account(&list, "acct-1")["id"].clone();
    let resp = w
        .app
        .gql("mutation($i: DisconnectSocialAccountInput!) { disconnectSocialAccount(input: $i) { userErrors { field code } revocation } }")
        .var("i", json!({ "socialAccountId": acct_1 }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(resp["data"]["disconnectSocialAccount"]["revocation"], "NOT_CONFIRMED", "{resp}");
    assert_eq!(w.connections().await.len(), 1);
    assert_eq!(w.app.count("vault_secrets").await, 2, "only the other account's two tokens are left");
}
