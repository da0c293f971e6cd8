//! Every top-level error code a client can see is one the schema documents.

use postwarden::error::ErrorCode;
use postwarden_tests::{TestApp, error_code};

#[tokio::test]
async fn codes_seen_over_http_are_documented_ones() {
    let app = TestApp::spawn().await;
    let documented: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let deep = format!("{{ {} id {} }}", "me {".repeat(13), "}".repeat(13));
    let cases = [
        ("{ me { id } }", "UNAUTHENTICATED"),
        ("{ me { ", "BAD_USER_INPUT"),
        ("{ nothingHere }", "BAD_USER_INPUT"),
        (deep.as_str(), "LIMIT_EXCEEDED"),
    ];
    for (query, expected) in cases {
        let resp = app.gql(query).send().await;
        let code = error_code(&resp);
        assert_eq!(code, Some(expected), "{query}: {resp}");
        assert!(code.is_some_and(|c| documented.contains(&c)), "{resp}");
    }
}
