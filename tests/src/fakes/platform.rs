//! One fake for every social platform: OAuth authorize/token/revoke with PKCE checked,
//! the profile endpoints, Meta's permission revocation and Telegram's Bot API. Each
//! platform answers in its own shape (refresh tokens or not, `token_type` or not).

use axum::{
    Form, Json, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{delete, get, post},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::{
    collections::{HashMap, HashSet},
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
};

pub const CLIENT_ID: &str = "test-client";
pub const CLIENT_SECRET: &str = "test-client-secret";
pub const BOT_TOKEN: &str = "123456789:AAEhBOweik9ai_bvJ-fakefakefakefake";
pub const CHAT_ID: &str = "-1001234567890";

/// How one platform behaves.
#[derive(Debug, Clone)]
pub struct Shape {
    pub refresh_tokens: bool,
    /// Sends a new refresh token on every refresh (X does).
    pub rotates_refresh: bool,
    pub token_type: bool,
    pub expires_in: Option<u64>,
}

fn shape(platform: &str) -> Shape {
    match platform {
        "x" => Shape { refresh_tokens: true, rotates_refresh: true, token_type: true, expires_in: Some(7200) },
        "pinterest" => {
            Shape { refresh_tokens: true, rotates_refresh: false, token_type: true, expires_in: Some(2_592_000) }
        }
        "facebook" | "instagram" => {
            Shape { refresh_tokens: false, rotates_refresh: false, token_type: true, expires_in: Some(172_800) }
        }
        "linkedin" => {
            Shape { refresh_tokens: false, rotates_refresh: false, token_type: false, expires_in: Some(5_184_000) }
        }
        _ => Shape { refresh_tokens: true, rotates_refresh: false, token_type: true, expires_in: Some(3600) },
    }
}

#[derive(Default)]
pub struct FakeState {
    codes: HashMap<String, (String, String, String)>,
    /// access token → (platform, account id)
    access: HashMap<String, (String, String)>,
    /// refresh token → (platform, account id)
    refresh: HashMap<String, (String, String)>,
    /// Every token ever handed out, to search the database for.
    pub issued: Vec<String>,
    /// (platform, token) for every revocation received.
    pub revoked: Vec<(String, String)>,
    pub refreshes: u32,
    /// The account the next authorization belongs to.
    pub next_account: String,
    pub fail_token_exchange: bool,
    pub fail_profile: bool,
    /// The platform refuses every refresh token (the person revoked our app there).
    pub fail_refresh: bool,
    /// Whether the next code exchange includes a refresh token (where the shape has them).
    pub omit_refresh_on_exchange: bool,
    pub denied_revocations: HashSet<String>,
    counter: u64,
    /// Answers to give publish requests, in order, before answering normally.
    pub script: std::collections::VecDeque<Scripted>,
    /// Every publish request that arrived (including ones answered with an error).
    pub publish_requests: Vec<PublishRequest>,
    /// Posts that exist at the platform.
    pub posts: Vec<PublishedPost>,
    /// Status codes seen when fetching media URLs (platforms that pull media).
    pub media_fetches: Vec<u16>,
    pub deletions: Vec<String>,
    /// Lifetime metrics by remote post id: views, likes, comments, shares, saves,
    /// minutes (watched) and revenue (in dollars) where set.
    pub metrics: HashMap<String, Value>,
    /// Answers to give metrics requests, in order, before answering normally.
    pub analytics_script: std::collections::VecDeque<Scripted>,
    /// The remote ids whose metrics were asked for.
    pub metrics_requests: Vec<String>,
    /// How long every successful publish takes to answer.
    pub latency_ms: u64,
    /// How many listings of an account's posts to answer with 503 before answering normally.
    pub listing_failures: u32,
    /// Listings of an account's posts received, failed ones included.
    pub listings: u32,
}

/// One scripted answer to a publish request.
#[derive(Debug, Clone)]
pub enum Scripted {
    Status {
        status: u16,
        body: Value,
        retry_after: Option<u64>,
    },
    /// Publishes, then answers only after this long (a timeout, seen from the client).
    SlowSuccess {
        millis: u64,
    },
    /// Does not publish, and answers 503 only after this long: the client, timing out,
    /// cannot tell it from a slow success.
    SlowFailure {
        millis: u64,
    },
}

#[derive(Debug, Clone)]
pub struct PublishRequest {
    pub platform: String,
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PublishedPost {
    pub platform: String,
    pub id: String,
    pub text: String,
    pub idempotency_key: Option<String>,
}

#[derive(Clone)]
pub struct FakePlatform {
    pub addr: SocketAddr,
    pub state: Arc<Mutex<FakeState>>,
}

impl FakeState {
    /// The person revoked our app at the platform: no access token works any more.
    pub fn forget_access_tokens(&mut self) {
        self.access.clear();
    }
}

impl FakePlatform {
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(FakeState { next_account: "acct-1".into(), ..FakeState::default() }));
        let app = Router::new()
            .route("/authorize/{platform}", get(authorize))
            .route("/token/{platform}", post(token))
            .route("/revoke/{platform}", post(revoke))
            .route("/v21.0/me/permissions", delete(meta_revoke))
            .route("/v21.0/me", get(meta_profile))
            .route("/2/users/me", get(x_profile))
            .route("/v5/user_account", get(pinterest_profile))
            .route("/v2/userinfo", get(linkedin_profile))
            .route("/youtube/v3/channels", get(youtube_profile))
            .route("/v2/user/info/", get(tiktok_profile))
            .route("/{bot}/{method}", get(telegram).post(telegram_post))
            .route("/2/tweets", post(x_tweet))
            .route("/2/tweets/{id}", delete(remove).get(x_metrics))
            .route("/youtube/v3/videos", get(youtube_metrics))
            .route("/v2/reports", get(youtube_report))
            .route("/v2/video/query/", post(tiktok_metrics))
            .route("/v21.0/{id}", get(facebook_metrics))
            .route("/v21.0/{id}/insights", get(instagram_metrics))
            .route("/rest/socialActions/{urn}", get(linkedin_metrics))
            .route("/v5/pins/{id}/analytics", get(pinterest_metrics))
            .route("/2/media/upload", post(x_media))
            .route("/2/users/{id}/tweets", get(x_timeline))
            .route("/v21.0/{account}/feed", post(facebook_post).get(facebook_feed))
            .route("/v21.0/{account}/photos", post(facebook_post))
            .route("/v21.0/{account}/videos", post(facebook_post))
            .route("/v21.0/{account}/media", post(instagram_container))
            .route("/v21.0/{account}/media_publish", post(instagram_publish))
            .route("/rest/posts", post(linkedin_post).get(linkedin_posts))
            .route("/v5/pins", post(pinterest_pin))
            .route("/v5/pins/{id}", delete(remove))
            .route("/upload/youtube/v3/videos", post(youtube_upload))
            .route("/v2/post/publish/video/init/", post(tiktok_init))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind fake platform");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, state }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn lock(&self) -> MutexGuard<'_, FakeState> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Points every platform of `config` at this fake.
    pub fn configure(&self, config: &mut postwarden::config::Config) {
        let p = &mut config.platforms;
        for (name, app) in [
            ("youtube", &mut p.youtube),
            ("tiktok", &mut p.tiktok),
            ("facebook", &mut p.facebook),
            ("instagram", &mut p.instagram),
            ("linkedin", &mut p.linkedin),
            ("x", &mut p.x),
            ("pinterest", &mut p.pinterest),
        ] {
            app.client_id = CLIENT_ID.into();
            app.client_secret = Some(CLIENT_SECRET.to_owned().into());
            app.auth_url = Some(self.url(&format!("/authorize/{name}")));
            app.token_url = Some(self.url(&format!("/token/{name}")));
            app.revoke_url = Some(self.url(&format!("/revoke/{name}")));
            app.api_base = Some(self.url(""));
            app.analytics_base = Some(self.url(""));
        }
        p.telegram.api_base = Some(self.url(""));
    }
}

type Shared = State<Arc<Mutex<FakeState>>>;

fn lock(state: &Arc<Mutex<FakeState>>) -> MutexGuard<'_, FakeState> {
    state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn authorize(
    State(state): Shared,
    Path(platform): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (Some(redirect), Some(state_param), Some(challenge)) =
        (q.get("redirect_uri"), q.get("state"), q.get("code_challenge"))
    else {
        return (StatusCode::BAD_REQUEST, "missing redirect_uri, state or code_challenge").into_response();
    };
    if q.get("code_challenge_method").map(String::as_str) != Some("S256") {
        return (StatusCode::BAD_REQUEST, "PKCE S256 required").into_response();
    }
    let mut s = lock(&state);
    s.counter += 1;
    let code = format!("code-{platform}-{}", s.counter);
    let account = s.next_account.clone();
    s.codes.insert(code.clone(), (challenge.clone(), platform.clone(), account));
    Redirect::to(&format!("{redirect}?code={code}&state={state_param}")).into_response()
}

fn client_authenticated(headers: &HeaderMap, form: &HashMap<String, String>) -> bool {
    let basic = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Basic "));
    let from_header = basic
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .is_some_and(|pair| pair == format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    let id = form.get("client_id").or_else(|| form.get("client_key"));
    let from_body = id.map(String::as_str) == Some(CLIENT_ID)
        && form.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET);
    from_header || from_body
}

fn grant(s: &mut FakeState, platform: &str, account: &str, with_refresh: bool) -> Value {
    let shape = shape(platform);
    s.counter += 1;
    let access = format!("at-{platform}-{}-{}", s.counter, URL_SAFE_NO_PAD.encode(rand_bytes(s.counter)));
    s.access.insert(access.clone(), (platform.to_owned(), account.to_owned()));
    s.issued.push(access.clone());
    let mut body = json!({ "access_token": access, "scope": "granted.scope other.scope" });
    if shape.token_type {
        body["token_type"] = json!("bearer");
    }
    if let Some(expires) = shape.expires_in {
        body["expires_in"] = json!(expires);
    }
    if with_refresh {
        let refresh = format!("rt-{platform}-{}-{}", s.counter, URL_SAFE_NO_PAD.encode(rand_bytes(s.counter + 7)));
        s.refresh.insert(refresh.clone(), (platform.to_owned(), account.to_owned()));
        s.issued.push(refresh.clone());
        body["refresh_token"] = json!(refresh);
    }
    body
}

fn rand_bytes(seed: u64) -> [u8; 16] {
    let digest = Sha256::digest(format!("fake-{seed}-{:?}", std::time::SystemTime::now()).as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

async fn token(
    State(state): Shared,
    Path(platform): Path<String>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if !client_authenticated(&headers, &form) {
        return (StatusCode::UNAUTHORIZED, Json(json!({ "error": "invalid_client" }))).into_response();
    }
    let mut s = lock(&state);
    let invalid_grant = || (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_grant" }))).into_response();
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            if s.fail_token_exchange {
                return (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_request" }))).into_response();
            }
            let Some((challenge, code_platform, account)) = form.get("code").and_then(|c| s.codes.remove(c)) else {
                return invalid_grant();
            };
            let verifier = form.get("code_verifier").cloned().unwrap_or_default();
            if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != challenge || code_platform != platform {
                return invalid_grant();
            }
            let with_refresh = shape(&platform).refresh_tokens && !s.omit_refresh_on_exchange;
            Json(grant(&mut s, &platform, &account, with_refresh)).into_response()
        }
        Some("refresh_token") => {
            s.refreshes += 1;
            if s.fail_refresh {
                return invalid_grant();
            }
            let Some((_, account)) = form.get("refresh_token").and_then(|t| s.refresh.get(t).cloned()) else {
                return invalid_grant();
            };
            let shape = shape(&platform);
            if shape.rotates_refresh
                && let Some(old) = form.get("refresh_token")
            {
                s.refresh.remove(old);
            }
            Json(grant(&mut s, &platform, &account, shape.rotates_refresh)).into_response()
        }
        _ => (StatusCode::BAD_REQUEST, Json(json!({ "error": "unsupported_grant_type" }))).into_response(),
    }
}

async fn revoke(
    State(state): Shared,
    Path(platform): Path<String>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if !client_authenticated(&headers, &form) {
        return (StatusCode::UNAUTHORIZED, Json(json!({ "error": "invalid_client" }))).into_response();
    }
    let mut s = lock(&state);
    let token = form.get("token").cloned().unwrap_or_default();
    if s.denied_revocations.contains(&platform) {
        return (StatusCode::SERVICE_UNAVAILABLE, "down").into_response();
    }
    let known = s.access.remove(&token).is_some();
    let grant = s.refresh.remove(&token);
    s.revoked.push((platform.clone(), token));
    if platform == "youtube" {
        // Google: revoking the refresh token ends the grant's access tokens too, and a token
        // that is no longer valid is answered 400 `invalid_token`, not 200 as RFC 7009 says.
        if let Some(grant) = &grant {
            s.access.retain(|_, owner| owner != grant);
        } else if !known {
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_token" }))).into_response();
        }
    }
    StatusCode::OK.into_response()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::to_owned)
}

/// Answers a profile call for the account the bearer token belongs to.
fn profile(state: &Arc<Mutex<FakeState>>, headers: &HeaderMap, body: impl Fn(&str) -> Value) -> Response {
    let s = lock(state);
    if s.fail_profile {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    match bearer(headers).and_then(|t| s.access.get(&t).map(|(_, account)| account.clone())) {
        Some(account) => Json(body(&account)).into_response(),
        None => (StatusCode::UNAUTHORIZED, Json(json!({ "error": "invalid_token" }))).into_response(),
    }
}

async fn meta_revoke(State(state): Shared, headers: HeaderMap) -> Response {
    let Some(token) = bearer(&headers) else { return StatusCode::UNAUTHORIZED.into_response() };
    let mut s = lock(&state);
    s.access.remove(&token);
    s.revoked.push(("meta".into(), token));
    Json(json!({ "success": true })).into_response()
}

async fn meta_profile(State(state): Shared, headers: HeaderMap) -> Response {
    profile(
        &state,
        &headers,
        |a| json!({ "id": a, "name": format!("Page {a}"), "picture": { "data": { "url": "https://cdn.example/p.png" } } }),
    )
}

async fn x_profile(State(state): Shared, headers: HeaderMap) -> Response {
    profile(
        &state,
        &headers,
        |a| json!({ "data": { "id": a, "name": format!("X {a}"), "username": a, "profile_image_url": "https://cdn.example/x.png" } }),
    )
}

async fn pinterest_profile(State(state): Shared, headers: HeaderMap) -> Response {
    profile(
        &state,
        &headers,
        |a| json!({ "username": format!("pin-{a}"), "id": a, "profile_image": "https://cdn.example/pin.png" }),
    )
}

async fn linkedin_profile(State(state): Shared, headers: HeaderMap) -> Response {
    profile(
        &state,
        &headers,
        |a| json!({ "sub": a, "name": format!("In {a}"), "picture": "https://cdn.example/in.png" }),
    )
}

async fn youtube_profile(State(state): Shared, headers: HeaderMap) -> Response {
    profile(
        &state,
        &headers,
        |a| json!({ "items": [{ "id": a, "snippet": { "title": format!("Channel {a}"), "thumbnails": { "default": { "url": "https://cdn.example/yt.png" } } } }] }),
    )
}

async fn tiktok_profile(State(state): Shared, headers: HeaderMap) -> Response {
    profile(
        &state,
        &headers,
        |a| json!({ "data": { "user": { "open_id": a, "display_name": format!("Tok {a}"), "avatar_url": "https://cdn.example/tt.png" } } }),
    )
}

async fn telegram(Path((bot, method)): Path<(String, String)>, Query(q): Query<HashMap<String, String>>) -> Response {
    let ok = bot.strip_prefix("bot") == Some(BOT_TOKEN);
    if !ok {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "ok": false, "error_code": 401, "description": "Unauthorized" })),
        )
            .into_response();
    }
    match method.as_str() {
        "getMe" => {
            Json(json!({ "ok": true, "result": { "id": 123456789, "is_bot": true, "username": "pw_test_bot" } }))
                .into_response()
        }
        "getChat" if q.get("chat_id").map(String::as_str) == Some(CHAT_ID) => Json(
            json!({ "ok": true, "result": { "id": -1001234567890i64, "title": "Launch Channel", "type": "channel" } }),
        )
        .into_response(),
        _ => (
            StatusCode::BAD_REQUEST,
            Json(json!({ "ok": false, "error_code": 400, "description": "Bad Request: chat not found" })),
        )
            .into_response(),
    }
}

fn scripted_or_publish(
    state: &Arc<Mutex<FakeState>>,
    platform: &str,
    headers: &HeaderMap,
    text: String,
) -> Result<(String, Option<u64>), Refused> {
    let mut s = lock(state);
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    s.publish_requests.push(PublishRequest { platform: platform.to_owned(), idempotency_key: key.clone() });
    let authorised =
        if platform == "telegram" { true } else { bearer(headers).is_some_and(|t| s.access.contains_key(&t)) };
    if !authorised {
        let denied = (StatusCode::UNAUTHORIZED, Json(json!({ "title": "Unauthorized", "detail": "invalid token" })));
        return Err((Box::new(denied.into_response()), None));
    }
    let delay = match s.script.pop_front() {
        Some(Scripted::Status { status, body, retry_after }) => {
            let mut response =
                (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), Json(body)).into_response();
            if let Some(secs) = retry_after {
                response.headers_mut().insert(header::RETRY_AFTER, secs.to_string().parse().expect("header"));
            }
            return Err((Box::new(response), None));
        }
        Some(Scripted::SlowSuccess { millis }) => Some(millis),
        Some(Scripted::SlowFailure { millis }) => {
            return Err((Box::new(StatusCode::SERVICE_UNAVAILABLE.into_response()), Some(millis)));
        }
        None => (s.latency_ms > 0).then_some(s.latency_ms),
    };
    s.counter += 1;
    let id = format!("{platform}-{}", s.counter);
    s.posts.push(PublishedPost { platform: platform.to_owned(), id: id.clone(), text, idempotency_key: key });
    Ok((id, delay))
}

/// A refusal, and how long to wait before giving it.
type Refused = (Box<Response>, Option<u64>);

async fn answer(result: Result<(String, Option<u64>), Refused>, body: impl FnOnce(&str) -> Response) -> Response {
    let delay = match &result {
        Ok((_, delay)) | Err((_, delay)) => *delay,
    };
    if let Some(millis) = delay {
        tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
    }
    match result {
        Ok((id, _)) => body(&id),
        Err((response, _)) => *response,
    }
}

/// Platforms that pull media fetch it from the URL they are given, as the real ones do.
async fn pull(state: &Arc<Mutex<FakeState>>, url: Option<&str>) {
    let Some(url) = url else { return };
    let status = match reqwest::get(url).await {
        Ok(response) => response.status().as_u16(),
        Err(_) => 0,
    };
    lock(state).media_fetches.push(status);
}

async fn x_tweet(State(state): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    let text = body["text"].as_str().unwrap_or_default().to_owned();
    let result = scripted_or_publish(&state, "x", &headers, text.clone());
    answer(result, |id| (StatusCode::CREATED, Json(json!({ "data": { "id": id, "text": text } }))).into_response())
        .await
}

async fn x_media(State(state): Shared, headers: HeaderMap) -> Response {
    let s = lock(&state);
    if !bearer(&headers).is_some_and(|t| s.access.contains_key(&t)) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    Json(json!({ "data": { "id": format!("media-{}", s.publish_requests.len()) } })).into_response()
}

/// An account's latest posts, as each platform lists them: the list's key, and each post's
/// id and text under the platform's names.
fn listing(state: &Arc<Mutex<FakeState>>, headers: &HeaderMap, platform: &str, shape: [&str; 3]) -> Response {
    let mut s = lock(state);
    s.listings += 1;
    if !bearer(headers).is_some_and(|t| s.access.contains_key(&t)) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if s.listing_failures > 0 {
        s.listing_failures -= 1;
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let [list, id_key, text_key] = shape;
    let id = |id: &str| if platform == "linkedin" { format!("urn:li:share:{id}") } else { id.to_owned() };
    let posts: Vec<Value> = s
        .posts
        .iter()
        .filter(|p| p.platform == platform)
        .map(|p| json!({ id_key: id(&p.id), text_key: p.text }))
        .collect();
    Json(json!({ list: posts })).into_response()
}

async fn x_timeline(State(state): Shared, headers: HeaderMap) -> Response {
    listing(&state, &headers, "x", ["data", "id", "text"])
}

async fn facebook_feed(State(state): Shared, headers: HeaderMap) -> Response {
    listing(&state, &headers, "facebook", ["data", "id", "message"])
}

async fn linkedin_posts(State(state): Shared, headers: HeaderMap) -> Response {
    listing(&state, &headers, "linkedin", ["elements", "id", "commentary"])
}

async fn remove(State(state): Shared, Path(id): Path<String>) -> Response {
    let mut s = lock(&state);
    let before = s.posts.len();
    s.posts.retain(|p| p.id != id);
    if s.posts.len() == before {
        return (StatusCode::NOT_FOUND, Json(json!({ "detail": "not found" }))).into_response();
    }
    s.deletions.push(id);
    Json(json!({ "data": { "deleted": true } })).into_response()
}

async fn telegram_post(
    State(state): Shared,
    Path((bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if bot.strip_prefix("bot") != Some(BOT_TOKEN) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "ok": false, "error_code": 401, "description": "Unauthorized" })),
        )
            .into_response();
    }
    if method == "deleteMessages" {
        // Messages already gone are skipped, as Telegram does.
        let ids: Vec<String> = body["message_ids"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
            .map(|m| format!("telegram-{m}"))
            .collect();
        let mut s = lock(&state);
        s.posts.retain(|p| !ids.contains(&p.id));
        s.deletions.extend(ids);
        return Json(json!({ "ok": true, "result": true })).into_response();
    }
    let album = (method == "sendMediaGroup").then(|| body["media"].as_array().map_or(1, Vec::len) as u64);
    pull(&state, body["photo"].as_str().or(body["video"].as_str())).await;
    let text = body["text"].as_str().or(body["caption"].as_str()).unwrap_or_default().to_owned();
    let result = scripted_or_publish(&state, "telegram", &headers, text);
    answer(result, |id| {
        let n: u64 = id.trim_start_matches("telegram-").parse().unwrap_or_default();
        let Some(count) = album else {
            return Json(json!({ "ok": true, "result": { "message_id": n } })).into_response();
        };
        // An album is one message per item, each with its own id.
        let ids: Vec<u64> = (0..count).map(|i| n * 1000 + i).collect();
        let mut s = lock(&state);
        if let Some(at) = s.posts.iter().position(|p| p.id == id) {
            let post = s.posts.remove(at);
            for m in &ids {
                s.posts.push(PublishedPost { id: format!("telegram-{m}"), ..post.clone() });
            }
        }
        let result: Vec<Value> = ids.iter().map(|m| json!({ "message_id": m })).collect();
        Json(json!({ "ok": true, "result": result })).into_response()
    })
    .await
}

async fn facebook_post(State(state): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    pull(&state, body["url"].as_str().or(body["file_url"].as_str())).await;
    let text =
        ["message", "caption", "description"].iter().find_map(|k| body[*k].as_str()).unwrap_or_default().to_owned();
    let result = scripted_or_publish(&state, "facebook", &headers, text);
    answer(result, |id| Json(json!({ "id": id })).into_response()).await
}

async fn instagram_container(State(state): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    pull(&state, body["image_url"].as_str().or(body["video_url"].as_str())).await;
    let s = lock(&state);
    if !bearer(&headers).is_some_and(|t| s.access.contains_key(&t)) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    Json(json!({ "id": format!("container-{}", s.publish_requests.len()) })).into_response()
}

async fn instagram_publish(State(state): Shared, headers: HeaderMap) -> Response {
    let result = scripted_or_publish(&state, "instagram", &headers, String::new());
    answer(result, |id| Json(json!({ "id": id })).into_response()).await
}

async fn linkedin_post(State(state): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    let text = body["commentary"].as_str().unwrap_or_default().to_owned();
    let result = scripted_or_publish(&state, "linkedin", &headers, text);
    answer(result, |id| {
        let mut response = StatusCode::CREATED.into_response();
        response.headers_mut().insert("x-restli-id", format!("urn:li:share:{id}").parse().expect("header"));
        response
    })
    .await
}

async fn pinterest_pin(State(state): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    pull(&state, body["media_source"]["url"].as_str()).await;
    let text = body["description"].as_str().unwrap_or_default().to_owned();
    let result = scripted_or_publish(&state, "pinterest", &headers, text);
    answer(result, |id| (StatusCode::CREATED, Json(json!({ "id": id }))).into_response()).await
}

async fn youtube_upload(State(state): Shared, headers: HeaderMap) -> Response {
    let result = scripted_or_publish(&state, "youtube", &headers, String::new());
    answer(result, |id| Json(json!({ "id": id })).into_response()).await
}

async fn tiktok_init(State(state): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    pull(&state, body["source_info"]["video_url"].as_str()).await;
    let text = body["post_info"]["title"].as_str().unwrap_or_default().to_owned();
    let result = scripted_or_publish(&state, "tiktok", &headers, text);
    answer(result, |id| Json(json!({ "data": { "publish_id": id }, "error": { "code": "ok" } })).into_response()).await
}

/// The metrics of `id`, after any scripted answer; records the request.
fn metrics_of(state: &Arc<Mutex<FakeState>>, headers: &HeaderMap, id: &str) -> Result<Value, Box<Response>> {
    let mut s = lock(state);
    s.metrics_requests.push(id.to_owned());
    if !bearer(headers).is_some_and(|t| s.access.contains_key(&t)) {
        return Err(Box::new((StatusCode::UNAUTHORIZED, Json(json!({ "detail": "invalid token" }))).into_response()));
    }
    if let Some(Scripted::Status { status, body, retry_after }) = s.analytics_script.pop_front() {
        let mut response =
            (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), Json(body)).into_response();
        if let Some(secs) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, secs.to_string().parse().expect("header"));
        }
        return Err(Box::new(response));
    }
    Ok(s.metrics.get(id).cloned().unwrap_or_else(|| json!({})))
}

fn m(metrics: &Value, key: &str) -> i64 {
    metrics[key].as_i64().unwrap_or(0)
}

async fn x_metrics(State(state): Shared, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match metrics_of(&state, &headers, &id) {
        Ok(v) => Json(json!({ "data": { "id": id, "public_metrics": {
            "impression_count": m(&v, "views"), "like_count": m(&v, "likes"), "reply_count": m(&v, "comments"),
            "retweet_count": m(&v, "shares"), "quote_count": 0, "bookmark_count": m(&v, "saves"),
        } } }))
        .into_response(),
        Err(response) => *response,
    }
}

async fn youtube_metrics(
    State(state): Shared,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let id = q.get("id").cloned().unwrap_or_default();
    match metrics_of(&state, &headers, &id) {
        Ok(v) => Json(json!({ "items": [{ "id": id, "statistics": {
            "viewCount": m(&v, "views").to_string(), "likeCount": m(&v, "likes").to_string(), "commentCount": m(&v, "comments").to_string(),
        } }] }))
        .into_response(),
        Err(response) => *response,
    }
}

async fn youtube_report(
    State(state): Shared,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let id = q.get("filters").and_then(|f| f.strip_prefix("video==")).unwrap_or_default().to_owned();
    let s = lock(&state);
    if !bearer(&headers).is_some_and(|t| s.access.contains_key(&t)) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let v = s.metrics.get(&id).cloned().unwrap_or_else(|| json!({}));
    let f = |k: &str| v[k].as_f64().unwrap_or(0.0);
    if q.get("metrics").is_some_and(|m| m.contains("estimatedRevenue")) {
        // Only a partner channel that granted the monetary scope sees revenue.
        return match v.get("revenue") {
            Some(_) => Json(json!({ "rows": [[f("revenue")]] })).into_response(),
            None => (StatusCode::FORBIDDEN, Json(json!({ "error": { "code": 403, "message": "Forbidden" } })))
                .into_response(),
        };
    }
    Json(json!({ "rows": [[f("minutes"), f("subscribers_gained"), f("subscribers_lost")]] })).into_response()
}

async fn tiktok_metrics(State(state): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    let id = body["filters"]["video_ids"][0].as_str().unwrap_or_default().to_owned();
    match metrics_of(&state, &headers, &id) {
        Ok(v) => {
            Json(json!({ "data": { "videos": [{ "id": id, "view_count": m(&v, "views"), "like_count": m(&v, "likes"),
            "comment_count": m(&v, "comments"), "share_count": m(&v, "shares") }] } }))
            .into_response()
        }
        Err(response) => *response,
    }
}

async fn facebook_metrics(State(state): Shared, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match metrics_of(&state, &headers, &id) {
        Ok(v) => Json(json!({
            "insights": { "data": [{ "name": "post_impressions", "values": [{ "value": m(&v, "views") }] }] },
            "reactions": { "summary": { "total_count": m(&v, "likes") } },
            "comments": { "summary": { "total_count": m(&v, "comments") } },
            "shares": { "count": m(&v, "shares") },
        }))
        .into_response(),
        Err(response) => *response,
    }
}

async fn instagram_metrics(State(state): Shared, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match metrics_of(&state, &headers, &id) {
        Ok(v) => {
            let data: Vec<Value> = [
                ("views", "views"),
                ("likes", "likes"),
                ("comments", "comments"),
                ("shares", "shares"),
                ("saved", "saves"),
            ]
            .iter()
            .map(|(name, key)| json!({ "name": name, "values": [{ "value": m(&v, key) }] }))
            .collect();
            Json(json!({ "data": data })).into_response()
        }
        Err(response) => *response,
    }
}

async fn linkedin_metrics(State(state): Shared, Path(urn): Path<String>, headers: HeaderMap) -> Response {
    match metrics_of(&state, &headers, &urn) {
        Ok(v) => Json(json!({ "likesSummary": { "totalLikes": m(&v, "likes") }, "commentsSummary": { "totalFirstLevelComments": m(&v, "comments") } }))
            .into_response(),
        Err(response) => *response,
    }
}

async fn pinterest_metrics(State(state): Shared, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match metrics_of(&state, &headers, &id) {
        Ok(v) => Json(json!({ "all": { "summary_metrics": { "IMPRESSION": m(&v, "views"), "SAVE": m(&v, "saves"), "PIN_CLICK": 0 } } })).into_response(),
        Err(response) => *response,
    }
}
