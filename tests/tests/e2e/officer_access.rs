//! What a compliance officer may not see: workspaces and everything in them.

use postwarden_tests::{TestApp, assert_refused};
use serde_json::json;

#[tokio::test]
async fn a_compliance_officer_cannot_read_a_workspace() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Private Brand").await;
    let officer = app.compliance_officer("dpo@example.com").await;

    for (what, query) in [
        ("workspace", "query($id: ID!) { workspace(id: $id) { name members { totalCount } } }"),
        ("node", "query($id: ID!) { node(id: $id) { ... on Workspace { name } } }"),
    ] {
        let resp = app.gql(query).var("id", json!(workspace)).token(&officer.token).send().await;
        assert_refused(&resp, &["NOT_FOUND"], what);
    }
    let mine = app.gql("{ me { workspaces { totalCount } } }").token(&officer.token).send().await;
    assert_eq!(mine["data"]["me"]["workspaces"]["totalCount"], 0);

    // The same officer does read the privacy records.
    let log = app
        .gql("{ auditLog(filter: { action: \"workspace\" }) { totalCount nodes { detail } } }")
        .token(&officer.token)
        .send()
        .await;
    assert_eq!(log["data"]["auditLog"]["totalCount"], 1, "{log}");
    assert!(!log.to_string().contains("Private Brand"));
}
