//! Who may see and manage webhooks, what a webhook may point at, and where its secret is
//! (and is not) to be found.

use crate::connections::{user_code, user_field};
use crate::webhooks::{CREATE, DELETE, LIST, ROTATE, UPDATE};
use postwarden_tests::{Session, TestApp, contains_bytes, error_code, fakes::receiver::FakeReceiver};
use serde_json::{Value, json};

const NODE: &str = "query($id: ID!) { node(id: $id) { id ... on Webhook { url events active } } }";
const NODES: &str = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }";

async fn create(app: &TestApp, session: &Session, workspace: &str, url: &str) -> Value {
    app.gql(CREATE)
        .var("i", json!({ "workspaceId": workspace, "url": url, "events": ["POST_PUBLISHED"] }))
        .token(&session.token)
        .send()
        .await
}

/// Every webhook operation, run as `session` against `workspace` and `webhook`.
async fn every_operation(app: &TestApp, token: &str, workspace: &str, webhook: &str) -> Vec<(&'static str, Value)> {
    let by_id = json!({ "webhookId": webhook });
    let mut out = Vec::new();
    for (name, query, variable, value) in [
        ("webhooks", LIST, "w", json!(workspace)),
        (
            "createWebhook",
            CREATE,
            "i",
            json!({ "workspaceId": workspace, "url": "https://hooks.example.com/x", "events": ["POST_FAILED"] }),
        ),
        ("updateWebhook", UPDATE, "i", json!({ "webhookId": webhook, "url": "https://evil.example.com/x" })),
        ("rotateWebhookSecret", ROTATE, "i", by_id.clone()),
        ("deleteWebhook", DELETE, "i", by_id.clone()),
        ("node", NODE, "id", json!(webhook)),
    ] {
        out.push((name, app.gql(query).var(variable, value).token(token).send().await));
    }
    out
}

fn assert_all(results: &[(&str, Value)], code: &str) {
    for (name, resp) in results {
        if *name == "node" {
            // `node` answers null for what you may not see, as for what does not exist.
            assert!(resp["errors"].is_null() && resp["data"]["node"].is_null(), "{name}: {resp}");
            continue;
        }
        assert_eq!(error_code(resp), Some(code), "{name}: {resp}");
        let leaked = resp["data"].as_object().is_some_and(|d| d.values().any(|v| !v.is_null()));
        assert!(!leaked, "{name}: data leaked: {resp}");
    }
}

#[tokio::test]
async fn another_workspaces_member_finds_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@victim.example").await;
    let workspace = app.create_workspace(&owner, "Victim Co").await;
    let created = create(&app, &owner, &workspace, "https://hooks.example.com/victim").await;
    let webhook = created["data"]["createWebhook"]["webhook"]["id"].as_str().expect("webhook").to_owned();

    let outsider = app.signup("outsider@example.com").await;
    app.create_workspace(&outsider, "Outsider Inc").await;
    assert_all(&every_operation(&app, &outsider.token, &workspace, &webhook).await, "NOT_FOUND");
    let nodes = app.gql(NODES).var("ids", json!([webhook])).token(&outsider.token).send().await;
    assert_eq!(nodes["data"]["nodes"], json!([null]), "{nodes}");

    // Nothing changed.
    let node = app.gql(NODE).var("id", json!(webhook)).token(&owner.token).send().await;
    assert_eq!(node["data"]["node"]["url"], "https://hooks.example.com/victim", "{node}");
    let list = app.gql(LIST).var("w", json!(workspace)).token(&owner.token).send().await;
    assert_eq!(list["data"]["workspace"]["webhooks"]["totalCount"], 1);
}

#[tokio::test]
async fn viewers_and_api_keys_are_refused_and_editors_manage() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let editor = app.signup("editor@example.com").await;
    let viewer = app.signup("viewer@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    app.add_member(&owner, &workspace, &editor, "EDITOR").await;
    app.add_member(&owner, &workspace, &viewer, "VIEWER").await;

    let created = create(&app, &editor, &workspace, "https://hooks.example.com/editor").await;
    assert!(created["errors"].is_null(), "editors create webhooks: {created}");
    let webhook = created["data"]["createWebhook"]["webhook"]["id"].as_str().expect("webhook").to_owned();

    assert_all(&every_operation(&app, &viewer.token, &workspace, &webhook).await, "FORBIDDEN");

    let key = app
        .gql("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }")
        .var("input", json!({ "workspaceId": workspace, "name": "ci", "scopes": ["WORKSPACE_WRITE", "CONTENT_WRITE"] }))
        .token(&owner.token)
        .send()
        .await["data"]["createApiKey"]["secret"]
        .as_str()
        .expect("key")
        .to_owned();
    assert_all(&every_operation(&app, &key, &workspace, &webhook).await, "FORBIDDEN");

    let rotated = app.gql(ROTATE).var("i", json!({ "webhookId": webhook })).token(&editor.token).send().await;
    assert!(rotated["errors"].is_null(), "{rotated}");
    let deleted = app.gql(DELETE).var("i", json!({ "webhookId": webhook })).token(&owner.token).send().await;
    assert_eq!(deleted["data"]["deleteWebhook"]["deletedWebhookId"], webhook, "{deleted}");
    let gone = app.gql(NODE).var("id", json!(webhook)).token(&owner.token).send().await;
    assert!(gone["errors"].is_null() && gone["data"]["node"].is_null(), "{gone}");
}

#[tokio::test]
async fn the_secret_is_shown_once_and_never_kept_in_the_clear() {
    let app = TestApp::spawn().await;
    let receiver = FakeReceiver::start().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    let created = create(&app, &owner, &workspace, &receiver.url()).await;
    let first = created["data"]["createWebhook"]["secret"].as_str().expect("secret").to_owned();
    let webhook = created["data"]["createWebhook"]["webhook"]["id"].as_str().expect("webhook").to_owned();
    let rotated = app.gql(ROTATE).var("i", json!({ "webhookId": webhook })).token(&owner.token).send().await;
    let second = rotated["data"]["rotateWebhookSecret"]["secret"].as_str().expect("secret").to_owned();

    let list = app.gql(LIST).var("w", json!(workspace)).token(&owner.token).send().await;
    let node = app.gql(NODE).var("id", json!(webhook)).token(&owner.token).send().await;
    for shown in [list.to_string(), node.to_string()] {
        assert!(!shown.contains(&first) && !shown.contains(&second), "a listing shows a secret: {shown}");
        assert!(!shown.contains("whsec_"));
    }
    let bytes = app.database_bytes().await;
    for secret in [&first, &second] {
        assert!(!contains_bytes(&bytes, secret.as_bytes()), "a secret is stored in the clear");
        let hex_part = secret.trim_start_matches("whsec_");
        assert!(!contains_bytes(&bytes, hex_part.as_bytes()), "a secret's random part is stored in the clear");
    }
    assert_eq!(app.count("vault_secrets").await, 1, "one sealed secret, replaced on rotation");

    let deleted = app.gql(DELETE).var("i", json!({ "webhookId": webhook })).token(&owner.token).send().await;
    assert!(deleted["errors"].is_null(), "{deleted}");
    assert_eq!(app.count("vault_secrets").await, 0, "the secret goes with the webhook");
    let actions: Vec<String> = entity::audit_log::Entity::find()
        .all(&app.state.db)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.action.starts_with("webhook."))
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["webhook.created", "webhook.secret_rotated", "webhook.deleted"]);
}

use sea_orm::EntityTrait;

#[tokio::test]
async fn urls_are_checked_and_production_refuses_inside_addresses() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    for refused in ["http://hooks.example.com/x", "ftp://hooks.example.com/x", "https://u:p@hooks.example.com/", "nope"]
    {
        let resp = create(&app, &owner, &workspace, refused).await;
        assert_eq!(user_field(&resp), "input.url", "{refused}: {resp}");
    }
    let none = app
        .gql(CREATE)
        .var("i", json!({ "workspaceId": workspace, "url": "https://hooks.example.com/x", "events": [] }))
        .token(&owner.token)
        .send()
        .await;
    assert_eq!(user_field(&none), "input.events", "{none}");
    assert!(create(&app, &owner, &workspace, "http://127.0.0.1:9/hook").await["errors"].is_null());

    let prod = TestApp::spawn_with(|c| c.mode = postwarden::config::Mode::Production).await;
    let owner = prod.signup("owner@example.com").await;
    let workspace = prod.create_workspace(&owner, "Studio").await;
    for refused in [
        "http://127.0.0.1:9/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.0.0.1/hook",
        "https://192.168.1.20/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[fd00::1]/hook",
    ] {
        let resp = create(&prod, &owner, &workspace, refused).await;
        assert_eq!(user_code(&resp), Some("INVALID"), "{refused}: {resp}");
    }
    assert!(create(&prod, &owner, &workspace, "https://hooks.example.com/x").await["errors"].is_null());
}

#[tokio::test]
async fn a_retried_create_returns_the_same_webhook_and_secret() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    let input = json!({ "workspaceId": workspace, "url": "https://hooks.example.com/a", "events": ["POST_PUBLISHED"], "idempotencyKey": "hook-1" });
    let send = |input: Value| {
        let app = &app;
        let token = owner.token.clone();
        async move { app.gql(CREATE).var("i", input).token(&token).send().await }
    };
    let first = send(input.clone()).await;
    let again = send(input.clone()).await;
    let (a, b) = (&first["data"]["createWebhook"], &again["data"]["createWebhook"]);
    assert!(a["secret"].is_string(), "{first}");
    assert_eq!((&a["secret"], &a["webhook"]["id"]), (&b["secret"], &b["webhook"]["id"]), "{again}");
    let list = app.gql(LIST).var("w", json!(workspace)).token(&owner.token).send().await;
    assert_eq!(list["data"]["workspace"]["webhooks"]["totalCount"], 1, "one row: {list}");

    let mut other = input;
    other["url"] = json!("https://hooks.example.com/b");
    let reused = send(other).await;
    assert_eq!(user_code(&reused), Some("IDEMPOTENCY_KEY_REUSED"), "{reused}");
    assert_eq!(user_field(&reused), "input.idempotencyKey");
}
