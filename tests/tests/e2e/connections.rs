use chrono::Duration;
use postwarden::service::connections::refresh;
use postwarden_tests::{
    Session, TestApp, contains_bytes, error_code,
    fakes::platform::{BOT_TOKEN, CHAT_ID, FakePlatform},
};
use reqwest::Url;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, Statement};
use serde_json::{Value, json};
use std::collections::HashMap;

const LIST: &str = "query($id: ID!) { workspace(id: $id) { socialAccounts { totalCount nodes { id platform platformAccountId accountName avatarUrl status statusReason scopes expiresAt canRefresh } } } }";
const DISCONNECT: &str = "mutation($i: DisconnectSocialAccountInput!) { disconnectSocialAccount(input: $i) { userErrors { field code } disconnectedSocialAccountId revocation } }";
const CHECK: &str = "mutation($i: CheckSocialAccountInput!) { checkSocialAccount(input: $i) { userErrors { field code } socialAccount { status statusReason accountName } } }";
const TELEGRAM: &str = "mutation($i: ConnectTelegramAccountInput!) { connectTelegramAccount(input: $i) { userErrors { field code } socialAccount { id platform accountName } } }";

struct World {
    app: TestApp,
    fake: FakePlatform,
    owner: Session,
    workspace: String,
}

async fn world() -> World {
    let fake = FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| fake.configure(c)).await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    World { app, fake, owner, workspace }
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

impl World {
    async fn start(&self, platform: &str) -> String {
        let resp = self
            .app
            .gql("mutation($i: ConnectSocialAccountInput!) { connectSocialAccount(input: $i) { userErrors { field code } authorizationUrl expiresAt } }")
            .var("i", json!({ "workspaceId": self.workspace, "platform": platform }))
            .token(&self.owner.token)
            .send()
            .await;
        resp["data"]["connectSocialAccount"]["authorizationUrl"].as_str().unwrap_or_else(|| panic!("{resp}")).to_owned()
    }

    /// The person's browser: to the platform, back to our callback, back to the app.
    async fn authorize(&self, authorization_url: &str) -> String {
        let at_platform = self.app.http.get(authorization_url).send().await.expect("platform answers");
        assert!(at_platform.status().is_redirection(), "platform said {}", at_platform.status());
        location(&at_platform)
    }

    async fn callback(&self, callback_url: &str) -> HashMap<String, String> {
        let back = self.app.http.get(callback_url).send().await.expect("callback answers");
        assert_eq!(back.status(), 303);
        assert_eq!(back.headers().get("referrer-policy").and_then(|v| v.to_str().ok()), Some("no-referrer"));
        let spa = Url::parse(&location(&back)).expect("redirect to the app");
        assert!(spa.as_str().starts_with("http://localhost:5173/connections"));
        spa.query_pairs().into_owned().collect()
    }

    async fn connect(&self, platform: &str) -> HashMap<String, String> {
        let url = self.start(platform).await;
        let callback = self.authorize(&url).await;
        self.callback(&callback).await
    }

    async fn list(&self) -> Value {
        self.app.gql(LIST).var("id", json!(self.workspace)).token(&self.owner.token).send().await["data"]["workspace"]["socialAccounts"]
            .clone()
    }

    async fn count(&self, table: &str) -> i64 {
        let db = &self.app.state.db;
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

    async fn issued_tokens_absent_from_the_database(&self) {
        let bytes = self.app.database_bytes().await;
        // The dump must see binary columns as the bytes they hold, or the search proves nothing.
        let sealed = entity::vault_secrets::Entity::find().all(&self.app.state.db).await.expect("vault rows");
        assert!(!sealed.is_empty());
        for row in &sealed {
            assert!(contains_bytes(&bytes, &row.ciphertext), "the dump misses the vault's ciphertext bytes");
        }
        let issued = self.fake.lock().issued.clone();
        assert!(!issued.is_empty());
        for token in issued.iter().map(String::as_str).chain([BOT_TOKEN]) {
            assert!(!contains_bytes(&bytes, token.as_bytes()), "a token is stored in plaintext");
            // `at-x-7-<base64>`: the random part alone must not appear either (its base64 may
            // itself hold a '-', so split only on the first three).
            if let Some(secret) = token.splitn(4, '-').nth(3).filter(|s| s.len() >= 16) {
                assert!(!contains_bytes(&bytes, secret.as_bytes()), "a token's secret part is stored in plaintext");
            }
        }
    }
}

#[tokio::test]
async fn x_connects_refreshes_and_disconnecting_revokes_everything() {
    let w = world().await;
    let outcome = w.connect("X").await;
    assert_eq!(outcome.get("status").map(String::as_str), Some("connected"), "{outcome:?}");

    let list = w.list().await;
    let connection = &list["nodes"][0];
    assert_eq!(list["totalCount"], 1);
    assert_eq!(connection["platform"], "X");
    assert_eq!(connection["accountName"], "X acct-1");
    assert_eq!(connection["status"], "ACTIVE");
    assert_eq!(connection["canRefresh"], true);
    assert_eq!(connection["scopes"], json!(["granted.scope", "other.scope"]));
    assert_eq!(
        connection["expiresAt"].as_str().map(|t| &t[..19]),
        Some("2026-11-23T11:00:00"),
        "7200s from the platform"
    );
    assert_eq!(outcome.get("socialAccountId").map(String::as_str), connection["id"].as_str());
    assert!(!list.to_string().contains("at-x-"), "a token reached GraphQL");
    w.issued_tokens_absent_from_the_database().await;

    // Within the refresh window the job renews the token, keeping to the platform's lifetime.
    w.app.clock.advance(Duration::minutes(90));
    let report = refresh::run(&w.app.state).await.expect("refresh runs");
    assert_eq!((report.refreshed, report.needs_reauth, report.failed), (1, 0, 0));
    assert_eq!(w.fake.lock().refreshes, 1);
    assert_eq!(w.list().await["nodes"][0]["expiresAt"].as_str().map(|t| &t[..19]), Some("2026-11-23T12:30:00"));
    let check =
        w.app.gql(CHECK).var("i", json!({ "socialAccountId": connection["id"] })).token(&w.owner.token).send().await;
    assert_eq!(
        check["data"]["checkSocialAccount"]["socialAccount"]["status"], "ACTIVE",
        "the refreshed token works: {check}"
    );
    w.issued_tokens_absent_from_the_database().await;

    let resp = w
        .app
        .gql(DISCONNECT)
        .var("i", json!({ "socialAccountId": connection["id"] }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(resp["data"]["disconnectSocialAccount"]["revocation"], "CONFIRMED", "{resp}");
    {
        let fake = w.fake.lock();
        let current = |prefix: &str| fake.issued.iter().rev().find(|t| t.starts_with(prefix)).cloned().expect("issued");
        let revoked: Vec<String> = fake.revoked.iter().map(|(_, t)| t.clone()).collect();
        assert!(revoked.contains(&current("rt-x-")), "the current refresh token was revoked: {revoked:?}");
        assert!(revoked.contains(&current("at-x-")), "the current access token was revoked: {revoked:?}");
    }
    assert_eq!(w.count("connections").await, 0);
    assert_eq!(w.count("vault_secrets").await, 0);
    assert_eq!(w.list().await["totalCount"], 0);
}

#[tokio::test]
async fn google_ending_the_grant_with_its_refresh_token_counts_as_confirmed() {
    let w = world().await;
    assert_eq!(w.connect("YOUTUBE").await.get("status").map(String::as_str), Some("connected"));
    let id = w.list().await["nodes"][0]["id"].clone();
    let resp = w.app.gql(DISCONNECT).var("i", json!({ "socialAccountId": id })).token(&w.owner.token).send().await;
    // The access token's own revocation is answered 400 invalid_token: already ended.
    assert_eq!(resp["data"]["disconnectSocialAccount"]["revocation"], "CONFIRMED", "{resp}");
    let kinds: Vec<String> = w.fake.lock().revoked.iter().map(|(_, t)| t[..3].to_owned()).collect();
    assert_eq!(kinds, ["rt-", "at-"], "the refresh token first, then the access token");
    assert_eq!(w.count("vault_secrets").await, 0);
}

#[tokio::test]
async fn pinterest_cannot_revoke_so_disconnect_deletes_and_says_so() {
    let w = world().await;
    assert_eq!(w.connect("PINTEREST").await.get("status").map(String::as_str), Some("connected"));
    let id = w.list().await["nodes"][0]["id"].clone();
    let resp = w.app.gql(DISCONNECT).var("i", json!({ "socialAccountId": id })).token(&w.owner.token).send().await;
    assert_eq!(resp["data"]["disconnectSocialAccount"]["revocation"], "NOT_SUPPORTED");
    assert!(w.fake.lock().revoked.is_empty());
    assert_eq!(w.count("vault_secrets").await, 0);
}

#[tokio::test]
async fn a_failed_revocation_still_deletes_and_is_recorded() {
    let w = world().await;
    w.connect("X").await;
    w.fake.lock().denied_revocations.insert("x".into());
    let id = w.list().await["nodes"][0]["id"].clone();
    let resp = w.app.gql(DISCONNECT).var("i", json!({ "socialAccountId": id })).token(&w.owner.token).send().await;
    assert_eq!(resp["data"]["disconnectSocialAccount"]["revocation"], "NOT_CONFIRMED");
    assert_eq!(w.count("connections").await, 0);
    assert_eq!(w.count("vault_secrets").await, 0);
    let audit = entity::audit_log::Entity::find().all(&w.app.state.db).await.expect("audit");
    let entry = audit.iter().find(|e| e.action == "connection.disconnected").expect("audited");
    assert!(entry.detail.contains("not_confirmed"), "{}", entry.detail);
}

#[tokio::test]
async fn facebook_without_refresh_tokens_expires_and_asks_for_a_reconnect() {
    let w = world().await;
    assert_eq!(w.connect("FACEBOOK").await.get("status").map(String::as_str), Some("connected"));
    let connection = w.list().await["nodes"][0].clone();
    assert_eq!(connection["canRefresh"], false);
    // 48-hour token, 72-hour warning window: already shown as expiring.
    assert_eq!(connection["status"], "EXPIRING");

    w.app.clock.advance(Duration::hours(49));
    let report = refresh::run(&w.app.state).await.expect("refresh runs");
    assert_eq!(report.needs_reauth, 1);
    let after = w.list().await["nodes"][0].clone();
    assert_eq!(
        (after["status"].as_str(), after["statusReason"].as_str()),
        (Some("NEEDS_REAUTH"), Some("token_expired"))
    );
    let mails = entity::outbox_emails::Entity::find().all(&w.app.state.db).await.expect("outbox");
    assert_eq!(mails.len(), 1);
    assert_eq!(
        (mails[0].kind.as_str(), mails[0].to_address.as_str()),
        ("connection.needs_reauth", "owner@example.com")
    );
    // A second run does not notify twice.
    refresh::run(&w.app.state).await.expect("refresh runs");
    assert_eq!(entity::outbox_emails::Entity::find().count(&w.app.state.db).await.expect("count"), 1);

    let resp = w
        .app
        .gql(DISCONNECT)
        .var("i", json!({ "socialAccountId": connection["id"] }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(resp["data"]["disconnectSocialAccount"]["revocation"], "CONFIRMED");
    assert_eq!(w.fake.lock().revoked[0].0, "meta");
}

#[tokio::test]
async fn linkedin_answers_without_token_type_and_still_connects() {
    let w = world().await;
    let outcome = w.connect("LINKEDIN").await;
    assert_eq!(outcome.get("status").map(String::as_str), Some("connected"), "{outcome:?}");
    assert_eq!(w.list().await["nodes"][0]["accountName"], "In acct-1");
}

#[tokio::test]
async fn reconnecting_updates_in_place_and_keeps_the_refresh_token() {
    let w = world().await;
    w.connect("PINTEREST").await;
    let first = w.list().await["nodes"][0]["id"].clone();
    w.fake.lock().omit_refresh_on_exchange = true;
    assert_eq!(w.connect("PINTEREST").await.get("status").map(String::as_str), Some("connected"));
    let list = w.list().await;
    assert_eq!(list["totalCount"], 1, "no duplicate connection");
    assert_eq!(list["nodes"][0]["id"], first);
    assert_eq!(list["nodes"][0]["canRefresh"], true);

    // The kept refresh token is the one the platform still honours.
    w.app.clock.advance(Duration::days(30));
    let report = refresh::run(&w.app.state).await.expect("refresh runs");
    assert_eq!((report.refreshed, report.needs_reauth), (1, 0));
    let audit = entity::audit_log::Entity::find().all(&w.app.state.db).await.expect("audit");
    assert!(audit.iter().any(|e| e.action == "connection.reauthorized"));
}

#[tokio::test]
async fn a_dead_grant_marks_needs_reauth_and_notifies_the_connector() {
    let w = world().await;
    w.connect("X").await;
    // The person removed our app at X: the platform now refuses the refresh token.
    w.fake.lock().fail_refresh = true;
    w.app.clock.advance(Duration::minutes(90));
    let report = refresh::run(&w.app.state).await.expect("refresh runs");
    assert_eq!(report.needs_reauth, 1);
    let after = w.list().await["nodes"][0].clone();
    assert_eq!(
        (after["status"].as_str(), after["statusReason"].as_str()),
        (Some("NEEDS_REAUTH"), Some("refresh_rejected"))
    );
    let mails = entity::outbox_emails::Entity::find().all(&w.app.state.db).await.expect("outbox");
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("Reconnect your X account"));
    assert_eq!(mails[0].to_address, "owner@example.com");
}

#[tokio::test]
async fn callback_failures_store_nothing() {
    let w = world().await;
    let expect = |outcome: HashMap<String, String>, reason: &str| {
        assert_eq!(outcome.get("status").map(String::as_str), Some("error"), "{outcome:?}");
        assert_eq!(outcome.get("reason").map(String::as_str), Some(reason), "{outcome:?}");
    };

    let callback = w.url_for_callback("x", "unknown-state", Some("code")).await;
    expect(w.callback(&callback).await, "invalid_state");

    // Replayed: the second use of a state fails.
    let url = w.start("X").await;
    let callback = w.authorize(&url).await;
    assert_eq!(w.callback(&callback).await.get("status").map(String::as_str), Some("connected"));
    expect(w.callback(&callback).await, "invalid_state");
    let id = w.list().await["nodes"][0]["id"].clone();
    w.app.gql(DISCONNECT).var("i", json!({ "socialAccountId": id })).token(&w.owner.token).send().await;

    // Finished in a browser signed in as someone else.
    let other = w.app.signup("someone-else@example.com").await;
    let url = w.start("X").await;
    let callback = w.authorize(&url).await;
    let back = w
        .app
        .http
        .get(&callback)
        .header("cookie", format!("pw_session={}", other.token))
        .send()
        .await
        .expect("callback answers");
    let spa = Url::parse(&location(&back)).expect("redirect to the app");
    let outcome: HashMap<String, String> = spa.query_pairs().into_owned().collect();
    expect(outcome, "wrong_account");
    assert!(w.list().await["nodes"].as_array().is_some_and(Vec::is_empty), "nothing stored");
    // The person who started it, in their own browser, still can (with a new link).
    let url = w.start("X").await;
    let callback = w.authorize(&url).await;
    let own = w
        .app
        .http
        .get(&callback)
        .header("cookie", format!("pw_session={}", w.owner.token))
        .send()
        .await
        .expect("callback answers");
    let spa = Url::parse(&location(&own)).expect("redirect to the app");
    assert!(spa.query_pairs().any(|(k, v)| k == "status" && v == "connected"), "{spa}");
    let id = w.list().await["nodes"][0]["id"].clone();
    w.app.gql(DISCONNECT).var("i", json!({ "socialAccountId": id })).token(&w.owner.token).send().await;

    // Expired.
    let url = w.start("X").await;
    let callback = w.authorize(&url).await;
    w.app.clock.advance(Duration::minutes(11));
    expect(w.callback(&callback).await, "expired_state");

    // The person said no at the platform.
    let url = w.start("X").await;
    let state = Url::parse(&url).expect("url").query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.into_owned());
    let denied = w.url_for_callback_error("x", state.as_deref().unwrap_or_default(), "access_denied").await;
    expect(w.callback(&denied).await, "access_denied");

    // The code exchange fails.
    w.fake.lock().fail_token_exchange = true;
    let url = w.start("X").await;
    let callback = w.authorize(&url).await;
    expect(w.callback(&callback).await, "exchange_failed");
    w.fake.lock().fail_token_exchange = false;

    // The profile call fails.
    w.fake.lock().fail_profile = true;
    let url = w.start("X").await;
    let callback = w.authorize(&url).await;
    expect(w.callback(&callback).await, "profile_failed");

    // State for one platform, callback on another.
    w.fake.lock().fail_profile = false;
    let url = w.start("X").await;
    let callback = w.authorize(&url).await.replace("/oauth/callback/x", "/oauth/callback/pinterest");
    expect(w.callback(&callback).await, "invalid_state");

    assert_eq!(w.count("connections").await, 0);
    assert_eq!(w.count("vault_secrets").await, 0, "no tokens kept from failed handshakes");
}

impl World {
    async fn url_for_callback(&self, platform: &str, state: &str, code: Option<&str>) -> String {
        let mut url = Url::parse(&self.app.url(&format!("/oauth/callback/{platform}"))).expect("url");
        url.query_pairs_mut().append_pair("state", state);
        if let Some(code) = code {
            url.query_pairs_mut().append_pair("code", code);
        }
        url.to_string()
    }

    async fn url_for_callback_error(&self, platform: &str, state: &str, error: &str) -> String {
        let mut url = Url::parse(&self.app.url(&format!("/oauth/callback/{platform}"))).expect("url");
        url.query_pairs_mut().append_pair("state", state).append_pair("error", error);
        url.to_string()
    }
}

#[tokio::test]
async fn telegram_connects_with_a_bot_token_that_is_never_stored_in_plaintext() {
    let w = world().await;
    let bad = w
        .app
        .gql(TELEGRAM)
        .var("i", json!({ "workspaceId": w.workspace, "botToken": "123456789:AAEhBOweik9ai_bvJ-wrongwrongwrong", "chatId": CHAT_ID }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(user_code(&bad), Some("INVALID"));
    assert_eq!(user_field(&bad), "input.botToken");
    let malformed = w
        .app
        .gql(TELEGRAM)
        .var("i", json!({ "workspaceId": w.workspace, "botToken": "nope", "chatId": "not a chat" }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(user_errors(&malformed).map(Vec::len), Some(2));
    let unknown_chat = w
        .app
        .gql(TELEGRAM)
        .var("i", json!({ "workspaceId": w.workspace, "botToken": BOT_TOKEN, "chatId": "-100999" }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(user_field(&unknown_chat), "input.chatId");
    assert_eq!(w.count("connections").await, 0);

    let ok = w
        .app
        .gql(TELEGRAM)
        .var("i", json!({ "workspaceId": w.workspace, "botToken": BOT_TOKEN, "chatId": CHAT_ID }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(ok["data"]["connectTelegramAccount"]["socialAccount"]["accountName"], "Launch Channel", "{ok}");
    assert!(!w.app.database_bytes().await.windows(BOT_TOKEN.len()).any(|b| b == BOT_TOKEN.as_bytes()));
    let id = ok["data"]["connectTelegramAccount"]["socialAccount"]["id"].clone();
    let check = w.app.gql(CHECK).var("i", json!({ "socialAccountId": id })).token(&w.owner.token).send().await;
    assert_eq!(check["data"]["checkSocialAccount"]["socialAccount"]["status"], "ACTIVE", "{check}");
    let resp = w.app.gql(DISCONNECT).var("i", json!({ "socialAccountId": id })).token(&w.owner.token).send().await;
    assert_eq!(resp["data"]["disconnectSocialAccount"]["revocation"], "NOT_SUPPORTED");
    assert_eq!(w.count("vault_secrets").await, 0);
}

#[tokio::test]
async fn telegram_and_unconfigured_platforms_cannot_start_oauth() {
    let fake = FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| {
        fake.configure(c);
        c.platforms.youtube.client_id = String::new();
    })
    .await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    for platform in ["YOUTUBE", "TELEGRAM"] {
        let resp = app
            .gql("mutation($i: ConnectSocialAccountInput!) { connectSocialAccount(input: $i) { userErrors { field code } authorizationUrl } }")
            .var("i", json!({ "workspaceId": workspace, "platform": platform }))
            .token(&owner.token)
            .send()
            .await;
        assert_eq!(user_code(&resp), Some("INVALID"), "{platform}: {resp}");
    }
    let platforms =
        app.gql("{ platforms { platform available connectMethod scopes supportsRevocation } }").send().await;
    let youtube =
        platforms["data"]["platforms"].as_array().and_then(|p| p.iter().find(|p| p["platform"] == "YOUTUBE")).cloned();
    assert_eq!(youtube.map(|y| y["available"].clone()), Some(json!(false)));
}

#[tokio::test]
async fn the_authorization_url_asks_for_the_minimum_with_pkce_and_a_bound_state() {
    let w = world().await;
    let url = Url::parse(&w.start("X").await).expect("url");
    let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(q.get("code_challenge_method").map(String::as_str), Some("S256"));
    assert_eq!(q.get("scope").map(String::as_str), Some("tweet.read tweet.write users.read offline.access"));
    assert_eq!(q.get("redirect_uri"), Some(&w.app.url("/oauth/callback/x")));
    assert!(q.get("state").is_some_and(|s| s.len() >= 40));
    assert_eq!(w.count("oauth_states").await, 1);
    let db_bytes = w.app.database_bytes().await;
    assert!(!contains_bytes(&db_bytes, q["state"].as_bytes()), "the state is stored only as a hash");

    let tiktok = Url::parse(&w.start("TIKTOK").await).expect("url");
    let q: HashMap<String, String> = tiktok.query_pairs().into_owned().collect();
    assert_eq!(q.get("client_key").map(String::as_str), Some("test-client"));
    assert_eq!(q.get("scope").map(String::as_str), Some("user.info.basic,video.publish,video.list"));
}

#[tokio::test]
async fn outsiders_and_viewers_are_kept_out() {
    let w = world().await;
    w.connect("X").await;
    let id = w.list().await["nodes"][0]["id"].clone();
    let outsider = w.app.signup("outsider@example.com").await;
    w.app.create_workspace(&outsider, "Elsewhere").await;
    let viewer = w.app.signup("viewer@example.com").await;
    w.app.add_member(&w.owner, &w.workspace, &viewer, "VIEWER").await;

    let attempts = [
        (LIST, json!({ "id": w.workspace })),
        (
            "mutation($i: ConnectSocialAccountInput!) { connectSocialAccount(input: $i) { userErrors { field code } authorizationUrl } }",
            json!({ "i": { "workspaceId": w.workspace, "platform": "X" } }),
        ),
        (TELEGRAM, json!({ "i": { "workspaceId": w.workspace, "botToken": BOT_TOKEN, "chatId": CHAT_ID } })),
        (CHECK, json!({ "i": { "socialAccountId": id } })),
        (DISCONNECT, json!({ "i": { "socialAccountId": id } })),
    ];
    for (query, vars) in &attempts {
        let mut request = w.app.gql(query).token(&outsider.token);
        for (k, v) in vars.as_object().into_iter().flatten() {
            request = request.var(k, v.clone());
        }
        let resp = request.send().await;
        assert_eq!(error_code(&resp), Some("NOT_FOUND"), "{query}: {resp}");
        assert!(resp["data"].as_object().is_none_or(|d| d.values().all(Value::is_null)));
    }
    let seen = w.app.gql(LIST).var("id", json!(w.workspace)).token(&viewer.token).send().await;
    assert_eq!(seen["data"]["workspace"]["socialAccounts"]["totalCount"], 1);
    let node = w.app.gql("query($id: ID!) { node(id: $id) { id } }").var("id", id.clone()).token(&outsider.token);
    let node = node.send().await;
    assert!(node["errors"].is_null() && node["data"]["node"].is_null(), "{node}");
    for (query, vars) in &attempts[1..] {
        let mut request = w.app.gql(query).token(&viewer.token);
        for (k, v) in vars.as_object().into_iter().flatten() {
            request = request.var(k, v.clone());
        }
        assert_eq!(error_code(&request.send().await), Some("FORBIDDEN"), "{query}");
    }
    assert_eq!(w.count("connections").await, 1);
}

/// The `userErrors` of the one mutation in a response.
pub fn user_errors(resp: &Value) -> Option<&Vec<Value>> {
    resp["data"].as_object()?.values().find_map(|payload| payload["userErrors"].as_array())
}

/// The first user error's code.
pub fn user_code(resp: &Value) -> Option<&str> {
    user_errors(resp)?.first()?["code"].as_str()
}

/// The first user error's field, dotted.
pub fn user_field(resp: &Value) -> String {
    let field = user_errors(resp).and_then(|e| e.first()).and_then(|e| e["field"].as_array().cloned());
    field.unwrap_or_default().iter().filter_map(|s| s.as_str()).collect::<Vec<_>>().join(".")
}

#[tokio::test]
async fn node_answers_null_for_a_well_formed_id_of_nothing() {
    let w = world().await;
    let nothing = postwarden::graphql::relay::GlobalId::id(
        postwarden::graphql::relay::NodeKind::Connection,
        uuid::Uuid::now_v7(),
    );
    let resp = w
        .app
        .gql("query($id: ID!) { node(id: $id) { id } }")
        .var("id", json!(nothing.to_string()))
        .token(&w.owner.token)
        .send()
        .await;
    assert!(resp["errors"].is_null(), "{resp}");
    assert_eq!(resp["data"]["node"], Value::Null);
    let malformed = w
        .app
        .gql("query($id: ID!) { node(id: $id) { id } }")
        .var("id", json!("nope"))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(error_code(&malformed), Some("BAD_USER_INPUT"), "{malformed}");
}

/// Refused, or for `node`, answered null as if nothing had the id.
pub fn assert_hidden(resp: &Value, codes: &[&str], what: &str) {
    let null_node = resp["errors"].is_null()
        && resp["data"].as_object().is_some_and(|d| d.len() == 1 && d.get("node").is_some_and(Value::is_null));
    if !null_node {
        postwarden_tests::assert_refused(resp, codes, what);
    }
}
