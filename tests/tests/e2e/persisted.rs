//! Persisted-only mode: the allow-list is all the server runs.

use postwarden_tests::{TestApp, error_code};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const LISTED: &str = "{ __typename }";

fn hash(query: &str) -> String {
    hex::encode(Sha256::digest(query.as_bytes()))
}

async fn persisted_only() -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("persisted-queries.json");
    std::fs::write(&path, json!({ hash(LISTED): LISTED }).to_string()).expect("allow-list written");
    let app = TestApp::spawn_with(|c| {
        c.graphql.persisted_queries = Some(path);
        c.graphql.persisted_only = true;
    })
    .await;
    (app, dir)
}

async fn post(app: &TestApp, body: Value) -> Value {
    let response = app.http.post(app.url("/graphql")).json(&body).send().await.expect("sent");
    response.json::<Value>().await.unwrap_or(Value::Null)
}

fn apq(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

#[tokio::test]
async fn an_allow_listed_hash_runs() {
    let (app, _dir) = persisted_only().await;
    let hit = post(&app, json!({ "extensions": apq(&hash(LISTED)) })).await;
    assert_eq!(hit["data"]["__typename"], "Query", "{hit}");
    // The exact text of a listed query is as good as its hash.
    let text = post(&app, json!({ "query": LISTED })).await;
    assert_eq!(text["data"]["__typename"], "Query", "{text}");
}

#[tokio::test]
async fn other_query_text_is_refused() {
    let (app, _dir) = persisted_only().await;
    let other = "{ me { id } }";
    let plain = post(&app, json!({ "query": other })).await;
    assert_eq!(error_code(&plain), Some("PERSISTED_QUERY_REQUIRED"), "{plain}");
    assert!(plain["data"].is_null(), "{plain}");
    // APQ registration is off: the text with its hash does not get it listed.
    let register = post(&app, json!({ "query": other, "extensions": apq(&hash(other)) })).await;
    assert_eq!(error_code(&register), Some("PERSISTED_QUERY_REQUIRED"), "{register}");
    let after = post(&app, json!({ "extensions": apq(&hash(other)) })).await;
    assert_eq!(error_code(&after), Some("PERSISTED_QUERY_NOT_FOUND"), "{after}");
}

#[tokio::test]
async fn an_unknown_hash_is_not_found() {
    let (app, _dir) = persisted_only().await;
    let miss = post(&app, json!({ "extensions": apq(&"0".repeat(64)) })).await;
    assert_eq!(error_code(&miss), Some("PERSISTED_QUERY_NOT_FOUND"), "{miss}");
    assert!(miss["errors"][0]["extensions"]["requestId"].is_string(), "{miss}");
}

#[tokio::test]
async fn a_hash_that_does_not_match_its_text_is_bad_input() {
    let app = TestApp::spawn().await;
    let wrong = post(&app, json!({ "query": LISTED, "extensions": apq(&"0".repeat(64)) })).await;
    assert_eq!(error_code(&wrong), Some("BAD_USER_INPUT"), "{wrong}");
}

#[tokio::test]
async fn without_persisted_only_the_allow_list_still_serves_its_hashes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("persisted-queries.json");
    std::fs::write(&path, json!({ hash(LISTED): LISTED }).to_string()).expect("allow-list written");
    let app = TestApp::spawn_with(|c| c.graphql.persisted_queries = Some(path)).await;
    let hit = post(&app, json!({ "extensions": apq(&hash(LISTED)) })).await;
    assert_eq!(hit["data"]["__typename"], "Query", "{hit}");
    let free = post(&app, json!({ "query": "{ me { id } }" })).await;
    assert_eq!(error_code(&free), Some("UNAUTHENTICATED"), "{free}");
}

#[tokio::test]
async fn persisted_only_holds_over_websocket_too() {
    use crate::websocket::{connect, next_json, send};
    let (app, _dir) = persisted_only().await;
    let mut socket = connect(&app).await;
    send(&mut socket, json!({ "type": "connection_init", "payload": {} })).await;
    assert_eq!(next_json(&mut socket).await.map(|m| m["type"].clone()), Some(json!("connection_ack")));

    send(&mut socket, json!({ "id": "1", "type": "subscribe", "payload": { "query": "{ me { id } }" } })).await;
    let refused = next_json(&mut socket).await.unwrap_or(Value::Null);
    let errors = if refused["payload"].is_array() { &refused["payload"] } else { &refused["payload"]["errors"] };
    assert_eq!(errors[0]["extensions"]["code"], "PERSISTED_QUERY_REQUIRED", "{refused}");

    let listed = json!({ "query": "", "extensions": apq(&hash(LISTED)) });
    send(&mut socket, json!({ "id": "2", "type": "subscribe", "payload": listed })).await;
    let mut answer = next_json(&mut socket).await.unwrap_or(Value::Null);
    while answer["id"] != "2" && answer["type"] != "closed" && !answer.is_null() {
        answer = next_json(&mut socket).await.unwrap_or(Value::Null);
    }
    assert_eq!(answer["payload"]["data"]["__typename"], "Query", "{answer}");
}
