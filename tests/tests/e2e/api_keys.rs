use chrono::Duration;
use postwarden_tests::{TestApp, contains_bytes, error_code};
use serde_json::json;

const CREATE: &str = "mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id prefix scopes status } userErrors { field code } } }";
const REVOKE: &str =
    "mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { status revokedAt } } }";
const WORKSPACE: &str = "query($id: ID!) { workspace(id: $id) { name } }";

#[tokio::test]
async fn a_key_is_shown_once_scoped_and_revocable() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    let created = app
        .gql(CREATE)
        .var("input", json!({ "workspaceId": workspace, "name": "CI", "scopes": ["WORKSPACE_READ", "CONTENT_READ"] }))
        .token(&owner.token)
        .send()
        .await;
    let key = &created["data"]["createApiKey"];
    let secret = key["secret"].as_str().expect("secret shown at creation").to_owned();
    assert!(secret.starts_with("pwk_"));
    assert!(secret.starts_with(key["apiKey"]["prefix"].as_str().unwrap_or("?")));
    assert_eq!(key["apiKey"]["status"], "ACTIVE");

    let via_key = app.gql(WORKSPACE).var("id", json!(workspace)).token(&secret).send().await;
    assert_eq!(via_key["data"]["workspace"]["name"], "Acme", "{via_key}");

    // Listing never shows the secret, and records when the key was last used.
    let listed = app
        .gql("query($id: ID!) { workspace(id: $id) { apiKeys { nodes { prefix lastUsedAt status } } } }")
        .var("id", json!(workspace))
        .token(&owner.token)
        .send()
        .await;
    assert!(!listed.to_string().contains(&secret[17..]));
    assert!(listed["data"]["workspace"]["apiKeys"]["nodes"][0]["lastUsedAt"].is_string(), "{listed}");

    // Only a hash and the display prefix are stored; so are sessions and passwords.
    let bytes = app.database_bytes().await;
    let (prefix, random) = secret["pwk_".len()..].split_once('_').expect("pwk_<prefix>_<secret>");
    assert!(contains_bytes(&bytes, prefix.as_bytes()), "the dump misses the api_keys table");
    assert!(contains_bytes(&bytes, owner.email.as_bytes()), "the dump misses the users table");
    assert!(!contains_bytes(&bytes, random.as_bytes()), "the key's secret is stored in plaintext");
    assert!(!contains_bytes(&bytes, owner.token.as_bytes()), "a session token is stored in plaintext");
    assert!(!contains_bytes(&bytes, postwarden_tests::PASSWORD.as_bytes()), "a password is stored in plaintext");
    assert!(contains_bytes(&bytes, b"$argon2id$"), "passwords are hashed with argon2id");

    let revoked =
        app.gql(REVOKE).var("input", json!({ "apiKeyId": key["apiKey"]["id"] })).token(&owner.token).send().await;
    assert_eq!(revoked["data"]["revokeApiKey"]["apiKey"]["status"], "REVOKED");
    let after = app.gql(WORKSPACE).var("id", json!(workspace)).token(&secret).send().await;
    assert_eq!(error_code(&after), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn keys_expire_and_stay_inside_their_scopes_and_workspace() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    let other = app.create_workspace(&owner, "Other").await;
    let expires = (postwarden_tests::start_time() + Duration::days(7)).to_rfc3339();
    let created = app
        .gql(CREATE)
        .var(
            "input",
            json!({ "workspaceId": workspace, "name": "bot", "scopes": ["CONTENT_READ"], "expiresAt": expires }),
        )
        .token(&owner.token)
        .send()
        .await;
    let secret = created["data"]["createApiKey"]["secret"].as_str().unwrap_or_default().to_owned();

    let no_scope = app.gql(WORKSPACE).var("id", json!(workspace)).token(&secret).send().await;
    assert_eq!(error_code(&no_scope), Some("FORBIDDEN"), "{no_scope}");
    let elsewhere = app.gql(WORKSPACE).var("id", json!(other)).token(&secret).send().await;
    assert_eq!(error_code(&elsewhere), Some("NOT_FOUND"));
    let make_key = app
        .gql(CREATE)
        .var("input", json!({ "workspaceId": workspace, "name": "x", "scopes": ["CONTENT_READ"] }))
        .token(&secret)
        .send()
        .await;
    assert_eq!(error_code(&make_key), Some("FORBIDDEN"));
    let rename = app
        .gql("mutation($input: RenameWorkspaceInput!) { renameWorkspace(input: $input) { workspace { name } } }")
        .var("input", json!({ "workspaceId": workspace, "name": "Pwned" }))
        .token(&secret)
        .send()
        .await;
    assert_eq!(error_code(&rename), Some("FORBIDDEN"));

    app.clock.advance(Duration::days(8));
    let expired = app.gql("{ me { id } }").token(&secret).send().await;
    assert_eq!(error_code(&expired), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn nobody_grants_more_than_their_role_holds() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let viewer = app.signup("viewer@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    app.add_member(&owner, &workspace, &viewer, "VIEWER").await;

    let write = app
        .gql(CREATE)
        .var("input", json!({ "workspaceId": workspace, "name": "v", "scopes": ["CONTENT_WRITE"] }))
        .token(&viewer.token)
        .send()
        .await;
    assert_eq!(error_code(&write), Some("FORBIDDEN"));
    let read = app
        .gql(CREATE)
        .var("input", json!({ "workspaceId": workspace, "name": "v", "scopes": ["CONTENT_READ"] }))
        .token(&viewer.token)
        .send()
        .await;
    assert!(read["errors"].is_null(), "{read}");

    let past = app
        .gql(CREATE)
        .var("input", json!({ "workspaceId": workspace, "name": "v", "scopes": ["CONTENT_READ"], "expiresAt": "2020-01-01T00:00:00Z" }))
        .token(&owner.token)
        .send()
        .await;
    assert_eq!(past["data"]["createApiKey"]["userErrors"][0]["code"], "INVALID", "{past}");
    let none = app
        .gql(CREATE)
        .var("input", json!({ "workspaceId": workspace, "name": "v", "scopes": [] }))
        .token(&owner.token)
        .send()
        .await;
    assert_eq!(none["data"]["createApiKey"]["userErrors"][0]["code"], "INVALID", "{none}");
}

#[tokio::test]
async fn removing_a_member_revokes_their_keys() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let editor = app.signup("editor@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    let member = app.add_member(&owner, &workspace, &editor, "EDITOR").await;
    let created = app
        .gql(CREATE)
        .var("input", json!({ "workspaceId": workspace, "name": "e", "scopes": ["WORKSPACE_READ"] }))
        .token(&editor.token)
        .send()
        .await;
    let secret = created["data"]["createApiKey"]["secret"].as_str().unwrap_or_default().to_owned();
    app.gql("mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedMemberId } }")
        .var("input", json!({ "memberId": member }))
        .token(&owner.token)
        .send()
        .await;
    let resp = app.gql(WORKSPACE).var("id", json!(workspace)).token(&secret).send().await;
    assert_eq!(error_code(&resp), Some("UNAUTHENTICATED"));

    // The trail says which key went, and why.
    let key_id = created["data"]["createApiKey"]["apiKey"]["id"].as_str().unwrap_or_default().to_owned();
    let key_uuid = postwarden::graphql::relay::GlobalId::expect(
        "id",
        &async_graphql::ID(key_id),
        postwarden::graphql::relay::NodeKind::ApiKey,
    )
    .expect("key id");
    let revoked = app.audit_entries("api_key.revoked").await;
    assert_eq!(revoked.len(), 1, "{revoked:?}");
    assert_eq!(revoked[0].object_id, Some(key_uuid));
    assert!(revoked[0].detail.contains("member_removed"), "{}", revoked[0].detail);
    let removed = app.audit_entries("member.removed").await;
    assert!(removed[0].detail.contains("\"api_keys_revoked\":1"), "{}", removed[0].detail);
}

#[tokio::test]
async fn a_retried_create_returns_the_same_key_and_secret() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    let input = json!({ "workspaceId": workspace, "name": "CI", "scopes": ["CONTENT_READ"], "idempotencyKey": "ci-1" });
    let first = app.gql(CREATE).var("input", input.clone()).token(&owner.token).send().await;
    let again = app.gql(CREATE).var("input", input.clone()).token(&owner.token).send().await;
    let (first, again) = (&first["data"]["createApiKey"], &again["data"]["createApiKey"]);
    assert!(first["secret"].is_string(), "{first}");
    assert_eq!(first["secret"], again["secret"]);
    assert_eq!(first["apiKey"]["id"], again["apiKey"]["id"]);
    let listed = app
        .gql("query($id: ID!) { workspace(id: $id) { apiKeys { totalCount } } }")
        .var("id", json!(workspace))
        .token(&owner.token)
        .send()
        .await;
    assert_eq!(listed["data"]["workspace"]["apiKeys"]["totalCount"], 1, "{listed}");

    let mut other = input;
    other["name"] = json!("Another");
    let reused = app.gql(CREATE).var("input", other).token(&owner.token).send().await;
    let errors = &reused["data"]["createApiKey"]["userErrors"];
    assert_eq!(errors[0]["code"], "IDEMPOTENCY_KEY_REUSED", "{reused}");
    assert_eq!(errors[0]["field"], json!(["input", "idempotencyKey"]));
    assert!(reused["data"]["createApiKey"]["secret"].is_null());
}
