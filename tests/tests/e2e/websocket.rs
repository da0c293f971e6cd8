use futures::{SinkExt, StreamExt};
use postwarden_tests::TestApp;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest, http::HeaderValue};

pub(crate) type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) async fn connect(app: &TestApp) -> Socket {
    let mut request = format!("ws://{}/graphql/ws", app.addr).into_client_request().expect("request");
    request.headers_mut().insert("sec-websocket-protocol", HeaderValue::from_static("graphql-transport-ws"));
    let (socket, _) = tokio_tungstenite::connect_async(request).await.expect("websocket connects");
    socket
}

pub(crate) async fn next_json(socket: &mut Socket) -> Option<Value> {
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(10), socket.next()).await.ok()?? {
            Ok(Message::Text(text)) => return serde_json::from_str(&text).ok(),
            Ok(Message::Close(frame)) => {
                return Some(json!({ "type": "closed", "reason": frame.map(|f| f.reason.to_string()) }));
            }
            Ok(_) => continue,
            Err(_) => return None,
        }
    }
}

pub(crate) async fn send(socket: &mut Socket, value: Value) {
    socket.send(Message::text(value.to_string())).await.expect("sent");
}

#[tokio::test]
async fn operations_run_over_graphql_ws_with_the_token_from_connection_init() {
    let app = TestApp::spawn().await;
    let session = app.signup("ws@example.com").await;
    let mut socket = connect(&app).await;
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {}", session.token) } }),
    )
    .await;
    assert_eq!(next_json(&mut socket).await.map(|m| m["type"].clone()), Some(json!("connection_ack")));

    send(&mut socket, json!({ "id": "1", "type": "subscribe", "payload": { "query": "{ me { email } }" } })).await;
    let message = next_json(&mut socket).await.unwrap_or(Value::Null);
    assert_eq!(message["type"], "next", "{message}");
    assert_eq!(message["payload"]["data"]["me"]["email"], "ws@example.com");
}

#[tokio::test]
async fn a_bad_token_is_refused_at_connection_init() {
    let app = TestApp::spawn().await;
    let mut socket = connect(&app).await;
    send(&mut socket, json!({ "type": "connection_init", "payload": { "authorization": "Bearer pws_forged" } })).await;
    let reply = next_json(&mut socket).await.unwrap_or(Value::Null);
    assert_eq!(reply["type"], "closed", "the server answers by closing the socket: {reply}");
    assert!(reply["reason"].as_str().is_some_and(|r| r.contains("session")), "{reply}");
}

#[tokio::test]
async fn the_status_subscription_delivers_changes_live() {
    let fake = postwarden_tests::fakes::platform::FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| fake.configure(c)).await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    let telegram = app.connect_telegram(&owner, &workspace).await;
    let outsider = app.signup("outsider@example.com").await;

    let mut refused = connect(&app).await;
    send(
        &mut refused,
        json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {}", outsider.token) } }),
    )
    .await;
    next_json(&mut refused).await;
    send(&mut refused, json!({ "id": "x", "type": "subscribe", "payload": { "query": "subscription($w: ID!) { postStatusChanged(workspaceId: $w) { to } }", "variables": { "w": workspace } } })).await;
    let answer = next_json(&mut refused).await.unwrap_or(Value::Null);
    assert!(answer["payload"]["data"].is_null(), "{answer}");
    assert_eq!(answer["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND");

    let mut socket = connect(&app).await;
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {}", owner.token) } }),
    )
    .await;
    assert_eq!(next_json(&mut socket).await.map(|m| m["type"].clone()), Some(json!("connection_ack")));
    send(&mut socket, json!({ "id": "s", "type": "subscribe", "payload": {
        "query": "subscription($w: ID!) { postStatusChanged(workspaceId: $w) { post { id status } target { id } from to reason } }",
        "variables": { "w": workspace },
    } })).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let created = app
        .gql("mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }")
        .var("i", json!({ "workspaceId": workspace, "content": { "text": "Live", "targets": [{ "socialAccountId": telegram }] } }))
        .token(&owner.token)
        .send()
        .await;
    let post_id = created["data"]["createPost"]["post"]["id"].clone();
    app.gql("mutation($i: PublishPostNowInput!) { publishPostNow(input: $i) { post { id } } }")
        .var("i", json!({ "postId": post_id }))
        .token(&owner.token)
        .send()
        .await;
    app.publish_due().await;

    let mut seen = Vec::new();
    while !seen.contains(&"PUBLISHED".to_owned()) {
        let Some(message) = next_json(&mut socket).await else { break };
        assert_eq!(message["type"], "next", "{message}");
        let event = &message["payload"]["data"]["postStatusChanged"];
        assert_eq!(event["post"]["id"], post_id);
        seen.push(event["to"].as_str().unwrap_or_default().to_owned());
    }
    assert!(seen.starts_with(&["DRAFT".to_owned()]), "{seen:?}");
    for status in ["SCHEDULED", "PUBLISHING", "PUBLISHED"] {
        assert!(seen.iter().any(|s| s == status), "{status} missing from {seen:?}");
    }
}

async fn subscribe_to_status(app: &TestApp, token: &str, workspace: &str) -> Socket {
    let mut socket = connect(app).await;
    send(&mut socket, json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } }))
        .await;
    assert_eq!(next_json(&mut socket).await.map(|m| m["type"].clone()), Some(json!("connection_ack")));
    send(
        &mut socket,
        json!({ "id": "s", "type": "subscribe", "payload": {
        "query": "subscription($w: ID!) { postStatusChanged(workspaceId: $w) { post { id } to } }",
        "variables": { "w": workspace },
    } }),
    )
    .await;
    socket
}

async fn create_draft(app: &TestApp, token: &str, workspace: &str, connection: &str, text: &str) -> Value {
    let created = app
        .gql("mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }")
        .var("i", json!({ "workspaceId": workspace, "content": { "text": text, "targets": [{ "socialAccountId": connection }] } }))
        .token(token)
        .send()
        .await;
    created["data"]["createPost"]["post"]["id"].clone()
}

/// The next message for subscription `s` after any events still in flight for `allowed`.
async fn ending_of(socket: &mut Socket, allowed: &Value) -> Vec<Value> {
    let mut ending = Vec::new();
    while let Some(message) = next_json(socket).await {
        if message["type"] == "next" && message["payload"]["data"]["postStatusChanged"]["post"]["id"] == *allowed {
            continue;
        }
        let done = message["type"] != "next";
        ending.push(message);
        if done {
            break;
        }
    }
    ending
}

#[tokio::test]
async fn a_subscription_ends_when_its_session_ends_or_its_member_leaves() {
    let fake = postwarden_tests::fakes::platform::FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| fake.configure(c)).await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    let telegram = app.connect_telegram(&owner, &workspace).await;
    let leaver = app.signup("leaver@example.com").await;
    let member_id = app.add_member(&owner, &workspace, &leaver, "VIEWER").await;
    let quitter = app.signup("quitter@example.com").await;
    app.add_member(&owner, &workspace, &quitter, "VIEWER").await;

    let mut leaving = subscribe_to_status(&app, &leaver.token, &workspace).await;
    let mut quitting = subscribe_to_status(&app, &quitter.token, &workspace).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let seen_by_all = create_draft(&app, &owner.token, &workspace, &telegram, "Before").await;
    for socket in [&mut leaving, &mut quitting] {
        let first = next_json(socket).await.unwrap_or(Value::Null);
        assert_eq!(first["payload"]["data"]["postStatusChanged"]["post"]["id"], seen_by_all, "{first}");
    }

    let removed = app
        .gql("mutation($i: RemoveMemberInput!) { removeMember(input: $i) { __typename } }")
        .var("i", json!({ "memberId": member_id }))
        .token(&owner.token)
        .send()
        .await;
    assert!(removed["errors"].is_null(), "{removed}");
    let logged_out = app.gql("mutation { logout { __typename } }").token(&quitter.token).send().await;
    assert!(logged_out["errors"].is_null(), "{logged_out}");
    let after = create_draft(&app, &owner.token, &workspace, &telegram, "After").await;

    for (socket, code) in [(&mut leaving, "NOT_FOUND"), (&mut quitting, "UNAUTHENTICATED")] {
        let ending = ending_of(socket, &seen_by_all).await;
        assert!(
            ending.iter().all(|m| m["payload"]["data"]["postStatusChanged"]["post"]["id"] != after),
            "an event after access ended was delivered: {ending:?}"
        );
        let error = ending.iter().find(|m| m["type"] == "next").unwrap_or(&Value::Null);
        assert_eq!(error["payload"]["errors"][0]["extensions"]["code"], code, "{ending:?}");
        assert_eq!(ending.last().map(|m| m["type"].clone()), Some(json!("complete")), "{ending:?}");
    }
}

#[tokio::test]
async fn a_change_that_commits_late_still_reaches_the_subscriber_once() {
    use sea_orm::{EntityTrait, IntoActiveModel};
    let fake = postwarden_tests::fakes::platform::FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| fake.configure(c)).await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    let telegram = app.connect_telegram(&owner, &workspace).await;
    let mut socket = subscribe_to_status(&app, &owner.token, &workspace).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // The id of a change is taken before its transaction commits.
    let early_id = uuid::Uuid::now_v7();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let post = create_draft(&app, &owner.token, &workspace, &telegram, "First").await;
    let first = next_json(&mut socket).await.unwrap_or(Value::Null);
    assert_eq!(first["payload"]["data"]["postStatusChanged"]["to"], "DRAFT", "{first}");

    let id = |raw: &Value, kind| {
        postwarden::graphql::relay::GlobalId::expect(
            "id",
            &async_graphql::ID(raw.as_str().unwrap_or_default().into()),
            kind,
        )
        .expect("id")
    };
    let late = entity::post_status_history::Model {
        id: early_id,
        workspace_id: id(&json!(workspace), postwarden::graphql::relay::NodeKind::Workspace),
        post_id: id(&post, postwarden::graphql::relay::NodeKind::Post),
        target_id: None,
        from_status: Some(entity::sea_orm_active_enums::PublishStatus::Draft),
        to_status: entity::sea_orm_active_enums::PublishStatus::Cancelled,
        reason: Some("late".into()),
        at: app.clock_now(),
    };
    entity::post_status_history::Entity::insert(late.into_active_model())
        .exec_without_returning(&app.state.db)
        .await
        .expect("late change");
    let second = next_json(&mut socket).await.unwrap_or(Value::Null);
    assert_eq!(second["payload"]["data"]["postStatusChanged"]["to"], "CANCELLED", "{second}");
    let nothing_more =
        tokio::time::timeout(std::time::Duration::from_millis(800), futures::StreamExt::next(&mut socket)).await;
    assert!(nothing_more.is_err(), "a change was sent twice: {nothing_more:?}");
}
