//! Posts and media stay inside their workspace; viewers read but do not write.

use crate::publishing::world;
use postwarden_tests::{PNG, error_code};
use serde_json::{Value, json};

#[tokio::test]
async fn another_workspace_gets_nothing_and_viewers_cannot_write() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let media = w.upload_png().await;
    let created = w.create(json!({ "text": "Ours", "mediaIds": [media], "targets": [{ "socialAccountId": x }] })).await;
    let post = created["post"]["id"].clone();
    let target = created["post"]["targets"][0]["id"].clone();

    let outsider = w.app.signup("outsider@example.com").await;
    let elsewhere = w.app.create_workspace(&outsider, "Elsewhere").await;
    let viewer = w.app.signup("viewer@example.com").await;
    w.app.add_member(&w.owner, &w.workspace, &viewer, "VIEWER").await;

    let reads: Vec<(&str, Value)> = vec![
        ("query($w: ID!) { workspace(id: $w) { posts { totalCount nodes { text } } } }", json!({ "w": w.workspace })),
        ("query($w: ID!) { workspace(id: $w) { media { totalCount } } }", json!({ "w": w.workspace })),
        (
            "query($w: ID!) { workspace(id: $w) { calendar(from: \"2026-11-01\", to: \"2026-11-30\") { count } } }",
            json!({ "w": w.workspace }),
        ),
        ("query($id: ID!) { node(id: $id) { id } }", json!({ "id": post })),
        ("query($id: ID!) { node(id: $id) { id } }", json!({ "id": target })),
        ("query($id: ID!) { node(id: $id) { id } }", json!({ "id": media })),
    ];
    let writes: Vec<(&str, Value)> = vec![
        (
            "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }",
            json!({ "i": { "workspaceId": w.workspace, "content": { "text": "x", "targets": [{ "socialAccountId": x }] } } }),
        ),
        (
            "mutation($i: UpdatePostInput!) { updatePost(input: $i) { post { id } } }",
            json!({ "i": { "postId": post, "content": { "text": "pwned", "targets": [{ "socialAccountId": x }] } } }),
        ),
        (
            "mutation($i: SchedulePostInput!) { schedulePost(input: $i) { post { id } } }",
            json!({ "i": { "postId": post, "scheduledAt": "2030-01-01T00:00:00Z" } }),
        ),
        (
            "mutation($i: PublishPostNowInput!) { publishPostNow(input: $i) { post { id } } }",
            json!({ "i": { "postId": post } }),
        ),
        (
            "mutation($i: CancelPostInput!) { cancelPost(input: $i) { post { id } } }",
            json!({ "i": { "postId": post } }),
        ),
        (
            "mutation($i: DeletePostInput!) { deletePost(input: $i) { deletedPostId } }",
            json!({ "i": { "postId": post } }),
        ),
        (
            "mutation($i: RetryTargetInput!) { retryTarget(input: $i) { target { id } } }",
            json!({ "i": { "targetId": target } }),
        ),
        (
            "mutation($i: MarkTargetPublishedInput!) { markTargetPublished(input: $i) { target { id } } }",
            json!({ "i": { "targetId": target } }),
        ),
        (
            "mutation($i: DeleteFromPlatformInput!) { deleteFromPlatform(input: $i) { target { id } } }",
            json!({ "i": { "targetId": target } }),
        ),
        (
            "mutation($i: DeleteMediaInput!) { deleteMedia(input: $i) { deletedMediaId } }",
            json!({ "i": { "mediaId": media } }),
        ),
    ];
    let send = |query: &'static str, vars: Value, token: String| {
        let app = &w.app;
        async move {
            let mut request = app.gql(query).token(&token);
            for (k, v) in vars.as_object().into_iter().flatten() {
                request = request.var(k, v.clone());
            }
            request.send().await
        }
    };
    for (query, vars) in reads.iter().chain(writes.iter()) {
        let resp = send(query, vars.clone(), outsider.token.clone()).await;
        // `node(id:)` answers null for what the caller may not see, as for nothing at all.
        let hidden = error_code(&resp) == Some("NOT_FOUND") || (query.contains("node(id") && resp["errors"].is_null());
        assert!(hidden, "{query}: {resp}");
        assert!(resp["data"].as_object().is_none_or(|d| d.values().all(Value::is_null)), "leaked: {resp}");
    }
    let (_, upload) = w.app.upload(&outsider.token, &w.workspace, "p.png", PNG.to_vec()).await;
    assert_eq!(error_code(&upload), Some("NOT_FOUND"));
    let (_, own) = w.app.upload(&outsider.token, &elsewhere, "p.png", PNG.to_vec()).await;
    assert!(own["errors"].is_null(), "the outsider can use their own workspace: {own}");

    for (query, vars) in &reads {
        let resp = send(query, vars.clone(), viewer.token.clone()).await;
        assert!(resp["errors"].is_null(), "viewers read: {query}: {resp}");
    }
    for (query, vars) in &writes {
        let resp = send(query, vars.clone(), viewer.token.clone()).await;
        assert_eq!(error_code(&resp), Some("FORBIDDEN"), "{query}: {resp}");
    }
    let (_, upload) = w.app.upload(&viewer.token, &w.workspace, "p.png", PNG.to_vec()).await;
    assert_eq!(error_code(&upload), Some("FORBIDDEN"));
    assert_eq!(w.post(&post).await["status"], "DRAFT", "nothing changed");
}
