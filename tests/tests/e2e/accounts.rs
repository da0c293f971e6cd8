use chrono::Duration;
use postwarden_tests::{PASSWORD, TestApp, error_code};
use serde_json::{Value, json};

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) { user { id email } userErrors { field code message } } }";
const ME: &str = "{ me { id email displayName lastLoginAt platformRoles } }";

fn registration(email: &str) -> serde_json::Value {
    json!({ "email": email, "displayName": "Ann", "password": PASSWORD, "ageAttestation": true })
}

#[tokio::test]
async fn register_login_and_me() {
    let app = TestApp::spawn().await;
    let session = app.signup("Ann@Example.com").await;
    let me = app.gql(ME).token(&session.token).send().await;
    assert_eq!(me["data"]["me"]["email"], "Ann@Example.com");
    assert_eq!(me["data"]["me"]["id"], session.user_id);
    assert_eq!(me["data"]["me"]["lastLoginAt"].as_str().map(|t| &t[..19]), Some("2026-11-23T09:00:00"));
    assert_eq!(me["data"]["me"]["platformRoles"], json!([]));
}

#[tokio::test]
async fn registration_refuses_bad_input_with_the_field() {
    let app = TestApp::spawn().await;
    let cases = [
        (json!({ "email": "not-an-email" }), "input.email"),
        (json!({ "password": "short" }), "input.password"),
        (json!({ "displayName": "   " }), "input.displayName"),
        (json!({ "ageAttestation": null, "dateOfBirth": "2010-01-01" }), "input.dateOfBirth"),
        (json!({ "ageAttestation": false }), "input.ageAttestation"),
        (json!({ "ageAttestation": null }), "input.dateOfBirth"),
    ];
    for (change, field) in cases {
        let mut input = registration("bad@example.com");
        for (k, v) in change.as_object().into_iter().flatten() {
            input[k] = v.clone();
        }
        let resp = app.gql(REGISTER).var("input", input).send().await;
        let errors = &resp["data"]["register"]["userErrors"];
        assert_eq!(errors[0]["code"], "INVALID", "{field}: {resp}");
        assert_eq!(errors[0]["field"], json!(field.split('.').collect::<Vec<_>>()), "{resp}");
    }
    // Nothing was half written by any of them.
    let login = app.login("bad@example.com", PASSWORD).await;
    assert_eq!(error_code(&login), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn under_age_is_refused_and_eighteen_today_is_accepted() {
    let app = TestApp::spawn().await;
    let mut input = registration("teen@example.com");
    input["ageAttestation"] = json!(null);
    input["dateOfBirth"] = json!("2008-11-24");
    let resp = app.gql(REGISTER).var("input", input.clone()).send().await;
    assert_eq!(resp["data"]["register"]["userErrors"][0]["code"], "INVALID", "{resp}");
    assert!(resp["data"]["register"]["userErrors"][0]["message"].as_str().unwrap_or_default().contains("18"));

    input["dateOfBirth"] = json!("2008-11-23");
    let resp = app.gql(REGISTER).var("input", input).send().await;
    assert!(resp["errors"].is_null(), "{resp}");
}

#[tokio::test]
async fn every_problem_is_reported_at_once() {
    let app = TestApp::spawn().await;
    let input = json!({ "email": "nope", "displayName": "", "password": "x", "ageAttestation": false });
    let resp = app.gql(REGISTER).var("input", input).send().await;
    let fields: Vec<String> = resp["data"]["register"]["userErrors"]
        .as_array()
        .map(|p| {
            p.iter()
                .filter_map(|p| p["field"].as_array())
                .map(|f| f.iter().filter_map(|s| s.as_str()).collect::<Vec<_>>().join("."))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(fields, ["input.email", "input.displayName", "input.password", "input.ageAttestation"]);
    assert!(resp["data"]["register"]["user"].is_null());
}

#[tokio::test]
async fn duplicate_email_is_already_exists_whatever_its_case() {
    let app = TestApp::spawn().await;
    app.register("dup@example.com").await;
    let resp = app.gql(REGISTER).var("input", registration("DUP@example.COM")).send().await;
    assert!(resp["errors"].is_null(), "{resp}");
    assert!(resp["data"]["register"]["user"].is_null(), "{resp}");
    assert_eq!(resp["data"]["register"]["userErrors"][0]["code"], "ALREADY_EXISTS", "{resp}");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_look_the_same() {
    let app = TestApp::spawn().await;
    app.register("ann@example.com").await;
    let wrong = app.login("ann@example.com", "wrong password here").await;
    let unknown = app.login("nobody@example.com", PASSWORD).await;
    assert_eq!(error_code(&wrong), Some("UNAUTHENTICATED"));
    assert_eq!(wrong["errors"][0]["message"], unknown["errors"][0]["message"]);
    assert_eq!(error_code(&unknown), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let app = TestApp::spawn().await;
    app.register("ann@example.com").await;
    for _ in 0..5 {
        let resp = app.login("ann@example.com", "not the password").await;
        assert_eq!(error_code(&resp), Some("UNAUTHENTICATED"));
    }
    let locked = app.login("ann@example.com", PASSWORD).await;
    assert_eq!(error_code(&locked), Some("RATE_LIMITED"), "{locked}");
    assert!(locked["errors"][0]["extensions"]["retryAfter"].as_u64().is_some_and(|s| s > 0));

    app.clock.advance(Duration::minutes(16));
    let resp = app.login("ann@example.com", PASSWORD).await;
    assert!(resp["data"]["login"]["sessionToken"].is_string(), "{resp}");
}

#[tokio::test]
async fn sessions_expire() {
    let app = TestApp::spawn().await;
    let session = app.signup("ann@example.com").await;
    app.clock.advance(Duration::days(29));
    assert!(app.gql(ME).token(&session.token).send().await["errors"].is_null());
    app.clock.advance(Duration::days(2));
    let resp = app.gql(ME).token(&session.token).send().await;
    assert_eq!(error_code(&resp), Some("UNAUTHENTICATED"));
    assert!(resp["errors"][0]["message"].as_str().unwrap_or_default().contains("expired"));
}

#[tokio::test]
async fn logout_and_logout_everywhere_end_sessions() {
    let app = TestApp::spawn().await;
    let first = app.signup("ann@example.com").await;
    let second = app.login("ann@example.com", PASSWORD).await["data"]["login"]["sessionToken"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_default();
    let third = app.login("ann@example.com", PASSWORD).await["data"]["login"]["sessionToken"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_default();

    let resp = app.gql("mutation { logout { sessionsEnded } }").token(&first.token).send().await;
    assert_eq!(resp["data"]["logout"]["sessionsEnded"], 1);
    assert_eq!(error_code(&app.gql(ME).token(&first.token).send().await), Some("UNAUTHENTICATED"));
    assert!(app.gql(ME).token(&second).send().await["errors"].is_null());

    let resp = app.gql("mutation { logoutEverywhere { sessionsEnded } }").token(&second).send().await;
    assert_eq!(resp["data"]["logoutEverywhere"]["sessionsEnded"], 2);
    assert_eq!(error_code(&app.gql(ME).token(&third).send().await), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let current = app.signup("ann@example.com").await;
    let other = app.login("ann@example.com", PASSWORD).await["data"]["login"]["sessionToken"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_default();
    let change = "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { otherSessionsEnded userErrors { field code } } }";

    let wrong = app
        .gql(change)
        .var("input", json!({ "currentPassword": "not it at all", "newPassword": "a brand new passphrase" }))
        .token(&current.token)
        .send()
        .await;
    assert_eq!(wrong["data"]["changePassword"]["userErrors"][0]["code"], "INVALID", "{wrong}");
    assert_eq!(wrong["data"]["changePassword"]["userErrors"][0]["field"], json!(["input", "currentPassword"]));

    let resp = app
        .gql(change)
        .var("input", json!({ "currentPassword": PASSWORD, "newPassword": "a brand new passphrase" }))
        .token(&current.token)
        .send()
        .await;
    assert_eq!(resp["data"]["changePassword"]["otherSessionsEnded"], 1, "{resp}");
    assert!(app.gql(ME).token(&current.token).send().await["errors"].is_null());
    assert_eq!(error_code(&app.gql(ME).token(&other).send().await), Some("UNAUTHENTICATED"));
    assert_eq!(error_code(&app.login("ann@example.com", PASSWORD).await), Some("UNAUTHENTICATED"));
    assert!(app.login("ann@example.com", "a brand new passphrase").await["errors"].is_null());
}

#[tokio::test]
async fn the_session_cookie_is_essential_httponly_secure_and_lax() {
    let app = TestApp::spawn().await;
    app.register("ann@example.com").await;
    let (_, body, headers) = app
        .gql("mutation($input: LoginInput!) { login(input: $input) { sessionToken } }")
        .var("input", json!({ "email": "ann@example.com", "password": PASSWORD }))
        .send_raw()
        .await;
    let cookie = headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    for attribute in ["pw_session=", "HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing from {cookie}");
    }
    let token = body["data"]["login"]["sessionToken"].as_str().unwrap_or_default();
    let pair = format!("pw_session={token}");

    let me = app.gql(ME).header("cookie", &pair).send().await;
    assert_eq!(me["data"]["me"]["email"], "ann@example.com");
    // A page on another site cannot ride on the cookie.
    let foreign = app.gql(ME).header("cookie", &pair).header("origin", "https://evil.example").send().await;
    assert_eq!(error_code(&foreign), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn a_garbage_token_is_unauthenticated_not_an_internal_error() {
    let app = TestApp::spawn().await;
    for token in ["pws_nonsense", "pwk_0123456789ab_nonsense", "", "pwk_"] {
        let resp = app.gql(ME).header("authorization", &format!("Bearer {token}")).send().await;
        assert_eq!(error_code(&resp), Some("UNAUTHENTICATED"), "{token}: {resp}");
    }
}

async fn login_from(app: &TestApp, ip: &str, email: &str, password: &str) -> Value {
    app.gql("mutation($input: LoginInput!) { login(input: $input) { sessionToken } }")
        .var("input", json!({ "email": email, "password": password }))
        .header("x-forwarded-for", ip)
        .send()
        .await
}

#[tokio::test]
async fn failures_from_one_address_lock_that_address_and_no_other() {
    let app = TestApp::spawn_with(|c| {
        c.server.client_ip_header = Some("x-forwarded-for".into());
        c.auth.throttle.max_failures_per_ip = 3;
    })
    .await;
    app.register("ann@example.com").await;
    // A forged first entry does not move the attacker to another address.
    for n in 0..3 {
        let forged = format!("10.0.0.{n}, 203.0.113.7");
        let resp = login_from(&app, &forged, &format!("guess{n}@example.com"), "nope-nope-nope").await;
        assert_eq!(error_code(&resp), Some("UNAUTHENTICATED"), "{resp}");
    }
    let locked = login_from(&app, "203.0.113.7", "ann@example.com", PASSWORD).await;
    assert_eq!(error_code(&locked), Some("RATE_LIMITED"), "{locked}");
    let elsewhere = login_from(&app, "198.51.100.2", "ann@example.com", PASSWORD).await;
    assert!(elsewhere["data"]["login"]["sessionToken"].is_string(), "{elsewhere}");
}

#[tokio::test]
async fn without_a_proxy_setting_the_forwarded_header_is_ignored() {
    let app = TestApp::spawn_with(|c| c.auth.throttle.max_failures_per_ip = 3).await;
    app.register("ann@example.com").await;
    for n in 0..3 {
        let resp = login_from(&app, &format!("198.51.100.{n}"), &format!("guess{n}@example.com"), "nope-nope").await;
        assert_eq!(error_code(&resp), Some("UNAUTHENTICATED"), "{resp}");
    }
    let locked = login_from(&app, "198.51.100.99", "ann@example.com", PASSWORD).await;
    assert_eq!(error_code(&locked), Some("RATE_LIMITED"), "the loopback peer is what counts: {locked}");
}

#[tokio::test]
async fn a_refused_sibling_mutation_nulls_only_itself() {
    let app = TestApp::spawn().await;
    let ann = app.signup("ann@example.com").await;
    let bob = app.signup("bob@example.com").await;
    let workspace = app.create_workspace(&bob, "Bob's").await;
    let both = "mutation($a: CreateWorkspaceInput!, $b: RenameWorkspaceInput!) { \
        first: createWorkspace(input: $a) { workspace { id name } userErrors { code } } \
        second: renameWorkspace(input: $b) { workspace { id name } userErrors { code } } }";
    let resp = app
        .gql(both)
        .var("a", json!({ "name": "Ann's" }))
        .var("b", json!({ "workspaceId": workspace, "name": "Taken over" }))
        .token(&ann.token)
        .send()
        .await;
    assert_eq!(resp["data"]["first"]["workspace"]["name"], "Ann's", "{resp}");
    assert!(resp["data"]["second"].is_null(), "{resp}");
    assert_eq!(resp["errors"].as_array().map(Vec::len), Some(1), "{resp}");
    assert_eq!(resp["errors"][0]["path"], json!(["second"]), "{resp}");
}
