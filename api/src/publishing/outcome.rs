//! Turning a platform's HTTP answer into what the worker must do next.

use serde_json::Value;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Published {
        remote_id: String,
        url: Option<String>,
    },
    /// Try again later (429, 5xx, could not connect): the post did not go out.
    Transient {
        retry_after: Option<Duration>,
        error: String,
    },
    /// The platform refused the post itself; its message says why.
    Permanent {
        error: String,
    },
    /// The platform no longer accepts the token.
    Unauthorized,
    /// The request left and no answer came back: it may have gone out.
    Unknown {
        error: String,
    },
}

/// The platform's own words, from the usual places in an error body.
pub fn platform_message(body: &Value) -> Option<String> {
    let candidates = [
        &body["error"]["message"],
        &body["error"]["error_user_msg"],
        &body["error"]["message"],
        &body["detail"],
        &body["description"],
        &body["message"],
        &body["title"],
        &body["errors"][0]["message"],
        &body["error"],
    ];
    candidates.iter().find_map(|v| v.as_str().filter(|s| !s.is_empty()).map(|s| s.chars().take(300).collect()))
}

/// A transport failure: before the request left it is transient; after, unknown.
pub fn from_error(err: &reqwest::Error) -> Sent {
    if err.is_connect() || err.is_builder() {
        Sent::Transient { retry_after: None, error: "could not reach the platform".into() }
    } else if err.is_timeout() {
        Sent::Unknown { error: "the platform did not answer in time".into() }
    } else {
        Sent::Unknown { error: "the connection to the platform broke".into() }
    }
}

/// Classifies a non-success answer.
pub fn from_status(status: u16, retry_after: Option<Duration>, body: &Value) -> Sent {
    let message = platform_message(body).unwrap_or_else(|| format!("the platform answered {status}"));
    match status {
        401 => Sent::Unauthorized,
        429 => Sent::Transient { retry_after, error: format!("rate limited: {message}") },
        500..=599 => Sent::Transient { retry_after, error: message },
        _ => Sent::Permanent { error: message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_are_classified() {
        let body = json!({ "detail": "You are not allowed to create a Tweet with duplicate content." });
        assert_eq!(
            from_status(403, None, &body),
            Sent::Permanent { error: "You are not allowed to create a Tweet with duplicate content.".into() }
        );
        assert_eq!(from_status(401, None, &json!({})), Sent::Unauthorized);
        assert!(
            matches!(from_status(429, Some(Duration::from_secs(30)), &json!({})), Sent::Transient { retry_after: Some(d), .. } if d.as_secs() == 30)
        );
        assert!(matches!(from_status(503, None, &json!({})), Sent::Transient { .. }));
        assert_eq!(
            platform_message(&json!({ "error": { "message": "Invalid parameter" } })).as_deref(),
            Some("Invalid parameter")
        );
    }
}
