//! The browser-facing ends of the OAuth handshake, and Meta's deauthorize callback.

use super::{ServerState, credentials};
use crate::{
    auth::Authn,
    graphql::relay::{GlobalId, NodeKind},
    platforms::Provider,
    service::{
        Svc,
        connections::{self, CallbackOutcome, CallbackParams},
    },
};
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use entity::sea_orm_active_enums::Platform;
use hmac::{Hmac, KeyInit, Mac};
use oauth2::url::Url;
use secrecy::ExposeSecret;
use sha2::Sha256;

/// `GET /oauth/callback/{platform}`: finishes the handshake and sends the browser back to
/// the app with `status=connected` or `status=error&reason=…`.
pub async fn callback(
    State(state): State<ServerState>,
    Path(platform): Path<String>,
    headers: HeaderMap,
    Query(params): Query<CallbackParams>,
) -> Response {
    let request_id = credentials::request_meta(&headers, None, &state.app.config).request_id;
    let browser_user = match Authn::resolve(&state.app, None, credentials::session_cookie(&headers)).await {
        Ok(Authn::Caller(caller)) => Some(caller.user_id),
        _ => None,
    };
    let outcome = connections::complete_callback(&state.app, request_id, &platform, params, browser_user).await;
    let mut target = match Url::parse(&state.app.config.connections.spa_redirect_url) {
        Ok(url) => url,
        Err(_) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "connections.spa_redirect_url is not a URL").into_response();
        }
    };
    {
        let mut query = target.query_pairs_mut();
        query.append_pair("platform", &platform);
        match outcome {
            CallbackOutcome::Connected { connection_id, .. } => {
                query.append_pair("status", "connected");
                query.append_pair("socialAccountId", GlobalId::id(NodeKind::Connection, connection_id).as_str());
            }
            CallbackOutcome::Failed { reason } => {
                query.append_pair("status", "error");
                query.append_pair("reason", reason);
            }
        }
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(target.as_str()) {
        headers.insert(header::LOCATION, location);
    }
    // The callback URL carried a code: keep it out of caches and referrers.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

#[derive(serde::Deserialize)]
pub struct SignedRequestForm {
    signed_request: String,
}

#[derive(serde::Deserialize)]
struct SignedPayload {
    algorithm: String,
    user_id: String,
}

/// `POST /oauth/deauthorize/{facebook|instagram}`: Meta tells us a person removed our app.
/// The request is signed with the app secret; anything unsigned is refused.
pub async fn deauthorize(
    State(state): State<ServerState>,
    Path(platform): Path<String>,
    headers: HeaderMap,
    Form(form): Form<SignedRequestForm>,
) -> Response {
    let platform = match platform.as_str() {
        "facebook" => Platform::Facebook,
        "instagram" => Platform::Instagram,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Some(secret) = Provider::resolve(platform, &state.app.config.platforms).and_then(|p| p.client_secret) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(payload) = verify_signed_request(&form.signed_request, secret.expose_secret().as_bytes()) else {
        return (StatusCode::BAD_REQUEST, "invalid signed_request").into_response();
    };
    let svc = Svc::new(&state.app, credentials::request_meta(&headers, None, &state.app.config).request_id);
    match connections::revoked_at_platform(&svc, &[Platform::Facebook, Platform::Instagram], &payload.user_id).await {
        Ok(_) => StatusCode::OK.into_response(),
        Err(err) => {
            tracing::error!(error = %err.describe(), "deauthorize callback failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn verify_signed_request(signed: &str, secret: &[u8]) -> Option<SignedPayload> {
    let (signature, payload) = signed.split_once('.')?;
    let signature = URL_SAFE_NO_PAD.decode(signature.trim_end_matches('=')).ok()?;
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).ok()?;
    mac.update(payload.as_bytes());
    mac.verify_slice(&signature).ok()?;
    let payload: SignedPayload =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?).ok()?;
    (payload.algorithm.eq_ignore_ascii_case("HMAC-SHA256")).then_some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(payload: &str, secret: &[u8]) -> String {
        let encoded = URL_SAFE_NO_PAD.encode(payload);
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("key");
        mac.update(encoded.as_bytes());
        format!("{}.{encoded}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    }

    #[test]
    fn only_correctly_signed_requests_pass() {
        let good = sign(r#"{"algorithm":"HMAC-SHA256","user_id":"42","issued_at":1}"#, b"app-secret");
        assert_eq!(verify_signed_request(&good, b"app-secret").map(|p| p.user_id), Some("42".into()));
        assert!(verify_signed_request(&good, b"other-secret").is_none());
        let wrong_algorithm = sign(r#"{"algorithm":"none","user_id":"42"}"#, b"app-secret");
        assert!(verify_signed_request(&wrong_algorithm, b"app-secret").is_none());
        assert!(verify_signed_request("garbage", b"app-secret").is_none());
    }
}
