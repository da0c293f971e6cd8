//! The processor registry (public) and the records of processing (compliance officers).

use postwarden_tests::{TestApp, assert_refused};
use serde_json::Value;

const SUBPROCESSORS: &str =
    "{ subprocessors { name purpose dataCategories location transferSafeguard dpaSignedOn relationship } }";
const RECORDS: &str = "{ processingRecords { controller { name dpoContact } activities { key legalBasis dataCategories dataSubjects recipients retention securityMeasures } } }";

#[tokio::test]
async fn sub_processors_are_public_and_complete() {
    let app = TestApp::spawn().await;
    let resp = app.gql(SUBPROCESSORS).send().await;
    let list = resp["data"]["subprocessors"].as_array().cloned().unwrap_or_default();
    assert!(list.len() >= 8, "{resp}");
    let find = |needle: &str| {
        list.iter().find(|p| p["name"].as_str().is_some_and(|n| n.contains(needle))).cloned().unwrap_or(Value::Null)
    };
    let email = find("Postmark");
    assert_eq!(email["relationship"], "PROCESSOR");
    assert_eq!(email["transferSafeguard"], "STANDARD_CONTRACTUAL_CLAUSES");
    assert!(email["dpaSignedOn"].is_string());
    let youtube = find("YouTube");
    assert_eq!(youtube["relationship"], "INDEPENDENT_CONTROLLER");
    assert_eq!(youtube["dpaSignedOn"], Value::Null);

    let json: Value =
        app.http.get(app.url("/compliance/subprocessors.json")).send().await.expect("sent").json().await.expect("json");
    assert_eq!(json["processors"].as_array().map(Vec::len), Some(list.len()));
    assert_eq!(json["processors"][0]["transfer_safeguard"], "within_eea");
}

#[tokio::test]
async fn records_of_processing_are_for_compliance_officers() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let ann = app.signup("ann@example.com").await;
    let key = app.api_key(&ann).await;

    let resp = app.gql(RECORDS).token(&officer.token).send().await;
    let activities = resp["data"]["processingRecords"]["activities"].as_array().cloned().unwrap_or_default();
    let publishing = activities.iter().find(|a| a["key"] == "publishing").cloned().unwrap_or(Value::Null);
    assert_eq!(publishing["legalBasis"], "CONTRACT", "{resp}");
    assert!(publishing["recipients"].to_string().contains("YouTube"));
    assert!(!publishing["securityMeasures"].as_array().is_none_or(Vec::is_empty));

    for (token, codes) in [
        (Some(ann.token.as_str()), &["FORBIDDEN"][..]),
        (Some(key.as_str()), &["FORBIDDEN"][..]),
        (None, &["UNAUTHENTICATED"][..]),
    ] {
        let mut request = app.gql(RECORDS);
        if let Some(token) = token {
            request = request.token(token);
        }
        assert_refused(&request.send().await, codes, "processingRecords");
    }

    let export =
        |token: &str| app.http.get(app.url("/compliance/processing-records.json")).bearer_auth(token.to_owned()).send();
    let ok = export(&officer.token).await.expect("sent");
    assert_eq!(ok.status().as_u16(), 200);
    let json: Value = ok.json().await.expect("json");
    assert_eq!(json["activities"].as_array().map(Vec::len), Some(activities.len()));
    assert_eq!(json["controller"]["dpo_contact"], "dpo@postwarden.example");
    let refused = export(&ann.token).await.expect("sent");
    assert_eq!(refused.status().as_u16(), 403);
}
