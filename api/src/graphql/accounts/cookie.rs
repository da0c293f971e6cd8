use crate::{auth::SessionCookie, config::AuthConfig};
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};

/// The session cookie: essential (it is the sign-in), HttpOnly, Secure, SameSite=Lax.
pub fn session(config: &AuthConfig, token: &SecretString, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let max_age = cookie::time::Duration::seconds((expires_at - now).num_seconds().max(0));
    Cookie::build((SessionCookie::NAME, token.expose_secret().to_owned()))
        .http_only(true)
        .secure(config.cookie_secure)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(max_age)
        .build()
        .to_string()
}

pub fn cleared(config: &AuthConfig) -> String {
    Cookie::build((SessionCookie::NAME, ""))
        .http_only(true)
        .secure(config.cookie_secure)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(cookie::time::Duration::ZERO)
        .build()
        .to_string()
}
