//! What every call to a platform's API shares: where it goes, how long it may take, and
//! reading the answer. Publishing and analytics both build on it.

use serde_json::Value;
use std::time::Duration;

pub struct Endpoint<'a> {
    pub http: &'a reqwest::Client,
    pub api_base: &'a str,
    pub timeout: Duration,
}

impl Endpoint<'_> {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api_base)
    }
}

/// The string (or number, as text) at `path` in a JSON answer; array steps are indexes.
pub fn text_at(body: &Value, path: &[&str]) -> Option<String> {
    let mut value = body;
    for key in path {
        value = match key.parse::<usize>() {
            Ok(i) => value.get(i)?,
            Err(_) => value.get(key)?,
        };
    }
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A `Retry-After` given in seconds.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}
