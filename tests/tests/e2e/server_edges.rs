//! The HTTP edge around the schema: the complexity cap, CORS, compression, readiness, and
//! the shared cursor pagination every list goes through.

use postwarden_tests::{TestApp, error_code};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

/// `me` (1) + `workspaces(first: n)` (n × the 3 of `nodes { id name }`).
fn workspaces_query(first: u32) -> String {
    format!("{{ me {{ workspaces(first: {first}) {{ nodes {{ id name }} }} }} }}")
}

#[tokio::test]
async fn a_query_over_the_complexity_limit_is_refused_and_one_at_it_runs() {
    // 100 = 1 + 33 × 3: the page size makes the query wide while it stays four levels deep
    // and uses no aliases, so only the complexity limit can trip.
    let app = TestApp::spawn_with(|c| c.graphql.max_complexity = 100).await;
    let owner = app.signup("owner@example.com").await;
    app.create_workspace(&owner, "Acme").await;

    let at_limit = app.gql(&workspaces_query(33)).token(&owner.token).send().await;
    assert!(at_limit["errors"].is_null(), "{at_limit}");
    assert_eq!(at_limit["data"]["me"]["workspaces"]["nodes"][0]["name"], "Acme", "{at_limit}");
    let under = app.gql(&workspaces_query(32)).token(&owner.token).send().await;
    assert!(under["errors"].is_null(), "{under}");

    let over = app.gql(&workspaces_query(34)).token(&owner.token).send().await;
    assert_eq!(error_code(&over), Some("LIMIT_EXCEEDED"), "{over}");
    let message = over["errors"][0]["message"].as_str().unwrap_or_default().to_lowercase();
    assert!(message.contains("complex"), "{over}");
    assert!(over["data"].is_null(), "nothing runs: {over}");

    // A page size passed as a variable counts the same as one written inline.
    let by_variable = "query($n: Int) { me { workspaces(first: $n) { nodes { id name } } } }";
    let ok = app.gql(by_variable).var("n", json!(33)).token(&owner.token).send().await;
    assert!(ok["errors"].is_null(), "{ok}");
    let refused = app.gql(by_variable).var("n", json!(34)).token(&owner.token).send().await;
    assert_eq!(error_code(&refused), Some("LIMIT_EXCEEDED"), "{refused}");
    assert!(refused["errors"][0]["message"].as_str().unwrap_or_default().to_lowercase().contains("complex"));

    // The same query passes under the default limit: it is the setting that refused it.
    let default = TestApp::spawn().await;
    let owner = default.signup("owner@example.com").await;
    let resp = default.gql(&workspaces_query(34)).token(&owner.token).send().await;
    assert!(resp["errors"].is_null(), "{resp}");
}

#[tokio::test]
async fn cors_preflight_answers_only_configured_origins() {
    let app = TestApp::spawn_with(|c| c.server.cors_origins = vec!["https://app.example.com".into()]).await;
    let preflight = |origin: &'static str| {
        app.http
            .request(reqwest::Method::OPTIONS, app.url("/graphql"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type, authorization, x-request-id, apollographql-client-name, \
                 apollographql-client-version, apollo-require-preflight",
            )
            .send()
    };

    let allowed = preflight("https://app.example.com").await.expect("sent");
    assert!(allowed.status().is_success(), "{}", allowed.status());
    let headers = allowed.headers();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_lowercase();
    assert_eq!(header("access-control-allow-origin"), "https://app.example.com");
    assert_eq!(header("access-control-allow-credentials"), "true");
    assert!(header("access-control-allow-methods").contains("post"), "{headers:?}");
    let allowed_headers = header("access-control-allow-headers");
    for name in [
        "authorization",
        "x-request-id",
        "apollographql-client-name",
        "apollographql-client-version",
        "apollo-require-preflight",
    ] {
        assert!(allowed_headers.contains(name), "{name}: {headers:?}");
    }

    for origin in ["https://evil.example.com", "https://app.example.com.evil.example", "http://app.example.com"] {
        let refused = preflight(origin).await.expect("sent");
        assert!(refused.headers().get("access-control-allow-origin").is_none(), "{origin}: {:?}", refused.headers());
    }

    // The actual request from the allowed origin is answered with the same headers, and the
    // request id is readable by the page.
    let (_, _, headers) = app.gql("{ __typename }").header("origin", "https://app.example.com").send_raw().await;
    assert_eq!(
        headers.get("access-control-allow-origin").and_then(|v| v.to_str().ok()),
        Some("https://app.example.com")
    );
    let exposed = headers.get("access-control-expose-headers").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(exposed.to_lowercase().contains("x-request-id"), "{headers:?}");
    let (_, _, headers) = app.gql("{ __typename }").header("origin", "https://evil.example.com").send_raw().await;
    assert!(headers.get("access-control-allow-origin").is_none(), "{headers:?}");
}

#[tokio::test]
async fn large_responses_are_gzipped_for_clients_that_ask() {
    let app = TestApp::spawn().await;
    // Introspection is on in development and its answer runs to tens of kilobytes.
    let query = json!({ "query": "{ __schema { types { name description fields { name description } } } }" });
    let post = |encoding: Option<&str>| {
        let mut request = app.http.post(app.url("/graphql")).json(&query);
        if let Some(encoding) = encoding {
            request = request.header("accept-encoding", encoding);
        }
        request.send()
    };

    // reqwest is built without its gzip feature: it neither asks for nor undoes compression.
    let plain = post(None).await.expect("sent");
    assert!(plain.headers().get("content-encoding").is_none(), "{:?}", plain.headers());
    let plain = plain.bytes().await.expect("body");
    let parsed: Value = serde_json::from_slice(&plain).expect("plain JSON");
    assert!(parsed["data"]["__schema"]["types"].as_array().is_some_and(|t| t.len() > 50), "{parsed}");
    assert!(plain.len() > 10_000, "{} bytes is not large", plain.len());

    let gzipped = post(Some("gzip")).await.expect("sent");
    assert_eq!(gzipped.status(), 200);
    assert_eq!(gzipped.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let vary = gzipped.headers().get_all("vary").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",");
    assert!(vary.to_lowercase().contains("accept-encoding"), "vary: {vary}");
    let body = gzipped.bytes().await.expect("body");
    assert_eq!(&body[..2], &[0x1f, 0x8b], "a gzip member starts with its magic bytes");
    assert!(body.len() < plain.len() / 2, "{} compressed vs {} plain", body.len(), plain.len());
    // A gzip member ends with the uncompressed length (mod 2^32), little-endian.
    let trailer: [u8; 4] = body[body.len() - 4..].try_into().expect("four bytes");
    assert_eq!(u32::from_le_bytes(trailer) as usize, plain.len(), "the same document, compressed");

    // Brotli is offered too; an encoding the server does not know gets the plain body.
    let brotli = post(Some("br")).await.expect("sent");
    assert_eq!(brotli.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("br"));
    let unknown = post(Some("x-unheard-of")).await.expect("sent");
    assert!(unknown.headers().get("content-encoding").is_none());
    assert_eq!(unknown.bytes().await.expect("body").len(), plain.len());
}

#[tokio::test]
async fn readiness_follows_the_database_while_liveness_does_not() {
    let app = TestApp::spawn().await;
    let get = |path: &'static str| {
        let request = app.http.get(app.url(path));
        async move {
            let response = request.send().await.expect("sent");
            let status = response.status();
            (status, response.json::<Value>().await.unwrap_or(Value::Null))
        }
    };

    let (status, body) = get("/readyz").await;
    assert_eq!((status.as_u16(), &body["status"]), (200, &json!("ready")), "{body}");

    // A schema behind the code is not ready.
    let db = &app.state.db;
    let forget_last = "DELETE FROM seaql_migrations WHERE version = (SELECT MAX(version) FROM seaql_migrations)";
    db.execute_raw(Statement::from_string(db.get_database_backend(), forget_last)).await.expect("forget a migration");
    let (status, body) = get("/readyz").await;
    assert_eq!((status.as_u16(), &body["status"]), (503, &json!("migrations_pending")), "{body}");

    // An unreachable database is not ready either; the process is still alive.
    db.close_by_ref().await.expect("pool closes");
    let (status, body) = get("/readyz").await;
    assert_eq!((status.as_u16(), &body["status"]), (503, &json!("database_unreachable")), "{body}");
    let (status, body) = get("/healthz").await;
    assert_eq!((status.as_u16(), &body["status"]), (200, &json!("ok")), "{body}");
}

const MY_WORKSPACES: &str = "query($first: Int, $last: Int, $after: String, $before: String) {
    me { workspaces(first: $first, last: $last, after: $after, before: $before) {
        totalCount
        pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
        edges { cursor node { name } }
    } }
}";

fn names(page: &Value) -> Vec<&str> {
    page["edges"].as_array().into_iter().flatten().filter_map(|e| e["node"]["name"].as_str()).collect()
}

#[tokio::test]
async fn pages_walk_backwards_and_bad_page_arguments_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let created = ["W1", "W2", "W3", "W4", "W5"];
    for name in created {
        app.create_workspace(&owner, name).await;
    }
    let page = |vars: Value| {
        let mut request = app.gql(MY_WORKSPACES).token(&owner.token);
        if let Value::Object(vars) = vars {
            for (name, value) in vars {
                request = request.var(&name, value);
            }
        }
        async move {
            let resp = request.send().await;
            assert!(resp["errors"].is_null(), "{resp}");
            resp["data"]["me"]["workspaces"].clone()
        }
    };

    // Ids are time-ordered, so the list's order is the order of creation.
    let all = page(json!({ "first": 10 })).await;
    assert_eq!(names(&all), created, "{all}");

    let last = page(json!({ "last": 2 })).await;
    assert_eq!(names(&last), ["W4", "W5"], "{last}");
    assert_eq!(last["totalCount"], 5);
    assert_eq!(last["pageInfo"]["hasPreviousPage"], true, "{last}");
    assert_eq!(last["pageInfo"]["hasNextPage"], false, "{last}");
    assert_eq!(last["pageInfo"]["startCursor"], last["edges"][0]["cursor"]);
    assert_eq!(last["pageInfo"]["endCursor"], last["edges"][1]["cursor"]);

    let middle = page(json!({ "last": 2, "before": last["pageInfo"]["startCursor"] })).await;
    assert_eq!(names(&middle), ["W2", "W3"], "{middle}");
    assert_eq!(middle["totalCount"], 5, "the count is of the whole list, not the page");
    assert_eq!(middle["pageInfo"]["hasPreviousPage"], true, "{middle}");
    assert_eq!(middle["pageInfo"]["hasNextPage"], true, "{middle}");

    let head = page(json!({ "last": 2, "before": middle["pageInfo"]["startCursor"] })).await;
    assert_eq!(names(&head), ["W1"], "{head}");
    assert_eq!(head["pageInfo"]["hasPreviousPage"], false, "{head}");
    assert_eq!(head["pageInfo"]["hasNextPage"], true, "{head}");

    // The cursors work in the other direction as well: after W1 come W2 and W3 again.
    let forward = page(json!({ "first": 2, "after": head["pageInfo"]["endCursor"] })).await;
    assert_eq!(names(&forward), ["W2", "W3"], "{forward}");
    assert_eq!(forward["pageInfo"]["hasPreviousPage"], true, "{forward}");
    assert_eq!(forward["pageInfo"]["hasNextPage"], true, "{forward}");
    assert_eq!(forward["edges"][0]["cursor"], middle["edges"][0]["cursor"], "a row's cursor is stable");

    let refused = |vars: Value| {
        let mut request = app.gql(MY_WORKSPACES).token(&owner.token);
        if let Value::Object(vars) = vars {
            for (name, value) in vars {
                request = request.var(&name, value);
            }
        }
        request.send()
    };
    let cases = [
        (json!({ "first": 2, "last": 2 }), "last"),
        (json!({ "first": -1 }), "first"),
        (json!({ "last": -3 }), "last"),
        (json!({ "first": 101 }), "first"),
        (json!({ "last": 2, "before": "not-a-cursor" }), "before"),
        (json!({ "first": 2, "after": "bm90LWpzb24" }), "after"),
        // Well-formed JSON in the cursor's encoding, but not a key of this list.
        (json!({ "first": 2, "after": "IjQyIg" }), "after"),
    ];
    for (vars, field) in cases {
        let resp = refused(vars.clone()).await;
        assert_eq!(error_code(&resp), Some("BAD_USER_INPUT"), "{vars}: {resp}");
        assert_eq!(resp["errors"][0]["extensions"]["field"], field, "{vars}: {resp}");
        assert!(resp["data"]["me"].is_null() || resp["data"].is_null(), "no page for {vars}: {resp}");
    }
}
