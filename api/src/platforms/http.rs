//! The HTTP client for platform calls, and the adapter that lets the `oauth2` crate use
//! it (oauth2's own reqwest support would pull in a second reqwest and TLS stack).

use oauth2::{AsyncHttpClient, HttpRequest, HttpResponse};
use std::{future::Future, pin::Pin, time::Duration};

/// Redirects are never followed: an OAuth or API endpoint that redirects is answered as is,
/// so a token cannot be carried to a host we did not choose.
pub fn client(timeout: Duration) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("postwarden/", env!("CARGO_PKG_VERSION")))
        .build()
}

#[derive(Debug, thiserror::Error)]
#[error("platform request failed: {0}")]
pub struct TransportError(String);

pub struct OAuthHttp<'a>(pub &'a reqwest::Client);

impl<'c> AsyncHttpClient<'c> for OAuthHttp<'_> {
    type Error = TransportError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, Self::Error>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request).map_err(|e| TransportError(e.to_string()))?;
            let response = self.0.execute(request).await.map_err(|e| TransportError(without_url(&e)))?;
            let mut builder = oauth2::http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let body = response.bytes().await.map_err(|e| TransportError(without_url(&e)))?;
            builder.body(normalise_token_body(&body)).map_err(|e| TransportError(e.to_string()))
        })
    }
}

/// reqwest errors name the URL, which may carry a token in its query.
fn without_url(err: &reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "could not connect"
    } else {
        "transport error"
    };
    kind.to_owned()
}

/// Some platforms leave `token_type` out of token responses (LinkedIn) or send
/// `expires_in` as a string; the standard parser wants both in RFC 6749's shape.
fn normalise_token_body(body: &[u8]) -> Vec<u8> {
    let Ok(serde_json::Value::Object(mut map)) = serde_json::from_slice::<serde_json::Value>(body) else {
        return body.to_vec();
    };
    if !map.contains_key("access_token") {
        return body.to_vec();
    }
    map.entry("token_type").or_insert_with(|| "bearer".into());
    for field in ["expires_in", "refresh_expires_in", "refresh_token_expires_in"] {
        if let Some(serde_json::Value::String(text)) = map.get(field)
            && let Ok(n) = text.parse::<u64>()
        {
            map.insert(field.to_owned(), n.into());
        }
    }
    serde_json::to_vec(&map).unwrap_or_else(|_| body.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bodies_get_a_token_type_and_numeric_lifetimes() {
        let fixed = normalise_token_body(br#"{"access_token":"a","expires_in":"3600"}"#);
        let value: serde_json::Value = serde_json::from_slice(&fixed).unwrap_or_default();
        assert_eq!(value["token_type"], "bearer");
        assert_eq!(value["expires_in"], 3600);
        assert_eq!(normalise_token_body(b"{\"error\":\"invalid_grant\"}"), b"{\"error\":\"invalid_grant\"}");
    }
}
