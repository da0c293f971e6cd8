use crate::publishing::world;
use chrono::Duration;
use postwarden_tests::{error_code, start_time};
use serde_json::{Value, json};
use std::sync::atomic::Ordering;

const SCHEDULE: &str = "mutation($i: SchedulePostInput!) { schedulePost(input: $i) { post { id } } }";

#[tokio::test]
async fn posts_list_by_due_time_filter_and_page() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let telegram = w.app.connect_telegram(&w.owner, &w.workspace).await;
    // Scheduled in reverse creation order, to prove the list follows due time.
    for (i, hours) in [(0, 30), (1, 20), (2, 10)] {
        let target = if i == 1 { &telegram } else { &x };
        let id =
            w.create(json!({ "text": format!("post {i}"), "targets": [{ "socialAccountId": target }] })).await["post"]
                ["id"]
                .clone();
        let at = (start_time() + Duration::hours(hours)).to_rfc3339();
        w.app.gql(SCHEDULE).var("i", json!({ "postId": id, "scheduledAt": at })).token(&w.owner.token).send().await;
    }
    w.create(json!({ "text": "a draft", "targets": [{ "socialAccountId": x }] })).await;

    let list = |filter: Value, first: i64, after: Option<String>| {
        let app = &w.app;
        let workspace = w.workspace.clone();
        let token = w.owner.token.clone();
        async move {
            app.gql("query($w: ID!, $f: PostFilterInput, $n: Int, $a: String) { workspace(id: $w) { posts(filter: $f, first: $n, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { text status } } } }")
                .var("w", json!(workspace))
                .var("f", filter)
                .var("n", json!(first))
                .var("a", json!(after))
                .token(&token)
                .send()
                .await["data"]["workspace"]["posts"]
                .clone()
        }
    };
    let scheduled = list(json!({ "status": ["SCHEDULED"] }), 2, None).await;
    assert_eq!(scheduled["totalCount"], 3);
    assert_eq!(
        scheduled["nodes"],
        json!([{ "text": "post 2", "status": "SCHEDULED" }, { "text": "post 1", "status": "SCHEDULED" }])
    );
    assert_eq!(scheduled["pageInfo"]["hasNextPage"], true);
    let rest =
        list(json!({ "status": ["SCHEDULED"] }), 2, scheduled["pageInfo"]["endCursor"].as_str().map(str::to_owned))
            .await;
    assert_eq!(rest["nodes"], json!([{ "text": "post 0", "status": "SCHEDULED" }]));
    assert_eq!(rest["pageInfo"]["hasNextPage"], false);

    let telegram_only = list(json!({ "platform": "TELEGRAM" }), 10, None).await;
    assert_eq!(telegram_only["nodes"], json!([{ "text": "post 1", "status": "SCHEDULED" }]));
    let window = json!({ "from": (start_time() + Duration::hours(15)).to_rfc3339(), "to": (start_time() + Duration::hours(25)).to_rfc3339() });
    assert_eq!(list(window, 10, None).await["nodes"], json!([{ "text": "post 1", "status": "SCHEDULED" }]));

    let bad_cursor = w
        .app
        .gql("query($w: ID!) { workspace(id: $w) { posts(after: \"bogus\") { totalCount } } }")
        .var("w", json!(w.workspace))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(error_code(&bad_cursor), Some("BAD_USER_INPUT"));
}

#[tokio::test]
async fn the_calendar_counts_posts_per_day_in_the_viewers_zone() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    // 23:30 UTC on the 24th is already the 25th in Berlin.
    // The clock starts at 09:00 UTC on the 23rd.
    for hours in [5, 38, 39] {
        let id = w.create(json!({ "text": format!("at +{hours}h"), "targets": [{ "socialAccountId": x }] })).await["post"]
            ["id"]
            .clone();
        let at = (start_time() + Duration::hours(hours) + Duration::minutes(30)).to_rfc3339();
        w.app.gql(SCHEDULE).var("i", json!({ "postId": id, "scheduledAt": at })).token(&w.owner.token).send().await;
    }
    let calendar = |zone: &'static str| {
        let app = &w.app;
        let workspace = w.workspace.clone();
        let token = w.owner.token.clone();
        async move {
            app.gql("query($w: ID!, $z: String!) { workspace(id: $w) { calendar(from: \"2026-11-23\", to: \"2026-11-25\", timeZone: $z) { date count } } }")
                .var("w", json!(workspace))
                .var("z", json!(zone))
                .token(&token)
                .send()
                .await
        }
    };
    let utc = calendar("UTC").await;
    assert_eq!(
        utc["data"]["workspace"]["calendar"],
        json!([{ "date": "2026-11-23", "count": 1 }, { "date": "2026-11-24", "count": 1 }, { "date": "2026-11-25", "count": 1 }]),
        "{utc}"
    );
    let berlin = calendar("Europe/Berlin").await;
    assert_eq!(
        berlin["data"]["workspace"]["calendar"],
        json!([{ "date": "2026-11-23", "count": 1 }, { "date": "2026-11-24", "count": 0 }, { "date": "2026-11-25", "count": 2 }])
    );
    assert_eq!(error_code(&calendar("Nowhere/Else").await), Some("BAD_USER_INPUT"));
}

#[tokio::test]
async fn a_page_of_posts_with_every_nested_field_costs_a_fixed_number_of_queries() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let telegram = w.app.connect_telegram(&w.owner, &w.workspace).await;
    let media = w.upload_png().await;
    let page = "query($w: ID!, $n: Int) { workspace(id: $w) { posts(first: $n) { totalCount pageInfo { endCursor } nodes { id text status author { ... on User { displayName } } media { contentType url } platformProblems { field } history { nodes { to } } latestMetrics { views } targets { platform status remoteUrl lastError account { accountName status } latestMetrics { views } } } } } }";
    let mut counts = Vec::new();
    for batch in [5, 20] {
        while w.app.count("posts").await < batch {
            w.create(json!({ "text": "t", "mediaIds": [media], "targets": [{ "socialAccountId": x }, { "socialAccountId": telegram }] })).await;
        }
        let before = w.app.state.statements.load(Ordering::SeqCst);
        let resp =
            w.app.gql(page).var("w", json!(w.workspace)).var("n", json!(batch)).token(&w.owner.token).send().await;
        let after = w.app.state.statements.load(Ordering::SeqCst);
        assert_eq!(
            resp["data"]["workspace"]["posts"]["nodes"].as_array().map(Vec::len),
            Some(batch as usize),
            "{resp}"
        );
        counts.push(after - before);
    }
    assert_eq!(counts[0], counts[1], "queries grew with the page size: {counts:?}");
    assert!(counts[1] <= 14, "{counts:?}");
}

#[tokio::test]
async fn disconnecting_cancels_pending_publishes_and_media_in_use_cannot_be_deleted() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let media = w.upload_png().await;
    let id = w.create(json!({ "text": "soon", "mediaIds": [media], "targets": [{ "socialAccountId": x }] })).await["post"]
        ["id"]
        .clone();
    let at = (start_time() + Duration::hours(1)).to_rfc3339();
    w.app.gql(SCHEDULE).var("i", json!({ "postId": id, "scheduledAt": at })).token(&w.owner.token).send().await;

    let refused = w
        .app
        .gql(
            "mutation($i: DeleteMediaInput!) { deleteMedia(input: $i) { deletedMediaId userErrors { code message } } }",
        )
        .var("i", json!({ "mediaId": media }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(crate::publishing::user_error(&refused, "deleteMedia"), Some("INVALID_STATE"), "{refused}");
    assert!(
        refused["data"]["deleteMedia"]["userErrors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains(id.as_str().unwrap_or("?")),
        "names the post: {refused}"
    );

    w.app
        .gql("mutation($i: DisconnectSocialAccountInput!) { disconnectSocialAccount(input: $i) { revocation } }")
        .var("i", json!({ "socialAccountId": x }))
        .token(&w.owner.token)
        .send()
        .await;
    let post = w.post(&id).await;
    assert_eq!(post["status"], "CANCELLED", "{post}");
    w.app.clock.advance(Duration::hours(2));
    assert_eq!(w.app.publish_due().await.claimed, 0);
    assert!(w.fake.lock().publish_requests.is_empty());
}

#[tokio::test]
async fn posts_sort_by_creation_or_due_time_either_way_and_count_only_when_asked() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    // Created 0, 1, 2, due in the reverse order.
    for (i, hours) in [(0, 30), (1, 20), (2, 10)] {
        let id = w.create(json!({ "text": format!("post {i}"), "targets": [{ "socialAccountId": x }] })).await["post"]
            ["id"]
            .clone();
        let at = (start_time() + Duration::hours(hours)).to_rfc3339();
        w.app.gql(SCHEDULE).var("i", json!({ "postId": id, "scheduledAt": at })).token(&w.owner.token).send().await;
    }
    let page = |order: Value, first: i64, after: Option<String>| {
        let (app, workspace, token) = (&w.app, w.workspace.clone(), w.owner.token.clone());
        async move {
            let resp = app
                .gql("query($w: ID!, $o: PostOrderInput, $n: Int, $a: String) { workspace(id: $w) { posts(orderBy: $o, first: $n, after: $a) { pageInfo { hasNextPage hasPreviousPage endCursor } nodes { text } } } }")
                .var("w", json!(workspace))
                .var("o", order)
                .var("n", json!(first))
                .var("a", json!(after))
                .token(&token)
                .send()
                .await;
            assert!(resp["errors"].is_null(), "{resp}");
            resp["data"]["workspace"]["posts"].clone()
        }
    };
    let texts = |p: &Value| -> Vec<String> {
        p["nodes"].as_array().into_iter().flatten().filter_map(|n| n["text"].as_str().map(str::to_owned)).collect()
    };
    let newest = json!({ "field": "CREATED_AT", "direction": "DESC" });
    let first = page(newest.clone(), 2, None).await;
    assert_eq!(texts(&first), ["post 2", "post 1"]);
    assert_eq!(
        (first["pageInfo"]["hasNextPage"].as_bool(), first["pageInfo"]["hasPreviousPage"].as_bool()),
        (Some(true), Some(false))
    );
    let rest = page(newest, 2, first["pageInfo"]["endCursor"].as_str().map(str::to_owned)).await;
    assert_eq!(texts(&rest), ["post 0"], "the cursor carries on in the same order");
    assert_eq!(rest["pageInfo"]["hasNextPage"], false);

    assert_eq!(
        texts(&page(json!({ "field": "CREATED_AT", "direction": "ASC" }), 10, None).await),
        ["post 0", "post 1", "post 2"]
    );
    assert_eq!(
        texts(&page(json!({ "field": "SCHEDULED_AT", "direction": "ASC" }), 10, None).await),
        ["post 2", "post 1", "post 0"]
    );
    let latest_due = page(json!({ "field": "SCHEDULED_AT", "direction": "DESC" }), 2, None).await;
    assert_eq!(texts(&latest_due), ["post 0", "post 1"]);
    let after = latest_due["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    assert_eq!(texts(&page(json!({ "field": "SCHEDULED_AT", "direction": "DESC" }), 2, after).await), ["post 2"]);

    // The count is one more statement, paid only by a client that selects it.
    let statements = |query: &'static str| {
        let (app, workspace, token) = (&w.app, w.workspace.clone(), w.owner.token.clone());
        async move {
            let before = app.state.statements.load(Ordering::SeqCst);
            let resp = app.gql(query).var("w", json!(workspace)).token(&token).send().await;
            (app.state.statements.load(Ordering::SeqCst) - before, resp)
        }
    };
    let (plain, _) = statements("query($w: ID!) { workspace(id: $w) { posts(first: 2) { nodes { text } } } }").await;
    let (counted, resp) =
        statements("query($w: ID!) { workspace(id: $w) { posts(first: 2) { totalCount nodes { text } } } }").await;
    assert_eq!(resp["data"]["workspace"]["posts"]["totalCount"], 3, "{resp}");
    assert_eq!(counted, plain + 1, "totalCount costs one count, only when selected");
}
