//! The audit log as compliance officers read it: filters, pages, chain verification over
//! GraphQL, and the CSV export.

use chrono::{Duration, SecondsFormat};
use compliance::Clock;
use postwarden_tests::{Session, TestApp, assert_refused};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const LOG: &str = "query($filter: AuditLogFilterInput, $first: Int, $after: String) { auditLog(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id seq action actorKind actor { __typename ... on User { id } ... on ApiKey { id } ... on ErasedPerson { reference } ... on SystemActor { name } } subject { __typename ... on User { id } ... on ErasedPerson { reference } } objectType detail requestId } } }";
const VERIFY: &str = "{ verifyAuditChain { intact entriesChecked headSeq firstBreak { seq entry { id } reason } } }";

async fn log(app: &TestApp, officer: &Session, filter: Value) -> Value {
    app.gql(LOG).var("filter", filter).token(&officer.token).send().await
}

fn actions(resp: &Value) -> Vec<String> {
    resp["data"]["auditLog"]["nodes"]
        .as_array()
        .map(|nodes| nodes.iter().filter_map(|n| n["action"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_edited_row_is_reported_by_verify_audit_chain() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    for i in 0..3 {
        app.signup(&format!("person{i}@example.com")).await;
    }
    let intact = app.gql(VERIFY).token(&officer.token).send().await;
    let report = &intact["data"]["verifyAuditChain"];
    assert_eq!(report["intact"], true, "{intact}");
    let head = big(&report["headSeq"]);
    assert_eq!(big(&report["entriesChecked"]), head);

    let target = 4;
    let db = &app.state.db;
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        format!("UPDATE audit_log SET action = 'session.ended' WHERE seq = {target}"),
    ))
    .await
    .expect("tamper");

    let broken = app.gql(VERIFY).token(&officer.token).send().await;
    let report = &broken["data"]["verifyAuditChain"];
    assert_eq!(report["intact"], false);
    assert_eq!(big(&report["entriesChecked"]), target - 1);
    assert_eq!(big(&report["firstBreak"]["seq"]), target);
    assert_eq!(report["firstBreak"]["reason"], "HASH_MISMATCH");

    // The entry it names is the one that was edited.
    let page = app.gql(LOG).var("first", json!(target)).token(&officer.token).send().await;
    let edited = &page["data"]["auditLog"]["nodes"][target as usize - 1];
    assert_eq!(big(&edited["seq"]), target);
    assert_eq!(report["firstBreak"]["entry"]["id"], edited["id"]);
}

#[tokio::test]
async fn filters_narrow_and_pages_walk_the_log() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let ann = app.signup("ann@example.com").await;
    let workspace = app.create_workspace(&ann, "Ann's").await;
    app.gql("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }")
        .var("input", json!({ "workspaceId": workspace, "name": "k", "scopes": ["CONTENT_READ"] }))
        .token(&ann.token)
        .send()
        .await;
    let later = app.clock.now() + Duration::hours(2);
    app.clock.advance(Duration::hours(3));
    app.gql("mutation { logout { sessionsEnded } }").token(&ann.token).send().await;

    let sessions = log(&app, &officer, json!({ "action": "session", "subject": ann.user_id })).await;
    assert_eq!(actions(&sessions), ["session.created", "session.ended"], "{sessions}");

    // `_` in a prefix is a literal, not a LIKE wildcard; whole segments only.
    let keys = log(&app, &officer, json!({ "action": "api_key" })).await;
    assert_eq!(actions(&keys), ["api_key.created"]);
    let none = log(&app, &officer, json!({ "action": "api" })).await;
    assert!(actions(&none).is_empty(), "{none}");

    let by_ann = log(&app, &officer, json!({ "actor": ann.user_id })).await;
    assert_eq!(
        actions(&by_ann),
        ["user.registered", "session.created", "workspace.created", "api_key.created", "session.ended"]
    );
    let system = log(&app, &officer, json!({ "actorKind": "SYSTEM" })).await;
    assert_eq!(actions(&system), ["role.granted"]);

    let recent = log(&app, &officer, json!({ "from": later.to_rfc3339_opts(SecondsFormat::Secs, true) })).await;
    assert_eq!(actions(&recent), ["session.ended"]);

    // Keyset pages cover everything exactly once.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut request = app.gql(LOG).var("first", json!(2)).token(&officer.token);
        if let Some(cursor) = &after {
            request = request.var("after", json!(cursor));
        }
        let page = request.send().await;
        let conn = &page["data"]["auditLog"];
        for node in conn["nodes"].as_array().into_iter().flatten() {
            seen.push(big(&node["seq"]));
        }
        if conn["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = conn["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    let total = log(&app, &officer, json!({})).await["data"]["auditLog"]["totalCount"].as_i64().unwrap_or_default();
    assert_eq!(seen, (1..=total).collect::<Vec<_>>());

    let bad = log(&app, &officer, json!({ "action": "Session%" })).await;
    assert_eq!(postwarden_tests::error_code(&bad), Some("BAD_USER_INPUT"));
}

#[tokio::test]
async fn an_ordinary_user_cannot_read_the_audit_log() {
    let app = TestApp::spawn().await;
    let ann = app.signup("ann@example.com").await;
    let admin = app.signup("admin@example.com").await;
    app.grant("admin@example.com", entity::sea_orm_active_enums::PlatformRole::Admin).await;
    let key = app.api_key(&ann).await;
    let entry_id = {
        let officer = app.compliance_officer("dpo@example.com").await;
        let page = app.gql(LOG).var("first", json!(1)).token(&officer.token).send().await;
        page["data"]["auditLog"]["nodes"][0]["id"].clone()
    };

    for (who, token) in [("user", &ann.token), ("admin", &admin.token), ("API key", &key)] {
        for query in [LOG, VERIFY] {
            let resp = app.gql(query).token(token).send().await;
            assert_refused(&resp, &["FORBIDDEN"], &format!("{who}: {query}"));
        }
        let node =
            app.gql("query($id: ID!) { node(id: $id) { id } }").var("id", entry_id.clone()).token(token).send().await;
        crate::connections::assert_hidden(&node, &["NOT_FOUND", "FORBIDDEN"], &format!("{who}: node"));
    }
    assert_refused(&app.gql(VERIFY).send().await, &["UNAUTHENTICATED"], "anonymous");
}

async fn csv(app: &TestApp, token: Option<&str>, query: &str) -> (u16, String, String) {
    let mut request = app.http.get(app.url(&format!("/compliance/audit.csv{query}")));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("sent");
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, content_type, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn the_csv_export_holds_the_filtered_rows_and_is_itself_recorded() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let ann = app.signup("ann@example.com").await;
    let bob = app.signup("bob@example.com").await;
    app.gql("mutation { logout { sessionsEnded } }").token(&ann.token).send().await;
    let ann_uuid = app.user_uuid("ann@example.com").await;

    let (status, content_type, body) =
        csv(&app, Some(&officer.token), &format!("?action=session&subject={}", ann.user_id)).await;
    assert_eq!(status, 200, "{body}");
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let lines: Vec<&str> = body.lines().collect();
    assert!(lines[0].starts_with("seq,id,occurred_at,actor_kind,actor_id,action,subject_id"));
    assert_eq!(lines.len(), 3, "{body}");
    for line in &lines[1..] {
        assert!(line.contains(",session."), "{line}");
        assert!(line.contains(&ann_uuid.to_string()), "{line}");
    }
    assert!(!body.contains("bob@example.com") && !body.contains(&bob.user_id));

    // The whole log, with a raw UUID filter too; JSON detail survives quoting.
    let (_, _, all) = csv(&app, Some(&officer.token), &format!("?subject={ann_uuid}")).await;
    assert!(all.contains("\"{\"\"age_basis\"\":\"\"attestation\"\"}\""), "{all}");

    let exported = app.audit_entries("export.downloaded").await;
    assert_eq!(exported.len(), 2);
    assert!(exported[0].detail.contains("\"audit_log\""));
    assert_eq!(exported[0].subject_id, Some(ann_uuid));

    let (forbidden, _, _) = csv(&app, Some(&bob.token), "").await;
    assert_eq!(forbidden, 403);
    let (anonymous, _, _) = csv(&app, None, "").await;
    assert_eq!(anonymous, 401);
    let (bad, _, body) = csv(&app, Some(&officer.token), "?acton=session").await;
    assert_eq!(bad, 400, "{body}");
    let (bad_kind, _, _) = csv(&app, Some(&officer.token), "?actorKind=robot").await;
    assert_eq!(bad_kind, 400);
    assert_eq!(app.audit_entries("export.downloaded").await.len(), 2);
}

/// A `BigInt` as a number.
fn big(value: &Value) -> i64 {
    value.as_str().and_then(|s| s.parse().ok()).unwrap_or_default()
}

#[tokio::test]
async fn each_entry_names_its_actor_as_an_object_even_once_the_person_is_gone() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let ann = app.signup("ann@example.com").await;
    let workspace = app.create_workspace(&ann, "Studio").await;
    let key = app
        .gql("mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }")
        .var("i", json!({ "workspaceId": workspace, "name": "ci", "scopes": ["WORKSPACE_WRITE"] }))
        .token(&ann.token)
        .send()
        .await;
    let secret = key["data"]["createApiKey"]["secret"].as_str().expect("key").to_owned();
    let renamed = app
        .gql("mutation($i: RenameWorkspaceInput!) { renameWorkspace(input: $i) { workspace { name } } }")
        .var("i", json!({ "workspaceId": workspace, "name": "Studio Two" }))
        .token(&secret)
        .send()
        .await;
    assert!(renamed["errors"].is_null(), "{renamed}");
    let bob = app.signup("bob@example.com").await;

    let first = |resp: &Value| resp["data"]["auditLog"]["nodes"][0].clone();
    let by_key = first(&log(&app, &officer, json!({ "action": "workspace.renamed" })).await);
    assert_eq!(by_key["actor"]["__typename"], "ApiKey", "{by_key}");
    assert_eq!(by_key["actor"]["id"], key["data"]["createApiKey"]["apiKey"]["id"]);
    let system = first(&log(&app, &officer, json!({ "actorKind": "SYSTEM" })).await);
    assert_eq!(system["actor"], json!({ "__typename": "SystemActor", "name": "postwarden" }), "{system}");
    let by_ann = first(&log(&app, &officer, json!({ "action": "user.registered", "actor": ann.user_id })).await);
    assert_eq!(by_ann["actor"], json!({ "__typename": "User", "id": ann.user_id }), "{by_ann}");

    // Bob's account is removed outright, bypassing erasure: the log still names him.
    let bob_uuid =
        postwarden::graphql::relay::GlobalId::parse("id", &async_graphql::ID(bob.user_id.clone())).expect("user id").id;
    let db = &app.state.db;
    delete_user_row(db, bob_uuid).await;
    let by_bob =
        first(&log(&app, &officer, json!({ "action": "user.registered", "actor": bob_uuid.to_string() })).await);
    assert_eq!(by_bob["actor"], json!({ "__typename": "ErasedPerson", "reference": bob_uuid.to_string() }), "{by_bob}");
}

/// Removes a user row and nothing else, foreign keys notwithstanding.
async fn delete_user_row(db: &sea_orm::DatabaseConnection, id: uuid::Uuid) {
    use sea_orm::sqlx;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        let sql = format!(
            "DO $$ BEGIN SET LOCAL session_replication_role = replica; DELETE FROM users WHERE id = '{id}'; END $$"
        );
        db.execute_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("user row deleted");
        return;
    }
    // The pragma holds per connection, so all three run on one.
    let mut conn = db.get_sqlite_connection_pool().acquire().await.expect("a connection");
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await.expect("pragma");
    let deleted = sqlx::query("DELETE FROM users WHERE id = ?").bind(id).execute(&mut *conn).await.expect("delete");
    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await.expect("pragma");
    assert_eq!(deleted.rows_affected(), 1);
}
