//! Privacy-policy versions: the 30-day rule for material changes, notices to every account,
//! acknowledgement, and the version in force as seen from `me`.

use chrono::{Duration, SecondsFormat};
use compliance::Clock;
use postwarden::graphql::relay::{GlobalId, NodeKind};
use postwarden_tests::{Session, TestApp, assert_refused};
use serde_json::{Value, json};

const PUBLISH: &str = "mutation($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { userErrors { field code } noticesQueued policyVersion { id version material effective effectiveAt } } }";
const ACK: &str = "mutation($input: AcknowledgePolicyInput!) { acknowledgePolicy(input: $input) { acknowledgedAt policyVersion { version } } }";
const STATUS: &str = "{ me { privacyPolicy { acknowledged acknowledgedAt inForce { version } upcoming { version } upcomingAcknowledged } } }";

fn draft(app: &TestApp, version: &str, material: bool, days: i64) -> Value {
    json!({
        "version": version,
        "summary": "We now use a new email delivery provider.",
        "url": format!("https://postwarden.example/privacy/{version}"),
        "material": material,
        "effectiveAt": (app.clock.now() + Duration::days(days)).to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}

async fn publish(app: &TestApp, officer: &Session, input: Value) -> Value {
    app.gql(PUBLISH).var("input", input).token(&officer.token).send().await
}

#[tokio::test]
async fn a_material_change_needs_thirty_days_notice() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;

    let early = publish(&app, &officer, draft(&app, "2026-12", true, 29)).await;
    let errors = &early["data"]["publishPolicyVersion"]["userErrors"];
    assert_eq!(errors[0]["code"], "INVALID", "{early}");
    assert_eq!(errors[0]["field"], json!(["input", "effectiveAt"]));
    assert!(app.outbox("policy.notice").await.is_empty(), "nothing queued");

    let ok = publish(&app, &officer, draft(&app, "2026-12", true, 30)).await;
    assert!(ok["errors"].is_null(), "{ok}");
    assert_eq!(ok["data"]["publishPolicyVersion"]["policyVersion"]["material"], true);
    assert_eq!(ok["data"]["publishPolicyVersion"]["policyVersion"]["effective"], false);

    // A non-material change may take effect at once, but not in the past.
    let now = publish(&app, &officer, draft(&app, "2026-11b", false, 0)).await;
    assert!(now["errors"].is_null(), "{now}");
    let past = publish(&app, &officer, draft(&app, "2026-10", false, -1)).await;
    assert_eq!(past["data"]["publishPolicyVersion"]["userErrors"][0]["code"], "INVALID", "{past}");

    let again = publish(&app, &officer, draft(&app, "2026-12", true, 40)).await;
    assert_eq!(again["data"]["publishPolicyVersion"]["userErrors"][0]["code"], "ALREADY_EXISTS", "{again}");
}

#[tokio::test]
async fn publishing_queues_a_notice_to_every_active_account() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    for i in 0..3 {
        app.signup(&format!("user{i}@example.com")).await;
    }
    let resp = publish(&app, &officer, draft(&app, "2026-12", true, 30)).await;
    assert_eq!(resp["data"]["publishPolicyVersion"]["noticesQueued"], "4", "{resp}");

    let notices = app.outbox("policy.notice").await;
    let mut to: Vec<&str> = notices.iter().map(|n| n.to_address.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, ["dpo@example.com", "user0@example.com", "user1@example.com", "user2@example.com"]);
    assert!(notices.iter().all(|n| n.user_id.is_some() && n.status == "pending"));
    assert!(notices[0].body.contains("https://postwarden.example/privacy/2026-12"));
    assert!(notices[0].subject.contains("changes on"), "{}", notices[0].subject);

    let audit = app.audit_entries("policy.published").await;
    assert_eq!(audit.len(), 1);
    assert!(audit[0].detail.contains("\"notices_queued\":4"), "{}", audit[0].detail);
}

#[tokio::test]
async fn me_shows_whether_the_version_in_force_is_acknowledged() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let ann = app.signup("ann@example.com").await;

    let none = app.gql(STATUS).token(&ann.token).send().await;
    assert_eq!(
        none["data"]["me"]["privacyPolicy"],
        json!({ "acknowledged": false, "acknowledgedAt": null, "inForce": null, "upcoming": null, "upcomingAcknowledged": false })
    );

    let current = publish(&app, &officer, draft(&app, "2026-11", false, 0)).await;
    let current_id = current["data"]["publishPolicyVersion"]["policyVersion"]["id"].clone();
    let before = app.gql(STATUS).token(&ann.token).send().await;
    assert_eq!(before["data"]["me"]["privacyPolicy"]["inForce"]["version"], "2026-11");
    assert_eq!(before["data"]["me"]["privacyPolicy"]["acknowledged"], false);

    let ack = app.gql(ACK).var("input", json!({ "policyVersionId": current_id })).token(&ann.token).send().await;
    assert_eq!(ack["data"]["acknowledgePolicy"]["policyVersion"]["version"], "2026-11", "{ack}");
    let twice = app.gql(ACK).var("input", json!({ "policyVersionId": current_id })).token(&ann.token).send().await;
    assert_eq!(
        twice["data"]["acknowledgePolicy"]["acknowledgedAt"],
        ack["data"]["acknowledgePolicy"]["acknowledgedAt"]
    );
    assert_eq!(app.audit_entries("policy.acknowledged").await.len(), 1);

    // A material change is announced; until it takes effect the old version is in force.
    publish(&app, &officer, draft(&app, "2027-01", true, 30)).await;
    let announced = app.gql(STATUS).token(&ann.token).send().await;
    let status = &announced["data"]["me"]["privacyPolicy"];
    assert_eq!(status["acknowledged"], true);
    assert_eq!(status["upcoming"]["version"], "2027-01");
    assert_eq!(status["upcomingAcknowledged"], false);

    // Sessions last 30 days too, so Ann signs in again.
    app.clock.advance(Duration::days(30));
    let ann = app.signup_again(&ann).await;
    let after = app.gql(STATUS).token(&ann.token).send().await;
    let status = &after["data"]["me"]["privacyPolicy"];
    assert_eq!(status["inForce"]["version"], "2027-01");
    assert_eq!(status["acknowledged"], false);
    assert_eq!(status["upcoming"], Value::Null);

    // The consent ledger records the version in force at the time of each choice.
    let set = app
        .gql("mutation($input: SetConsentInput!) { setConsent(input: $input) { event { policyVersion } } }")
        .var("input", json!({ "purposeKey": "product_updates", "granted": true }))
        .token(&ann.token)
        .send()
        .await;
    assert_eq!(set["data"]["setConsent"]["event"]["policyVersion"], "2027-01");

    // The history is public.
    let public = app.gql("{ policyVersions { totalCount nodes { version } } }").send().await;
    assert_eq!(public["data"]["policyVersions"]["totalCount"], 2, "{public}");
}

#[tokio::test]
async fn only_compliance_officers_publish_and_only_people_acknowledge() {
    let app = TestApp::spawn().await;
    let ann = app.signup("ann@example.com").await;
    let admin = app.signup("admin@example.com").await;
    app.grant("admin@example.com", entity::sea_orm_active_enums::PlatformRole::Admin).await;
    let key = app.api_key(&ann).await;

    for (token, codes) in [
        (Some(ann.token.as_str()), &["FORBIDDEN"][..]),
        (Some(admin.token.as_str()), &["FORBIDDEN"][..]),
        (Some(key.as_str()), &["FORBIDDEN"][..]),
        (None, &["UNAUTHENTICATED"][..]),
    ] {
        let mut request = app.gql(PUBLISH).var("input", draft(&app, "x", false, 0));
        if let Some(token) = token {
            request = request.token(token);
        }
        assert_refused(&request.send().await, codes, "publishPolicyVersion");
    }
    assert!(app.outbox("policy.notice").await.is_empty());

    let officer = app.compliance_officer("dpo@example.com").await;
    let published = publish(&app, &officer, draft(&app, "2026-11", false, 0)).await;
    let id = published["data"]["publishPolicyVersion"]["policyVersion"]["id"].clone();
    let by_key = app.gql(ACK).var("input", json!({ "policyVersionId": id })).token(&key).send().await;
    assert_refused(&by_key, &["FORBIDDEN"], "acknowledgePolicy by API key");
    let anonymous = app.gql(ACK).var("input", json!({ "policyVersionId": id })).send().await;
    assert_refused(&anonymous, &["UNAUTHENTICATED"], "anonymous acknowledgePolicy");
    let missing = app
        .gql(ACK)
        .var("input", json!({ "policyVersionId": GlobalId::id(NodeKind::PolicyVersion, uuid::Uuid::now_v7()).0 }))
        .token(&ann.token)
        .send()
        .await;
    assert_refused(&missing, &["NOT_FOUND"], "unknown policy version");
}
