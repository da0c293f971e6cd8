//! The breach register: deadlines derived from awareness, overdue incidents as the clock
//! moves, authority notifications, and notices to the people affected.

use crate::connections::{user_code, user_field};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use compliance::Clock;
use postwarden_tests::{Session, TestApp};
use serde_json::{Value, json};

const RECORD: &str = "mutation($input: RecordBreachInput!) { recordBreach(input: $input) { userErrors { field code } breach { id riskLevel knownSubjectCount jurisdictions overdue authorityDeadlines { jurisdiction dueAt status timeLeftSeconds } subjectNotice { due } } } }";
const BREACH: &str = "query($id: ID!) { node(id: $id) { ... on Breach { riskLevel overdue containment authorityDeadlines { jurisdiction rule dueAt status timeLeftSeconds notifiedAt reference } subjectNotice { due queuedAt noticesQueued } events { nodes { kind riskLevel jurisdiction } } } } }";
const NOTIFY_AUTHORITY: &str = "mutation($input: RecordBreachAuthorityNotificationInput!) { recordBreachAuthorityNotification(input: $input) { userErrors { field code } breach { overdue authorityDeadlines { jurisdiction status } } } }";
const NOTIFY_SUBJECTS: &str = "mutation($input: NotifyBreachSubjectsInput!) { notifyBreachSubjects(input: $input) { userErrors { field code } noticesQueued breach { subjectNotice { due noticesQueued } } } }";
const ADD_SUBJECTS: &str = "mutation($input: AddBreachSubjectsInput!) { addBreachSubjects(input: $input) { userErrors { field code } added noticesQueued breach { knownSubjectCount subjectNotice { noticesQueued } } } }";
const REASSESS: &str = "mutation($input: ReassessBreachInput!) { reassessBreach(input: $input) { userErrors { field code } breach { riskLevel containment } } }";
const OVERDUE: &str =
    "query($overdue: Boolean) { breaches(filter: { overdue: $overdue }) { totalCount nodes { id } } }";

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn incident(app: &TestApp, risk: &str) -> Value {
    let aware = app.clock.now();
    json!({
        "detectedAt": ts(aware - Duration::hours(2)),
        "becameAwareAt": ts(aware),
        "description": "A misconfigured bucket exposed upload thumbnails.",
        "dataCategories": ["thumbnails", "workspace names"],
        "subjectsEstimate": 120,
        "riskLevel": risk,
        "containment": "Bucket policy restored; access logs under review.",
    })
}

async fn record(app: &TestApp, officer: &Session, input: Value) -> Value {
    app.gql(RECORD).var("input", input).token(&officer.token).send().await
}

async fn get(app: &TestApp, officer: &Session, id: &Value) -> Value {
    let resp = app.gql(BREACH).var("id", id.clone()).token(&officer.token).send().await;
    assert!(resp["errors"].is_null(), "{resp}");
    resp["data"]["node"].clone()
}

async fn overdue_count(app: &TestApp, officer: &Session, overdue: bool) -> i64 {
    app.gql(OVERDUE).var("overdue", json!(overdue)).token(&officer.token).send().await["data"]["breaches"]["totalCount"]
        .as_i64()
        .unwrap_or(-1)
}

#[tokio::test]
async fn the_authority_deadline_is_72_hours_after_awareness() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let aware = app.clock.now();
    let recorded = record(&app, &officer, incident(&app, "MEDIUM")).await;
    let breach = &recorded["data"]["recordBreach"]["breach"];
    assert_eq!(breach["jurisdictions"], json!(["eu"]), "{recorded}");
    let deadline = &breach["authorityDeadlines"][0];
    assert_eq!(deadline["dueAt"], instant(aware + Duration::hours(72)));
    assert_eq!(deadline["status"], "PENDING");
    assert_eq!(deadline["timeLeftSeconds"], (72 * 3600).to_string());
    let id = breach["id"].clone();

    app.clock.advance(Duration::hours(71));
    let state = get(&app, &officer, &id).await;
    assert_eq!(state["authorityDeadlines"][0]["timeLeftSeconds"], (3600).to_string());
    assert_eq!(state["overdue"], false);
    assert_eq!(overdue_count(&app, &officer, true).await, 0);

    app.clock.advance(Duration::hours(2));
    let state = get(&app, &officer, &id).await;
    assert_eq!(state["authorityDeadlines"][0]["status"], "OVERDUE");
    assert_eq!(state["authorityDeadlines"][0]["timeLeftSeconds"], (-3600).to_string());
    assert_eq!(state["overdue"], true);
    assert_eq!(overdue_count(&app, &officer, true).await, 1);
    assert_eq!(overdue_count(&app, &officer, false).await, 0);

    let notified = app
        .gql(NOTIFY_AUTHORITY)
        .var(
            "input",
            json!({ "breachId": id, "jurisdiction": "eu", "notifiedAt": ts(app.clock.now()), "reference": "DPC-2026-118" }),
        )
        .token(&officer.token)
        .send()
        .await;
    let breach = &notified["data"]["recordBreachAuthorityNotification"]["breach"];
    assert_eq!(breach["overdue"], false, "{notified}");
    assert_eq!(breach["authorityDeadlines"][0]["status"], "LATE");
    assert_eq!(overdue_count(&app, &officer, true).await, 0);
    let state = get(&app, &officer, &id).await;
    assert_eq!(state["authorityDeadlines"][0]["reference"], "DPC-2026-118");
    assert_eq!(state["authorityDeadlines"][0]["timeLeftSeconds"], Value::Null);

    let twice = app
        .gql(NOTIFY_AUTHORITY)
        .var("input", json!({ "breachId": id, "jurisdiction": "eu", "notifiedAt": ts(app.clock.now()) }))
        .token(&officer.token)
        .send()
        .await;
    assert!(user_code(&twice).is_some(), "{twice}");
}

#[tokio::test]
async fn each_jurisdiction_has_its_own_deadline_and_low_risk_owes_none() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    // The test clock starts on Monday 2026-11-23 09:00 UTC.
    let aware = app.clock.now();
    let mut input = incident(&app, "HIGH");
    input["jurisdictions"] = json!(["eu", "br", "uk"]);
    let recorded = record(&app, &officer, input).await;
    let deadlines = &recorded["data"]["recordBreach"]["breach"]["authorityDeadlines"];
    assert_eq!(deadlines[0]["dueAt"], instant(aware + Duration::hours(72)), "{recorded}");
    assert_eq!(deadlines[1]["jurisdiction"], "br");
    assert_eq!(deadlines[1]["dueAt"], instant(aware + Duration::days(3)), "Thursday");
    assert_eq!(deadlines[2]["jurisdiction"], "uk");

    let mut low = incident(&app, "LOW");
    low["subjectsEstimate"] = json!(1);
    let low = record(&app, &officer, low).await;
    let breach = &low["data"]["recordBreach"]["breach"];
    assert_eq!(breach["authorityDeadlines"][0]["status"], "NOT_REQUIRED");
    let id = breach["id"].clone();
    app.clock.advance(Duration::days(10));
    assert_eq!(get(&app, &officer, &id).await["overdue"], false);

    // Raising the risk makes the original deadline owed, and already overdue.
    let raised = app
        .gql(REASSESS)
        .var("input", json!({ "breachId": id, "riskLevel": "MEDIUM" }))
        .token(&officer.token)
        .send()
        .await;
    assert_eq!(raised["data"]["reassessBreach"]["breach"]["riskLevel"], "MEDIUM");
    let state = get(&app, &officer, &id).await;
    assert_eq!(state["overdue"], true);
    assert_eq!(state["events"]["nodes"][0]["kind"], "ASSESSMENT_UPDATED");

    let mut unknown = incident(&app, "LOW");
    unknown["jurisdictions"] = json!(["mars"]);
    let resp = record(&app, &officer, unknown).await;
    assert_eq!(user_code(&resp), Some("INVALID"));
    assert_eq!(user_field(&resp), "input.jurisdictions");
}

#[tokio::test]
async fn a_high_risk_breach_queues_notices_to_the_people_affected() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let mut affected = Vec::new();
    for i in 0..3 {
        affected.push(app.signup(&format!("affected{i}@example.com")).await);
    }
    app.signup("bystander@example.com").await;

    let mut input = incident(&app, "MEDIUM");
    input["affectedUserIds"] = json!(affected.iter().map(|s| s.user_id.clone()).collect::<Vec<_>>());
    let recorded = record(&app, &officer, input).await;
    let breach = &recorded["data"]["recordBreach"]["breach"];
    assert_eq!(breach["knownSubjectCount"], "3", "{recorded}");
    assert_eq!(breach["subjectNotice"]["due"], false);
    let id = breach["id"].clone();
    let message = "Thumbnails of your uploads were publicly reachable for two hours. No passwords or tokens were involved. We have closed the access and you need do nothing.";

    let refused = app
        .gql(NOTIFY_SUBJECTS)
        .var("input", json!({ "breachId": id, "message": message }))
        .token(&officer.token)
        .send()
        .await;
    assert_eq!(user_code(&refused), Some("INVALID"), "not high risk yet");
    assert!(app.outbox("breach.notice").await.is_empty());

    app.gql(REASSESS)
        .var("input", json!({ "breachId": id, "riskLevel": "HIGH", "containment": "Credentials rotated." }))
        .token(&officer.token)
        .send()
        .await;
    assert_eq!(get(&app, &officer, &id).await["subjectNotice"]["due"], true);

    let sent = app
        .gql(NOTIFY_SUBJECTS)
        .var("input", json!({ "breachId": id, "message": message }))
        .token(&officer.token)
        .send()
        .await;
    assert_eq!(sent["data"]["notifyBreachSubjects"]["noticesQueued"], 3, "{sent}");
    assert_eq!(
        sent["data"]["notifyBreachSubjects"]["breach"]["subjectNotice"],
        json!({ "due": false, "noticesQueued": 3 })
    );
    let notices = app.outbox("breach.notice").await;
    let mut to: Vec<&str> = notices.iter().map(|n| n.to_address.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, ["affected0@example.com", "affected1@example.com", "affected2@example.com"]);
    assert!(notices[0].body.contains(message));
    assert!(notices[0].body.contains("dpo@postwarden.example"));

    let again = app
        .gql(NOTIFY_SUBJECTS)
        .var("input", json!({ "breachId": id, "message": message }))
        .token(&officer.token)
        .send()
        .await;
    assert!(user_code(&again).is_some(), "{again}");

    // The audit trail names the breach, never the description or the message.
    let audit = app.audit_entries("breach.").await;
    assert_eq!(
        audit.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["breach.recorded", "breach.reassessed", "breach.subjects.notified"]
    );
    let dump = format!("{audit:?}");
    assert!(!dump.contains("Thumbnails") && !dump.contains("misconfigured"));
}

#[tokio::test]
async fn bad_records_are_refused_with_the_field() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let ann = app.signup("ann@example.com").await;
    let cases = [
        (json!({ "subjectsEstimate": 0, "affectedUserIds": [ann.user_id] }), "input.subjectsEstimate"),
        (json!({ "dataCategories": [] }), "input.dataCategories"),
        (json!({ "description": "  " }), "input.description"),
        (json!({ "becameAwareAt": ts(app.clock.now() + Duration::hours(1)) }), "input.becameAwareAt"),
        (
            json!({ "detectedAt": ts(app.clock.now() + Duration::hours(1)), "becameAwareAt": ts(app.clock.now()) }),
            "input.detectedAt",
        ),
    ];
    for (change, field) in cases {
        let mut input = incident(&app, "MEDIUM");
        for (k, v) in change.as_object().into_iter().flatten() {
            input[k] = v.clone();
        }
        let resp = record(&app, &officer, input).await;
        assert_eq!(user_code(&resp), Some("INVALID"), "{field}: {resp}");
        assert_eq!(user_field(&resp), field, "{resp}");
    }
    let total = app.gql(OVERDUE).token(&officer.token).send().await["data"]["breaches"]["totalCount"].clone();
    assert_eq!(total, 0);
}

#[tokio::test]
async fn only_compliance_officers_touch_the_register() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let recorded = record(&app, &officer, incident(&app, "HIGH")).await;
    let id = recorded["data"]["recordBreach"]["breach"]["id"].clone();
    let ann = app.signup("ann@example.com").await;
    let admin = app.signup("admin@example.com").await;
    app.grant("admin@example.com", entity::sea_orm_active_enums::PlatformRole::Admin).await;
    let key = app.api_key(&ann).await;

    let attempts: Vec<(&str, Value)> = vec![
        (RECORD, json!({ "input": incident(&app, "LOW") })),
        (OVERDUE, json!({})),
        (BREACH, json!({ "id": id })),
        (
            NOTIFY_AUTHORITY,
            json!({ "input": { "breachId": id, "jurisdiction": "eu", "notifiedAt": ts(app.clock.now()) } }),
        ),
        (REASSESS, json!({ "input": { "breachId": id, "riskLevel": "LOW" } })),
        (NOTIFY_SUBJECTS, json!({ "input": { "breachId": id, "message": "x" } })),
        (ADD_SUBJECTS, json!({ "input": { "breachId": id, "userIds": [ann.user_id] } })),
    ];
    for (query, vars) in &attempts {
        for (token, codes) in [
            (Some(ann.token.as_str()), &["FORBIDDEN", "NOT_FOUND"][..]),
            (Some(admin.token.as_str()), &["FORBIDDEN", "NOT_FOUND"][..]),
            (Some(key.as_str()), &["FORBIDDEN", "NOT_FOUND"][..]),
            (None, &["UNAUTHENTICATED", "NOT_FOUND"][..]),
        ] {
            let mut request = app.gql(query);
            for (k, v) in vars.as_object().into_iter().flatten() {
                request = request.var(k, v.clone());
            }
            if let Some(token) = token {
                request = request.token(token);
            }
            crate::connections::assert_hidden(&request.send().await, codes, query);
        }
    }
    let state = get(&app, &officer, &id).await;
    assert_eq!(state["riskLevel"], "HIGH");
    assert_eq!(state["events"]["nodes"], json!([]));
}

#[tokio::test]
async fn people_found_later_are_added_and_told_like_the_rest() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let first = app.signup("first@example.com").await;
    let later = app.signup("later@example.com").await;
    let last = app.signup("last@example.com").await;
    let mut input = incident(&app, "HIGH");
    input["affectedUserIds"] = json!([first.user_id]);
    let id = record(&app, &officer, input).await["data"]["recordBreach"]["breach"]["id"].clone();
    let add = |users: Value, message: Option<&str>| {
        app.gql(ADD_SUBJECTS)
            .var("input", json!({ "breachId": id, "userIds": users, "message": message }))
            .token(&officer.token)
            .send()
    };

    // Before anyone is told, the list just grows; a message would be premature.
    let premature = add(json!([later.user_id]), Some("Too soon")).await;
    assert_eq!(user_code(&premature), Some("INVALID"), "{premature}");
    let grown = add(json!([later.user_id, first.user_id]), None).await;
    assert_eq!(grown["data"]["addBreachSubjects"]["added"], 1, "the one already listed is skipped: {grown}");
    assert_eq!(grown["data"]["addBreachSubjects"]["breach"]["knownSubjectCount"], "2");
    let unknown = add(
        json!([postwarden::graphql::relay::GlobalId::id(
            postwarden::graphql::relay::NodeKind::User,
            uuid::Uuid::now_v7()
        )]),
        None,
    )
    .await;
    assert_eq!(user_code(&unknown), Some("INVALID"), "{unknown}");

    let sent = app
        .gql(NOTIFY_SUBJECTS)
        .var("input", json!({ "breachId": id, "message": "Your thumbnails were exposed for two hours." }))
        .token(&officer.token)
        .send()
        .await;
    assert_eq!(sent["data"]["notifyBreachSubjects"]["noticesQueued"], 2, "{sent}");

    // After the notice, someone newly found must be told too, and only they are.
    let silent = add(json!([last.user_id]), None).await;
    assert_eq!(user_code(&silent), Some("INVALID"), "{silent}");
    let told =
        add(json!([last.user_id]), Some("Your thumbnails were exposed for two hours, we found out today.")).await;
    let payload = &told["data"]["addBreachSubjects"];
    assert_eq!((payload["added"].as_i64(), payload["noticesQueued"].as_i64()), (Some(1), Some(1)), "{told}");
    assert_eq!(payload["breach"]["subjectNotice"]["noticesQueued"], 3);
    let notices = app.outbox("breach.notice").await;
    let mut to: Vec<&str> = notices.iter().map(|n| n.to_address.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, ["first@example.com", "last@example.com", "later@example.com"], "nobody told twice");
    let trail = app.audit_entries("breach.subjects.added").await;
    assert_eq!(trail.len(), 2);
    assert!(!format!("{trail:?}").contains("example.com"), "no addresses in the trail");
}

#[tokio::test]
async fn a_retried_record_returns_the_same_breach() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let mut input = incident(&app, "MEDIUM");
    input["idempotencyKey"] = json!("incident-7");
    let first = record(&app, &officer, input.clone()).await;
    let again = record(&app, &officer, input.clone()).await;
    let id = &first["data"]["recordBreach"]["breach"]["id"];
    assert!(id.is_string(), "{first}");
    assert_eq!(&again["data"]["recordBreach"]["breach"]["id"], id, "{again}");
    assert_eq!(overdue_count(&app, &officer, false).await, 1, "one breach recorded");
    input["description"] = json!("Something else.");
    let reused = record(&app, &officer, input).await;
    assert_eq!(user_code(&reused), Some("IDEMPOTENCY_KEY_REUSED"), "{reused}");
}

/// A `DateTime` as the API writes it.
fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}
