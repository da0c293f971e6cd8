//! The social platforms: how each one authorises us (OAuth2 with PKCE, or a Telegram bot
//! token), which scopes we ask for, and the calls we make to them. Every endpoint's base
//! URL is configurable so tests and staging can point at other hosts.

mod endpoint;
mod http;
pub mod oauth;
pub mod profile;
pub mod provider;
pub mod telegram;

pub use endpoint::{Endpoint, retry_after, text_at};
pub use http::{OAuthHttp, client};
pub use provider::{Provider, ProviderDef, Revocation, TokenAuth};
