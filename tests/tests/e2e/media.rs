use crate::publishing::{user_error, user_field};
use chrono::Duration;
use postwarden_tests::{PNG, TestApp, error_code, mp4};
use serde_json::json;

#[tokio::test]
async fn an_upload_is_detected_from_its_bytes_and_served_only_through_signed_urls() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;

    let (_, resp) = app.upload(&owner.token, &workspace, "pixel.png", PNG.to_vec()).await;
    let media = resp["data"]["uploadMedia"]["media"].clone();
    assert_eq!(media["contentType"], "image/png", "{resp}");
    assert_eq!((media["width"].as_i64(), media["height"].as_i64()), (Some(1), Some(1)));
    assert_eq!(media["sizeBytes"], PNG.len().to_string(), "sizes travel as BigInt strings");
    assert_eq!(media["sha256"].as_str().map(str::len), Some(64));

    let url = media["url"].as_str().expect("signed url").to_owned();
    let served = app.http.get(&url).send().await.expect("served");
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.expect("bytes").as_ref(), PNG);

    let tampered = url.replace("signature=", "signature=00");
    assert_eq!(app.http.get(&tampered).send().await.expect("sent").status(), 403);
    let longer = url.replace("expires=", "expires=9");
    assert_eq!(app.http.get(&longer).send().await.expect("sent").status(), 403);
    let unsigned = url.split('?').next().unwrap_or_default().to_owned();
    assert_eq!(app.http.get(&unsigned).send().await.expect("sent").status(), 403);
    app.clock.advance(Duration::minutes(16));
    assert_eq!(app.http.get(&url).send().await.expect("sent").status(), 403, "expired");

    let (_, video) = app.upload(&owner.token, &workspace, "clip.mp4", mp4()).await;
    assert_eq!(video["data"]["uploadMedia"]["media"]["contentType"], "video/mp4", "{video}");
}

#[tokio::test]
async fn mistyped_and_oversized_uploads_store_nothing() {
    let app = TestApp::spawn_with(|c| c.server.upload_max_file_bytes = 4096).await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;

    let (_, text) =
        app.upload(&owner.token, &workspace, "photo.png", b"just some text, named like an image".to_vec()).await;
    assert_eq!(user_error(&text, "uploadMedia"), Some("INVALID"), "{text}");
    assert_eq!(user_field(&text, "uploadMedia"), json!(["input", "file"]));
    let (_, pdf) = app.upload(&owner.token, &workspace, "doc.png", b"%PDF-1.7\n%binary".to_vec()).await;
    assert_eq!(user_error(&pdf, "uploadMedia"), Some("INVALID"), "{pdf}");

    let mut big = PNG.to_vec();
    big.extend(std::iter::repeat_n(0u8, 8192));
    let (status, body) = app.upload(&owner.token, &workspace, "big.png", big).await;
    assert!(status == 413 || error_code(&body) == Some("LIMIT_EXCEEDED"), "{status} {body}");
    assert_eq!(error_code(&body), Some("LIMIT_EXCEEDED"));

    assert_eq!(app.count("media").await, 0);
    let stored = walk(&app.data_dir.join("media"));
    assert!(stored.is_empty(), "objects were left behind: {stored:?}");
}

#[tokio::test]
async fn more_files_than_allowed_in_one_request_are_refused() {
    let app = TestApp::spawn_with(|c| c.server.upload_max_files = 1).await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    let operations = serde_json::json!({
        "query": "mutation($a: UploadMediaInput!, $b: UploadMediaInput!) { a: uploadMedia(input: $a) { media { id } } b: uploadMedia(input: $b) { media { id } } }",
        "variables": { "a": { "workspaceId": workspace, "file": null }, "b": { "workspaceId": workspace, "file": null } },
    });
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", serde_json::json!({ "0": ["variables.a.file"], "1": ["variables.b.file"] }).to_string())
        .part("0", reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("a.png"))
        .part("1", reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("b.png"));
    let response =
        app.http.post(app.url("/graphql")).bearer_auth(&owner.token).multipart(form).send().await.expect("sent");
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert!(status.is_client_error(), "{status} {body}");
    assert_eq!(error_code(&body), Some("LIMIT_EXCEEDED"));
    assert_eq!(app.count("media").await, 0);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
    }
    files
}

#[tokio::test]
async fn deleting_media_and_scheduling_its_post_at_once_never_both_succeed() {
    let w = crate::publishing::world().await;
    let instagram = w.app.connect(&w.owner, &w.workspace, "INSTAGRAM").await;
    let at = (postwarden_tests::start_time() + Duration::hours(1)).to_rfc3339();
    for round in 0..8 {
        let image = w.upload_jpeg().await;
        let post = w
            .create(json!({ "text": format!("Race {round}"), "mediaIds": [image], "targets": [{ "socialAccountId": instagram }] }))
            .await["post"]["id"]
            .clone();
        let schedule = w
            .app
            .gql("mutation($i: SchedulePostInput!) { schedulePost(input: $i) { post { status } userErrors { code } } }")
            .var("i", json!({ "postId": post, "scheduledAt": at }))
            .token(&w.owner.token)
            .send();
        let delete = w
            .app
            .gql("mutation($i: DeleteMediaInput!) { deleteMedia(input: $i) { deletedMediaId userErrors { code } } }")
            .var("i", json!({ "mediaId": image }))
            .token(&w.owner.token)
            .send();
        let (scheduled, deleted) = tokio::join!(schedule, delete);
        let scheduled_ok = scheduled["data"]["schedulePost"]["post"].is_object();
        let deleted_ok = deleted["data"]["deleteMedia"]["deletedMediaId"].is_string();
        // Instagram needs its image: whichever came second must have been refused.
        assert!(scheduled_ok != deleted_ok, "round {round}: {scheduled} / {deleted}");
        if scheduled_ok {
            assert_eq!(user_error(&deleted, "deleteMedia"), Some("INVALID_STATE"), "{deleted}");
            assert_eq!(w.post(&post).await["media"].as_array().map(Vec::len), Some(1));
        } else {
            assert!(user_error(&scheduled, "schedulePost").is_some(), "{scheduled}");
        }
    }
}

#[tokio::test]
async fn files_are_removed_after_the_retention_period_unless_a_queued_post_needs_them() {
    let w = crate::publishing::world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let in_draft = w.upload_png().await;
    let queued = w.upload_png().await;
    let unused = w.upload_png().await;
    w.create(json!({ "text": "Someday", "mediaIds": [in_draft], "targets": [{ "socialAccountId": x }] })).await;
    let later = w
        .create(json!({ "text": "Much later", "mediaIds": [queued], "targets": [{ "socialAccountId": x }] }))
        .await["post"]["id"]
        .clone();
    let at = (postwarden_tests::start_time() + Duration::days(120)).to_rfc3339();
    let scheduled = w
        .app
        .gql("mutation($i: SchedulePostInput!) { schedulePost(input: $i) { post { status } userErrors { code } } }")
        .var("i", json!({ "postId": later, "scheduledAt": at }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(scheduled["data"]["schedulePost"]["post"]["status"], "SCHEDULED", "{scheduled}");

    w.app.clock.advance(Duration::days(89));
    assert_eq!(postwarden::jobs::housekeeping::run(&w.app.state).await.expect("runs").media_expired, 0);
    w.app.clock.advance(Duration::days(2));
    let report = postwarden::jobs::housekeeping::run(&w.app.state).await.expect("runs");
    assert_eq!(report.media_expired, 2, "{report:?}");

    // Three months on, the session has long expired.
    let token = w.app.login("owner@example.com", postwarden_tests::PASSWORD).await["data"]["login"]["sessionToken"]
        .as_str()
        .expect("signed in")
        .to_owned();
    let purged_at = |id: &str| {
        let id = id.to_owned();
        let (w, token) = (&w, &token);
        async move {
            let resp = w
                .app
                .gql("query($id: ID!) { node(id: $id) { ... on Media { purgedAt url } } }")
                .var("id", json!(id))
                .token(token)
                .send()
                .await;
            resp["data"]["node"].clone()
        }
    };
    for gone in [&in_draft, &unused] {
        let media = purged_at(gone).await;
        assert!(media["purgedAt"].is_string() && media["url"].is_null(), "{media}");
    }
    let kept = purged_at(&queued).await;
    assert!(kept["purgedAt"].is_null() && kept["url"].is_string(), "a queued post keeps its file: {kept}");
    let stored = std::fs::read_dir(w.app.data_dir.join("media"))
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .count();
    assert_eq!(stored, 1, "only the queued post's file is still stored");
}

#[tokio::test]
async fn an_upload_with_an_idempotency_key_is_stored_once() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    let upload = |bytes: Vec<u8>| {
        let (app, token, workspace) = (&app, owner.token.clone(), workspace.clone());
        async move {
            let operations = json!({
                "query": "mutation($i: UploadMediaInput!) { uploadMedia(input: $i) { media { id } userErrors { field code } } }",
                "variables": { "i": { "workspaceId": workspace, "file": null, "idempotencyKey": "upload-1" } },
            });
            let form = reqwest::multipart::Form::new()
                .text("operations", operations.to_string())
                .text("map", json!({ "0": ["variables.i.file"] }).to_string())
                .part("0", reqwest::multipart::Part::bytes(bytes).file_name("p.png"));
            let response =
                app.http.post(app.url("/graphql")).bearer_auth(&token).multipart(form).send().await.expect("sent");
            response.json::<serde_json::Value>().await.unwrap_or_default()
        }
    };
    let first = upload(PNG.to_vec()).await;
    let again = upload(PNG.to_vec()).await;
    let id = first["data"]["uploadMedia"]["media"]["id"].clone();
    assert!(id.is_string(), "{first}");
    assert_eq!(again["data"]["uploadMedia"]["media"]["id"], id, "{again}");
    assert_eq!(app.count("media").await, 1, "the replay stored nothing");
    assert_eq!(walk(&app.data_dir.join("media")).len(), 1);

    let mut other = PNG.to_vec();
    other.push(0);
    let reused = upload(other).await;
    assert_eq!(user_error(&reused, "uploadMedia"), Some("IDEMPOTENCY_KEY_REUSED"), "{reused}");
    assert_eq!(app.count("media").await, 1);
}
