//! What a compliance officer may not see: workspaces and everything in them.

use postwarden_tests::TestApp;
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
        crate::connections::assert_hidden(&resp, &["NOT_FOUND"], what);
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

#[tokio::test]
async fn a_compliance_officer_cannot_read_posts_media_or_connections() {
    let w = crate::publishing::world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let image = w.upload_png().await;
    let post = w
        .create(json!({ "text": "Embargoed", "mediaIds": [image], "targets": [{ "socialAccountId": x }] }))
        .await["post"]["id"]
        .clone();
    let officer = w.app.compliance_officer("dpo@example.com").await;

    for (what, query, id) in [
        (
            "posts",
            "query($id: ID!) { workspace(id: $id) { posts(first: 5) { totalCount nodes { text } } } }",
            &w.workspace,
        ),
        (
            "connections",
            "query($id: ID!) { workspace(id: $id) { socialAccounts { nodes { accountName } } } }",
            &w.workspace,
        ),
        (
            "a post by node",
            "query($id: ID!) { node(id: $id) { ... on Post { text } } }",
            &post.as_str().unwrap_or_default().to_owned(),
        ),
        ("media by node", "query($id: ID!) { node(id: $id) { ... on Media { url } } }", &image),
        ("a connection by node", "query($id: ID!) { node(id: $id) { ... on SocialAccount { accountName } } }", &x),
    ] {
        let resp = w.app.gql(query).var("id", json!(id)).token(&officer.token).send().await;
        crate::connections::assert_hidden(&resp, &["NOT_FOUND"], what);
        assert!(!resp.to_string().contains("Embargoed"), "{what}: {resp}");
    }
}
