//! Reading credentials and request facts off HTTP headers.

use crate::{auth::SessionCookie, config::Config, state::RequestMeta};
use axum::http::{HeaderMap, header};
use axum_extra::extract::cookie::CookieJar;
use secrecy::SecretString;
use std::net::{IpAddr, SocketAddr};

pub fn bearer(headers: &HeaderMap) -> Option<SecretString> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer "))?.trim();
    (!token.is_empty()).then(|| SecretString::from(token.to_owned()))
}

pub fn session_cookie(headers: &HeaderMap) -> Option<SecretString> {
    let jar = CookieJar::from_headers(headers);
    jar.get(SessionCookie::NAME).map(|c| c.value().to_owned()).filter(|v| !v.is_empty()).map(SecretString::from)
}

/// A cookie rides along on cross-site requests the user did not mean to make; it is only
/// honoured when the request comes from one of our own origins (or names none).
pub fn origin_allowed(headers: &HeaderMap, config: &Config) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    config.server.cors_origins.iter().any(|o| o == origin) || config.server.public_url.trim_end_matches('/') == origin
}

/// The client's address: the peer's, unless the configured proxy header names one. Of a
/// list (`client, proxy1, proxy2`) the last entry counts: the nearest proxy, which we trust,
/// appended it, while anything before it is whatever the client chose to send.
fn client_ip(headers: &HeaderMap, peer: Option<SocketAddr>, config: &Config) -> Option<IpAddr> {
    let named = config
        .server
        .client_ip_header
        .as_deref()
        .and_then(|name| headers.get_all(name).iter().next_back())
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse().ok());
    named.or(peer.map(|p| p.ip()))
}

pub fn request_meta(headers: &HeaderMap, peer: Option<SocketAddr>, config: &Config) -> RequestMeta {
    let country = config
        .compliance
        .country_header
        .as_deref()
        .and_then(|name| headers.get(name))
        .and_then(|v| v.to_str().ok())
        .and_then(compliance::consent::country_code);
    RequestMeta {
        request_id: headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned),
        client_ip: client_ip(headers, peer, config),
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
        gpc: headers.get("sec-gpc").and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim() == "1"),
        country,
    }
}
