use futures::{SinkExt, StreamExt};
use postwarden_tests::TestApp;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest, http::HeaderValue};

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(app: &TestApp) -> Socket {
    let mut request = format!("ws://{}/graphql/ws", app.addr).into_client_request().expect("request");
    request.headers_mut().insert("sec-websocket-protocol", HeaderValue::from_static("graphql-transport-ws"));
    let (socket, _) = tokio_tungstenite::connect_async(request).await.expect("websocket connects");
    socket
}

async fn next_json(socket: &mut Socket) -> Option<Value> {
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

async fn send(socket: &mut Socket, value: Value) {
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
    assert_ne!(reply["type"], "connection_ack", "{reply}");
}
