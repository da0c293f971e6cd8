use compliance::audit::{self, Actor, AuditEvent};
use entity::audit_log;
use postwarden::graphql::relay::{GlobalId, NodeKind};
use postwarden_tests::TestApp;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, Statement};
use serde_json::json;

async fn entries(app: &TestApp) -> Vec<audit_log::Model> {
    audit_log::Entity::find().order_by_asc(audit_log::Column::Seq).all(&app.state.db).await.expect("audit rows")
}

async fn exec(app: &TestApp, sql: &str) {
    let db = &app.state.db;
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect(sql);
}

#[tokio::test]
async fn account_actions_are_recorded_without_personal_values() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Distinctive.Name@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    app.gql("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }")
        .var("input", json!({ "workspaceId": workspace, "name": "bot", "scopes": ["CONTENT_READ"] }))
        .token(&owner.token)
        .send()
        .await;
    app.gql("mutation { logout { sessionsEnded } }").token(&owner.token).send().await;

    let rows = entries(&app).await;
    let actions: Vec<&str> = rows.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["user.registered", "session.created", "workspace.created", "api_key.created", "session.ended"]
    );
    assert!(rows.iter().all(|e| e.request_id.is_some()), "every entry made by a request names it");
    let dump = format!("{rows:?}").to_lowercase();
    assert!(!dump.contains("distinctive"), "the audit log holds a personal value");
    assert!(!dump.contains("test person"), "the audit log holds a display name");

    let report = audit::verify_chain(&app.state.db).await.expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.entries_checked, 5);
}

#[tokio::test]
async fn an_edited_entry_breaks_the_chain_at_that_entry() {
    let app = TestApp::spawn().await;
    for i in 0..3 {
        app.signup(&format!("person{i}@example.com")).await;
    }
    assert!(audit::verify_chain(&app.state.db).await.expect("verify").is_intact());

    exec(&app, "UPDATE audit_log SET detail = '{\"forged\":true}' WHERE seq = 3").await;
    let report = audit::verify_chain(&app.state.db).await.expect("verify");
    let broken = report.first_break.expect("tampering detected");
    assert_eq!((broken.seq, broken.reason), (3, "hash_mismatch"));
    assert_eq!(report.entries_checked, 2);
}

#[tokio::test]
async fn removed_and_truncated_entries_are_caught() {
    let app = TestApp::spawn().await;
    for i in 0..3 {
        app.signup(&format!("person{i}@example.com")).await;
    }
    exec(&app, "DELETE FROM audit_log WHERE seq = 6").await;
    let tail = audit::verify_chain(&app.state.db).await.expect("verify");
    assert_eq!(tail.first_break.map(|b| (b.seq, b.reason)), Some((6, "head_mismatch")));

    exec(&app, "DELETE FROM audit_log WHERE seq = 2").await;
    let gap = audit::verify_chain(&app.state.db).await.expect("verify");
    assert_eq!(gap.first_break.map(|b| (b.seq, b.reason)), Some((2, "entry_missing")));
}

#[tokio::test]
async fn concurrent_writers_do_not_fork_the_chain() {
    let app = TestApp::spawn().await;
    let writers = (0..8).map(|w| {
        let db = app.state.db.clone();
        let clock = app.clock.clone();
        tokio::spawn(async move {
            for i in 0..25 {
                let event = AuditEvent::new(Actor::System, "test.concurrent").detail(json!({ "writer": w, "i": i }));
                audit::append(&db, clock.as_ref(), event).await.expect("append");
            }
        })
    });
    for writer in writers {
        writer.await.expect("writer finished");
    }
    let rows = entries(&app).await;
    assert_eq!(rows.len(), 200);
    assert!(rows.iter().enumerate().all(|(i, e)| e.seq == i as i64 + 1), "sequence has gaps or repeats");
    let report = audit::verify_chain(&app.state.db).await.expect("verify");
    assert!(report.is_intact(), "{report:?}");
}

/// Every entry names who acted: the person behind a session, the key behind a script.
#[tokio::test]
async fn each_actor_is_recorded_as_who_it_is() {
    let fake = postwarden_tests::fakes::platform::FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| fake.configure(c)).await;
    let owner = app.signup("owner@example.com").await;
    let owner_id = app.user_uuid("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;

    app.connect(&owner, &workspace, "X").await;
    let key = app.api_key(&owner).await;
    let key_row = entity::api_keys::Entity::find().one(&app.state.db).await.expect("query").expect("key");
    let (key_id, key_workspace) = (key_row.id, GlobalId::id(NodeKind::Workspace, key_row.workspace_id));
    let (_, uploaded) = app.upload(&key, key_workspace.as_str(), "p.png", postwarden_tests::PNG.to_vec()).await;
    assert!(uploaded["errors"].is_null(), "{uploaded}");

    app.grant("owner@example.com", entity::sea_orm_active_enums::PlatformRole::Admin).await;
    let person = app.signup("person@example.com").await;
    let granted = app
        .gql("mutation($i: GrantPlatformRoleInput!) { grantPlatformRole(input: $i) { changed } }")
        .var("i", json!({ "userId": person.user_id, "role": "COMPLIANCE_OFFICER" }))
        .token(&owner.token)
        .send()
        .await;
    assert_eq!(granted["data"]["grantPlatformRole"]["changed"], true, "{granted}");
    app.gql("mutation { logoutEverywhere { sessionsEnded } }").token(&owner.token).send().await;

    let rows = entries(&app).await;
    let find = |action: &str| rows.iter().rev().find(|e| e.action == action).cloned().expect(action);
    use entity::sea_orm_active_enums::ActorKind;
    let connected = find("connection.connected");
    assert_eq!((connected.actor_kind, connected.actor_id), (ActorKind::User, Some(owner_id)));
    let uploaded = find("media.uploaded");
    assert_eq!((uploaded.actor_kind, uploaded.actor_id), (ActorKind::ApiKey, Some(key_id)), "the key, not its creator");
    let by_admin = find("role.granted");
    assert_eq!((by_admin.actor_kind, by_admin.actor_id), (ActorKind::User, Some(owner_id)));
    assert_eq!(by_admin.subject_id, Some(app.user_uuid("person@example.com").await));
    let ended = find("session.ended_everywhere");
    assert_eq!((ended.actor_kind, ended.subject_id), (ActorKind::User, Some(owner_id)));
    let first_grant = rows.iter().find(|e| e.action == "role.granted").expect("granted");
    assert_eq!(first_grant.actor_kind, ActorKind::System, "the first admin came from the operator");
    assert!(audit::verify_chain(&app.state.db).await.expect("verify").is_intact());
}
