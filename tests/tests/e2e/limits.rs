use postwarden::config::Mode;
use postwarden_tests::{TestApp, error_code};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[tokio::test]
async fn a_too_deep_query_is_refused() {
    let app = TestApp::spawn().await;
    // Checked before validation, so the depth alone is refused: the fields need not exist.
    let query = format!("{{ {} id {} }}", "me {".repeat(13), "}".repeat(13));
    let resp = app.gql(&query).send().await;
    assert_eq!(error_code(&resp), Some("LIMIT_EXCEEDED"), "{resp}");
    assert!(resp["errors"][0]["message"].as_str().unwrap_or_default().to_lowercase().contains("deep"), "{resp}");
}

#[tokio::test]
async fn too_many_aliases_or_root_fields_are_refused() {
    let app = TestApp::spawn().await;
    let aliases: String = (0..31).map(|i| format!("a{i}: id ")).collect();
    let resp = app.gql(&format!("{{ me {{ {aliases} }} }}")).send().await;
    assert_eq!(error_code(&resp), Some("LIMIT_EXCEEDED"));
    assert!(resp["errors"][0]["message"].as_str().unwrap_or_default().contains("aliases"), "{resp}");

    let roots: String = (0..21).map(|_| "__typename ").collect();
    let resp = app.gql(&format!("{{ {roots} }}")).send().await;
    assert!(resp["errors"][0]["message"].as_str().unwrap_or_default().contains("root fields"), "{resp}");

    // Root fields hidden in a fragment count too.
    let fragment = format!("query {{ ...F }} fragment F on Query {{ {roots} }}");
    let resp = app.gql(&fragment).send().await;
    assert_eq!(error_code(&resp), Some("LIMIT_EXCEEDED"), "{resp}");

    // A fragment's aliases count each place it is spread: 10 once is fine, 4 times is not.
    let ten: String = (0..10).map(|i| format!("f{i}: id ")).collect();
    let once = app.gql(&format!("{{ me {{ ...F }} }} fragment F on User {{ {ten} }}")).send().await;
    assert_ne!(error_code(&once), Some("LIMIT_EXCEEDED"), "{once}");
    let spread = format!(
        "{{ a: me {{ ...F }} b: me {{ ...F }} c: me {{ ...F }} d: me {{ ...F }} }} fragment F on User {{ {ten} }}"
    );
    let resp = app.gql(&spread).send().await;
    assert_eq!(error_code(&resp), Some("LIMIT_EXCEEDED"), "{resp}");
    assert!(resp["errors"][0]["message"].as_str().unwrap_or_default().contains("44 aliases"), "{resp}");
    // Fragments that spread each other are refused, not followed forever.
    let cycle = app.gql("{ me { ...A } } fragment A on User { id ...B } fragment B on User { id ...A }").send().await;
    assert!(cycle["errors"].is_array() && cycle["data"].is_null(), "{cycle}");
}

#[tokio::test]
async fn an_oversized_body_is_refused_before_it_is_read_in_full() {
    let app = TestApp::spawn().await;
    let padding = "x".repeat(2 * 1024 * 1024);
    let response = app
        .http
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(json!({ "query": "{ __typename }", "variables": { "pad": padding } }).to_string())
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(error_code(&body), Some("LIMIT_EXCEEDED"));
}

#[tokio::test]
async fn a_malformed_request_gets_a_coded_error() {
    let app = TestApp::spawn().await;
    let response = app
        .http
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body("{ not json")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));

    let syntax = app.gql("{ me { ").send().await;
    assert_eq!(error_code(&syntax), Some("BAD_USER_INPUT"));
    let unknown = app.gql("{ nothingHere }").send().await;
    assert_eq!(error_code(&unknown), Some("BAD_USER_INPUT"));
}

#[tokio::test]
async fn errors_carry_the_request_id_of_the_response() {
    let app = TestApp::spawn().await;
    let (_, body, headers) = app.gql("{ me { id } }").send_raw().await;
    let header = headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(!header.is_empty());
    assert_eq!(body["errors"][0]["extensions"]["requestId"], header);
}

#[tokio::test]
async fn a_callers_request_id_is_kept_only_when_short_and_plain() {
    let app = TestApp::spawn().await;
    let id_of = |headers: &reqwest::header::HeaderMap| {
        headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    let (_, body, headers) = app.gql("{ me { id } }").header("x-request-id", "client-trace_42.a").send_raw().await;
    assert_eq!(id_of(&headers), "client-trace_42.a");
    assert_eq!(body["errors"][0]["extensions"]["requestId"], "client-trace_42.a");

    let long = "a".repeat(65);
    for unsafe_id in ["line\"break", "x\", \"admin\": true", long.as_str()] {
        let (_, body, headers) = app.gql("{ me { id } }").header("x-request-id", unsafe_id).send_raw().await;
        let given = id_of(&headers);
        assert!(uuid::Uuid::parse_str(&given).is_ok(), "{unsafe_id:?} was replaced by {given:?}");
        assert_eq!(body["errors"][0]["extensions"]["requestId"], given.as_str());
    }
}

#[tokio::test]
async fn introspection_is_off_in_production_unless_asked_for() {
    let prod = TestApp::spawn_with(|c| c.mode = Mode::Production).await;
    let resp = prod.gql("{ __schema { queryType { name } } }").send().await;
    assert!(resp["data"]["__schema"].is_null(), "{resp}");

    let asked = TestApp::spawn_with(|c| {
        c.mode = Mode::Production;
        c.graphql.introspection = Some(true);
    })
    .await;
    let resp = asked.gql("{ __schema { queryType { name } } }").send().await;
    assert_eq!(resp["data"]["__schema"]["queryType"]["name"], "Query", "{resp}");

    let dev = TestApp::spawn().await;
    let resp = dev.gql("{ __schema { queryType { name } } }").send().await;
    assert_eq!(resp["data"]["__schema"]["queryType"]["name"], "Query");
}

#[tokio::test]
async fn automatic_persisted_queries_work() {
    let app = TestApp::spawn().await;
    let query = "{ __typename }";
    let hash = hex::encode(Sha256::digest(query.as_bytes()));
    let apq = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let post = |body: Value| {
        let request = app.http.post(app.url("/graphql")).json(&body);
        async move { request.send().await.expect("sent").json::<Value>().await.unwrap_or(Value::Null) }
    };

    let miss = post(json!({ "extensions": apq })).await;
    assert_eq!(miss["errors"][0]["message"], "PersistedQueryNotFound", "{miss}");
    assert_eq!(error_code(&miss), Some("PERSISTED_QUERY_NOT_FOUND"), "{miss}");
    let register = post(json!({ "query": query, "extensions": apq })).await;
    assert_eq!(register["data"]["__typename"], "Query");
    let hit = post(json!({ "extensions": apq })).await;
    assert_eq!(hit["data"]["__typename"], "Query", "{hit}");
}

#[tokio::test]
async fn health_readiness_and_graphiql() {
    let app = TestApp::spawn().await;
    let health = app.http.get(app.url("/healthz")).send().await.expect("sent");
    assert_eq!(health.status(), 200);
    let ready: Value = app.http.get(app.url("/readyz")).send().await.expect("sent").json().await.unwrap_or(Value::Null);
    assert_eq!(ready["status"], "ready");
    let page = app.http.get(app.url("/")).send().await.expect("sent").text().await.unwrap_or_default();
    assert!(page.to_lowercase().contains("graphiql"));

    let quiet = TestApp::spawn_with(|c| c.server.graphiql = false).await;
    assert_eq!(quiet.http.get(quiet.url("/")).send().await.expect("sent").status(), 404);
}
