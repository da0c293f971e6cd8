//! The request id a caller may send so that its logs and ours line up. It is written into
//! log lines, error extensions and the audit trail, so only a short, plain one is kept; any
//! other is dropped and a fresh UUID takes its place.

use axum::{extract::Request, http::HeaderName};

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");
const MAX_LEN: usize = 64;

pub async fn keep_only_plain(mut request: Request) -> Request {
    let plain = request.headers().get(&HEADER).is_some_and(|v| is_plain(v.as_bytes()));
    if !plain {
        request.headers_mut().remove(&HEADER);
    }
    request
}

fn is_plain(id: &[u8]) -> bool {
    (1..=MAX_LEN).contains(&id.len()) && id.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::is_plain;

    #[test]
    fn plain_ids_are_kept_and_others_are_not() {
        assert!(is_plain(b"3f1c2a9e-0b7d-4c61-9a57-1b2f7f0c9d10"));
        assert!(is_plain(b"trace_01.abc"));
        assert!(!is_plain(b""));
        assert!(!is_plain(b"a b"));
        assert!(!is_plain(b"id\"}, {\"admin\": true"));
        assert!(!is_plain("é".as_bytes()));
        assert!(!is_plain(&[b'a'; 65]));
    }
}
