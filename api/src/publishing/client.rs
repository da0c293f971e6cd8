//! What a publisher needs to send one target, and the common HTTP plumbing.

use super::outcome::{self, Sent};
pub use crate::platforms::{Endpoint, text_at};
use entity::sea_orm_active_enums::Platform;
use secrecy::SecretString;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct MediaItem {
    pub content_type: String,
    /// A signed URL the platform can fetch it from, for platforms that pull media.
    pub url: String,
    /// The bytes, loaded only for platforms that take uploads.
    pub bytes: Option<bytes::Bytes>,
}

impl MediaItem {
    pub fn is_video(&self) -> bool {
        self.content_type.starts_with("video/")
    }
}

/// One target, ready to send.
#[derive(Debug)]
pub struct Outgoing {
    pub platform: Platform,
    /// The account (page, channel, chat) to post as or into.
    pub account_id: String,
    pub text: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub link: Option<String>,
    pub visibility: Option<crate::service::posts::Visibility>,
    pub media: Vec<MediaItem>,
    /// Stable per target: the platform, or our attempt record, can tell a retry from a new post.
    pub idempotency_key: String,
    pub token: SecretString,
}

/// Sends and reads a JSON answer: `Ok` with the body on success, or what to do instead.
pub async fn send(request: reqwest::RequestBuilder) -> Result<(reqwest::header::HeaderMap, Value), Sent> {
    let response = request.send().await.map_err(|e| outcome::from_error(&e))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = match response.bytes().await {
        Ok(bytes) => serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null),
        Err(_) if (200..300).contains(&status) => {
            return Err(Sent::Unknown { error: "the platform's answer was cut off".into() });
        }
        Err(_) => Value::Null,
    };
    if (200..300).contains(&status) {
        Ok((headers, body))
    } else {
        Err(outcome::from_status(status, crate::platforms::retry_after(&headers), &body))
    }
}

/// A success that does not say what was created is as good as unknown.
pub fn published(remote_id: Option<String>, url: impl FnOnce(&str) -> Option<String>) -> Sent {
    match remote_id {
        Some(id) => Sent::Published { url: url(&id), remote_id: id },
        None => Sent::Unknown { error: "the platform accepted the post but did not say its id".into() },
    }
}

/// The answer to "did this already go out?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found {
        remote_id: String,
        url: Option<String>,
    },
    NotFound,
    /// The platform offers no way to ask.
    Unsupported,
    Failed,
}
