//! A webhook receiver on loopback that checks every request's signature the way a real
//! integration would, and answers as scripted.

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::post,
};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::{
    collections::VecDeque,
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Request {
    pub event: Option<String>,
    pub delivery_id: Option<String>,
    pub timestamp: Option<String>,
    pub signature: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
    /// Whether the signature verified with the receiver's secret at the time.
    pub verified: bool,
    pub answered: u16,
}

#[derive(Debug, Default)]
pub struct ReceiverState {
    /// The signing secret the receiver was given.
    pub secret: Option<String>,
    /// Status codes to answer with, in order, before answering 200.
    pub script: VecDeque<u16>,
    /// Wait this long before answering the next request.
    pub stall_next: Option<Duration>,
    pub requests: Vec<Request>,
}

#[derive(Clone)]
pub struct FakeReceiver {
    pub addr: SocketAddr,
    state: Arc<Mutex<ReceiverState>>,
}

/// Checks `t=<unix>,v1=<hex>` against HMAC-SHA256(secret, "<t>.<body>").
pub fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut timestamp = None;
    let mut given = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => timestamp = Some(value),
            Some(("v1", value)) => given = hex::decode(value).ok(),
            _ => {}
        }
    }
    let (Some(timestamp), Some(given)) = (timestamp, given) else { return false };
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()) else { return false };
    mac.update(format!("{timestamp}.{body}").as_bytes());
    mac.verify_slice(&given).is_ok()
}

fn text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

async fn receive(State(state): State<Arc<Mutex<ReceiverState>>>, headers: HeaderMap, body: Bytes) -> Response {
    let body = String::from_utf8_lossy(&body).into_owned();
    let (answer, stall) = {
        let mut state = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let signature = text(&headers, "postwarden-signature");
        let verified = match (&state.secret, &signature) {
            (Some(secret), Some(signature)) => verify(secret, signature, &body),
            _ => false,
        };
        let answer = state.script.pop_front().unwrap_or(200);
        state.requests.push(Request {
            event: text(&headers, "postwarden-event"),
            delivery_id: text(&headers, "postwarden-delivery"),
            timestamp: text(&headers, "postwarden-timestamp"),
            signature,
            content_type: text(&headers, header::CONTENT_TYPE.as_str()),
            body,
            verified,
            answered: answer,
        });
        (answer, state.stall_next.take())
    };
    if let Some(stall) = stall {
        tokio::time::sleep(stall).await;
    }
    StatusCode::from_u16(answer).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response()
}

/// Sends every request on to `/hook`, which a client must not follow.
async fn redirect() -> Response {
    (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, "/hook")]).into_response()
}

impl FakeReceiver {
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(ReceiverState::default()));
        let app = Router::new().route("/hook", post(receive)).route("/moved", post(redirect)).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, state }
    }

    pub fn lock(&self) -> MutexGuard<'_, ReceiverState> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The URL that records and answers.
    pub fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    /// A URL that answers with a redirect to the recording one.
    pub fn redirecting_url(&self) -> String {
        format!("http://{}/moved", self.addr)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.lock().requests.clone()
    }
}
