//! Secrets never reach a log line or a GraphQL answer they were not created for.

use postwarden_tests::{
    PASSWORD, TestApp, error_code,
    fakes::platform::{BOT_TOKEN, FakePlatform},
    logs,
};
use serde_json::json;

#[tokio::test]
async fn no_password_token_key_or_secret_is_ever_logged() {
    let fake = FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| fake.configure(c)).await;
    let owner = app.signup("logs@example.com").await;
    // A failed sign-in logs the refusal, not what was tried.
    let wrong = app.login("logs@example.com", "a wrong guess at the password").await;
    assert_eq!(error_code(&wrong), Some("UNAUTHENTICATED"));
    let workspace = app.create_workspace(&owner, "Secrets").await;
    app.connect(&owner, &workspace, "X").await;
    app.connect_telegram(&owner, &workspace).await;
    let key = app
        .gql("mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }")
        .var("i", json!({ "workspaceId": workspace, "name": "k", "scopes": ["CONTENT_READ"] }))
        .token(&owner.token)
        .send()
        .await["data"]["createApiKey"]["secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    app.gql("{ me { id } }").token(&key).send().await;
    // An internal-looking failure path: a garbage token.
    app.gql("{ me { id } }").token("pws_not-a-real-session-token").send().await;

    assert!(logs::len() > 0, "the servers logged nothing at all");
    let issued = fake.lock().issued.clone();
    let mut secrets = vec![
        PASSWORD.to_owned(),
        "a wrong guess at the password".to_owned(),
        owner.token.clone(),
        key.clone(),
        BOT_TOKEN.to_owned(),
    ];
    secrets.extend(issued);
    for secret in secrets {
        assert!(!logs::contains(&secret), "a secret reached the log: {}…", &secret[..6.min(secret.len())]);
    }
}
