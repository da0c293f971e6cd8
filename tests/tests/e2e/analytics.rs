use crate::publishing::{World, world};
use chrono::Duration;
use compliance::restrictions::{self, Kind};
use entity::{analytics_daily, analytics_schedules, milestones, outbox_emails};
use postwarden::analytics;
use postwarden_tests::{error_code, start_time};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Statement};
use serde_json::{Value, json};

const TARGET_METRICS: &str = "query($id: ID!) { node(id: $id) { ... on Post { latestMetrics { views likes capturedAt } targets { id platform remoteId latestMetrics { views saves } } } } }";

/// A published post to the given platforms; returns its id and each target's remote id.
async fn published(w: &World, targets: &[&str], text: &str) -> (Value, Vec<String>) {
    let mut connections = Vec::new();
    for platform in targets {
        let existing = w
            .app
            .gql("query($w: ID!) { workspace(id: $w) { socialAccounts { nodes { id platform } } } }")
            .var("w", json!(w.workspace))
            .token(&w.owner.token)
            .send()
            .await;
        let found = existing["data"]["workspace"]["socialAccounts"]["nodes"]
            .as_array()
            .and_then(|nodes| nodes.iter().find(|n| n["platform"] == *platform))
            .and_then(|n| n["id"].as_str().map(str::to_owned));
        connections.push(match found {
            Some(id) => id,
            None => w.app.connect(&w.owner, &w.workspace, platform).await,
        });
    }
    let media = if targets.contains(&"PINTEREST") { vec![json!(w.upload_png().await)] } else { vec![] };
    let targets: Vec<Value> = connections.iter().map(|c| json!({ "socialAccountId": c })).collect();
    let id = w.create(json!({ "text": text, "mediaIds": media, "targets": targets })).await["post"]["id"].clone();
    w.now(&id).await;
    w.app.publish_due().await;
    let post = w.app.gql(TARGET_METRICS).var("id", id.clone()).token(&w.owner.token).send().await;
    let remote: Vec<String> = post["data"]["node"]["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| t["remoteId"].as_str().expect("published").to_owned())
        .collect();
    (id, remote)
}

fn set(w: &World, remote: &str, metrics: Value) {
    w.fake.lock().metrics.insert(remote.to_owned(), metrics);
}

#[tokio::test]
async fn metrics_are_pulled_on_a_clock_driven_schedule_into_immutable_snapshots() {
    let w = world().await;
    let (post, remote) = published(&w, &["X"], "Counting").await;
    set(&w, &remote[0], json!({ "views": 100, "likes": 4 }));

    w.app.clock.advance(Duration::minutes(30));
    assert_eq!(analytics::run(&w.app.state).await.expect("runs").pulled, 0, "not due in the first hour");
    w.app.clock.advance(Duration::minutes(31));
    assert_eq!(analytics::run(&w.app.state).await.expect("runs").pulled, 1);
    let seen = w.app.gql(TARGET_METRICS).var("id", post.clone()).token(&w.owner.token).send().await;
    assert_eq!(seen["data"]["node"]["latestMetrics"]["views"], "100", "{seen}");
    assert_eq!(seen["data"]["node"]["targets"][0]["latestMetrics"]["views"], "100");

    // Hourly while fresh…
    set(&w, &remote[0], json!({ "views": 250, "likes": 9 }));
    w.app.clock.advance(Duration::minutes(59));
    assert_eq!(analytics::run(&w.app.state).await.expect("runs").pulled, 0);
    w.app.clock.advance(Duration::minutes(2));
    assert_eq!(analytics::run(&w.app.state).await.expect("runs").pulled, 1);
    // …daily once two days old…
    w.app.clock.advance(Duration::hours(47));
    analytics::run(&w.app.state).await.expect("runs");
    let schedule = analytics_schedules::Entity::find().one(&w.app.state.db).await.expect("query").expect("scheduled");
    assert_eq!(schedule.next_pull_at - schedule.last_pulled_at.expect("pulled"), Duration::days(1));
    // …weekly after thirty days.
    w.app.clock.advance(Duration::days(31));
    analytics::run(&w.app.state).await.expect("runs");
    let schedule = analytics_schedules::Entity::find().one(&w.app.state.db).await.expect("query").expect("scheduled");
    assert_eq!(schedule.next_pull_at - schedule.last_pulled_at.expect("pulled"), Duration::weeks(1));

    let snapshots = w.app.count("analytics_snapshots").await;
    assert_eq!(snapshots, 4, "one immutable row per pull");
}

#[tokio::test]
async fn totals_series_and_rankings_add_up_on_a_known_data_set() {
    let w = world().await;
    let (a, a_remote) = published(&w, &["X", "PINTEREST"], "Post A").await;
    let (b, b_remote) = published(&w, &["X"], "Post B").await;
    let pull = |hours: i64| {
        let w = &w;
        async move {
            w.app.clock.advance(Duration::hours(hours));
            analytics::run(&w.app.state).await.expect("runs")
        }
    };
    // Day one (the 23rd, from 09:00 UTC).
    set(&w, &a_remote[0], json!({ "views": 100, "likes": 10 }));
    set(&w, &a_remote[1], json!({ "views": 50, "saves": 5 }));
    set(&w, &b_remote[0], json!({ "views": 400 }));
    assert_eq!(pull(1).await.pulled, 3);
    set(&w, &a_remote[0], json!({ "views": 300, "likes": 12 }));
    assert_eq!(pull(1).await.pulled, 3);
    // Day two.
    set(&w, &a_remote[0], json!({ "views": 500, "likes": 11 }));
    set(&w, &a_remote[1], json!({ "views": 80, "saves": 6 }));
    set(&w, &b_remote[0], json!({ "views": 1000 }));
    assert_eq!(pull(20).await.pulled, 3);

    let query = "query($w: ID!) { workspace(id: $w) { analytics(from: \"2026-11-23\", to: \"2026-11-24\") {
        totals { platform totals { views likes saves } }
        daily { date gained { views likes } }
        xDaily: daily(platform: X) { date gained { views } }
        topPosts(by: VIEWS, limit: 5) { value post { id text } } } } }";
    let resp = w.app.gql(query).var("w", json!(w.workspace)).token(&w.owner.token).send().await;
    let analytics = &resp["data"]["workspace"]["analytics"];
    assert_eq!(
        analytics["totals"],
        json!([
            { "platform": "PINTEREST", "totals": { "views": "80", "likes": "0", "saves": "6" } },
            { "platform": "X", "totals": { "views": "1500", "likes": "11", "saves": "0" } },
        ]),
        "{resp}"
    );
    assert_eq!(
        analytics["daily"],
        json!([
            { "date": "2026-11-23", "gained": { "views": "750", "likes": "12" } },
            { "date": "2026-11-24", "gained": { "views": "830", "likes": "-1" } },
        ])
    );
    assert_eq!(
        analytics["xDaily"],
        json!([{ "date": "2026-11-23", "gained": { "views": "700" } }, { "date": "2026-11-24", "gained": { "views": "800" } }])
    );
    assert_eq!(
        analytics["topPosts"],
        json!([{ "value": "1000", "post": { "id": b, "text": "Post B" } }, { "value": "580", "post": { "id": a, "text": "Post A" } }])
    );

    let series = w
        .app
        .gql("query($id: ID!, $from: DateTime!, $to: DateTime!) { node(id: $id) { ... on Post { metricsSeries(from: $from, to: $to, bucket: DAY) { at metrics { views } } } } }")
        .var("id", a.clone())
        .var("from", json!(start_time().to_rfc3339()))
        .var("to", json!((start_time() + Duration::days(2)).to_rfc3339()))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(
        series["data"]["node"]["metricsSeries"],
        json!([
            { "at": "2026-11-23T00:00:00.000Z", "metrics": { "views": "350" } },
            { "at": "2026-11-24T00:00:00.000Z", "metrics": { "views": "580" } },
        ]),
        "{series}"
    );

    // A target not pulled inside the range counts with its figures from before it.
    let pin = entity::post_targets::Entity::find()
        .filter(entity::post_targets::Column::RemoteId.eq(a_remote[1].as_str()))
        .one(&w.app.state.db)
        .await
        .expect("query")
        .expect("pinterest target");
    let latest_pin = entity::analytics_snapshots::Entity::find()
        .filter(entity::analytics_snapshots::Column::TargetId.eq(pin.id))
        .order_by_desc(entity::analytics_snapshots::Column::CapturedAt)
        .one(&w.app.state.db)
        .await
        .expect("query")
        .expect("snapshot");
    entity::analytics_snapshots::Entity::delete_by_id(latest_pin.id).exec(&w.app.state.db).await.expect("delete");
    let day_two = w
        .app
        .gql("query($id: ID!, $from: DateTime!, $to: DateTime!) { node(id: $id) { ... on Post { metricsSeries(from: $from, to: $to, bucket: DAY) { at metrics { views } } } } }")
        .var("id", a.clone())
        .var("from", json!("2026-11-24T00:00:00Z"))
        .var("to", json!("2026-11-25T00:00:00Z"))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(
        day_two["data"]["node"]["metricsSeries"],
        json!([{ "at": "2026-11-24T00:00:00.000Z", "metrics": { "views": "550" } }]),
        "X's 500 and Pinterest's 50 from the day before: {day_two}"
    );
}

#[tokio::test]
async fn a_rate_limit_pauses_the_platform_until_it_says() {
    // One pull at a time, so the second has not started when the first is refused.
    let w = crate::publishing::world_with(|c| c.analytics.per_platform_concurrency = 1).await;
    let (_, first) = published(&w, &["X"], "one").await;
    let (_, second) = published(&w, &["X"], "two").await;
    set(&w, &first[0], json!({ "views": 1 }));
    set(&w, &second[0], json!({ "views": 2 }));
    w.fake.lock().analytics_script.push_back(postwarden_tests::fakes::platform::Scripted::Status {
        status: 429,
        body: json!({ "title": "Too Many Requests" }),
        retry_after: Some(900),
    });
    w.app.clock.advance(Duration::minutes(61));
    let report = analytics::run(&w.app.state).await.expect("runs");
    assert_eq!((report.pulled, report.rate_limited), (0, 2), "{report:?}");
    assert_eq!(w.fake.lock().metrics_requests.len(), 1, "the second pull waited");
    let next = analytics_schedules::Entity::find().all(&w.app.state.db).await.expect("schedules");
    assert!(next.iter().any(|s| s.next_pull_at >= w.app.clock_now() + Duration::seconds(900)), "Retry-After respected");
    w.app.clock.advance(Duration::minutes(16));
    assert_eq!(analytics::run(&w.app.state).await.expect("runs").pulled, 2);
}

#[tokio::test]
async fn a_rate_limit_holds_back_later_runs_too() {
    // One pull per run, so the second target is still waiting when the platform says stop.
    let w = crate::publishing::world_with(|c| c.analytics.batch_size = 1).await;
    let (_, first) = published(&w, &["X"], "one").await;
    let (_, second) = published(&w, &["X"], "two").await;
    set(&w, &first[0], json!({ "views": 1 }));
    set(&w, &second[0], json!({ "views": 2 }));
    w.fake.lock().analytics_script.push_back(postwarden_tests::fakes::platform::Scripted::Status {
        status: 429,
        body: json!({ "title": "Too Many Requests" }),
        retry_after: Some(600),
    });
    w.app.clock.advance(Duration::minutes(61));
    let report = analytics::run(&w.app.state).await.expect("runs");
    assert_eq!((report.pulled, report.rate_limited), (0, 1), "{report:?}");
    for _ in 0..3 {
        w.app.clock.advance(Duration::minutes(1));
        assert_eq!(analytics::run(&w.app.state).await.expect("runs").pulled, 0);
    }
    assert_eq!(w.fake.lock().metrics_requests.len(), 1, "nobody asked again before the ten minutes were up");
    w.app.clock.advance(Duration::minutes(8));
    let pulled: u64 = [analytics::run(&w.app.state).await, analytics::run(&w.app.state).await]
        .into_iter()
        .map(|r| r.expect("runs").pulled)
        .sum();
    assert_eq!(pulled, 2);
}

#[tokio::test]
async fn a_restricted_subject_is_not_pulled_until_the_restriction_lifts() {
    let w = world().await;
    let (_, remote) = published(&w, &["X"], "private").await;
    set(&w, &remote[0], json!({ "views": 10 }));
    let author =
        postwarden::service::roles::user_by_email(&postwarden::service::Svc::system(&w.app.state), "owner@example.com")
            .await
            .expect("author");
    restrictions::record(&w.app.state.db, w.app.clock.as_ref(), author.id, Kind::Restriction)
        .await
        .expect("restricted");
    w.app.clock.advance(Duration::minutes(61));
    let report = analytics::run(&w.app.state).await.expect("runs");
    assert_eq!((report.pulled, report.restricted), (0, 1));
    assert!(w.fake.lock().metrics_requests.is_empty(), "nothing was asked of the platform");

    restrictions::lift(&w.app.state.db, w.app.clock.as_ref(), author.id).await.expect("lifted");
    w.app.clock.advance(Duration::hours(1));
    assert_eq!(analytics::run(&w.app.state).await.expect("runs").pulled, 1);
}

#[tokio::test]
async fn milestone_alerts_go_once_per_threshold_and_only_with_consent() {
    let w = world().await;
    let consent = w
        .app
        .gql("mutation($i: SetConsentInput!) { setConsent(input: $i) { __typename } }")
        .var("i", json!({ "purposeKey": "milestone_alerts", "granted": true }))
        .token(&w.owner.token)
        .send()
        .await;
    assert!(consent["errors"].is_null(), "{consent}");
    let (_, remote) = published(&w, &["X"], "Going viral").await;

    let pull_with = |views: i64| {
        let w = &w;
        let remote = remote[0].clone();
        async move {
            set(w, &remote, json!({ "views": views }));
            w.app.clock.advance(Duration::hours(1));
            analytics::run(&w.app.state).await.expect("runs");
        }
    };
    let milestone_mail = || async {
        outbox_emails::Entity::find()
            .filter(outbox_emails::Column::Kind.eq("analytics.milestone"))
            .all(&w.app.state.db)
            .await
            .expect("outbox")
    };
    pull_with(1_500).await;
    let mails = milestone_mail().await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("1,000"), "{}", mails[0].subject);
    pull_with(1_800).await;
    assert_eq!(milestone_mail().await.len(), 1, "never twice for the same threshold");
    pull_with(12_000).await;
    let mails = milestone_mail().await;
    assert_eq!(mails.len(), 2);
    assert!(mails[1].subject.contains("10,000"));

    // An editor who never consented: the milestone is noted, no mail is sent.
    let editor = w.app.signup("editor@example.com").await;
    w.app.add_member(&w.owner, &w.workspace, &editor, "EDITOR").await;
    let x = w
        .app
        .gql("query($w: ID!) { workspace(id: $w) { socialAccounts { nodes { id } } } }")
        .var("w", json!(w.workspace))
        .token(&editor.token)
        .send()
        .await["data"]["workspace"]["socialAccounts"]["nodes"][0]["id"]
        .clone();
    let created = w
        .app
        .gql("mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }")
        .var(
            "i",
            json!({ "workspaceId": w.workspace, "content": { "text": "quiet", "targets": [{ "socialAccountId": x }] } }),
        )
        .token(&editor.token)
        .send()
        .await;
    let id = created["data"]["createPost"]["post"]["id"].clone();
    w.app
        .gql("mutation($i: PublishPostNowInput!) { publishPostNow(input: $i) { post { id } } }")
        .var("i", json!({ "postId": id }))
        .token(&editor.token)
        .send()
        .await;
    w.app.publish_due().await;
    let quiet_remote = w.fake.lock().posts.iter().find(|p| p.text == "quiet").map(|p| p.id.clone()).expect("published");
    set(&w, &quiet_remote, json!({ "views": 5_000 }));
    w.app.clock.advance(Duration::hours(1));
    analytics::run(&w.app.state).await.expect("runs");
    assert_eq!(milestone_mail().await.len(), 2, "no mail without consent");
    let noted = milestones::Entity::find()
        .filter(milestones::Column::Notified.eq(false))
        .count(&w.app.state.db)
        .await
        .expect("count");
    assert!(noted >= 1, "the milestone was recorded without an alert");
}

#[tokio::test]
async fn a_revoked_token_stops_pulls_and_asks_for_a_reconnect() {
    let w = world().await;
    let (_, remote) = published(&w, &["X"], "soon revoked").await;
    set(&w, &remote[0], json!({ "views": 3 }));
    w.fake.lock().forget_access_tokens();
    w.app.clock.advance(Duration::minutes(61));
    assert_eq!(analytics::run(&w.app.state).await.expect("runs").needs_reauth, 1);
    let asked = w.fake.lock().metrics_requests.len();
    w.app.clock.advance(Duration::days(3));
    analytics::run(&w.app.state).await.expect("runs");
    assert_eq!(w.fake.lock().metrics_requests.len(), asked, "no pulls on a connection that needs reconnecting");
    let connections = w
        .app
        .gql("query($w: ID!) { workspace(id: $w) { socialAccounts { nodes { status } } } }")
        .var("w", json!(w.workspace))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(connections["data"]["workspace"]["socialAccounts"]["nodes"][0]["status"], "NEEDS_REAUTH");
}

#[tokio::test]
async fn anonymous_aggregates_outlive_the_post_and_others_see_nothing() {
    let w = world().await;
    let (post, remote) = published(&w, &["X"], "ephemeral").await;
    set(&w, &remote[0], json!({ "views": 777 }));
    w.app.clock.advance(Duration::minutes(61));
    analytics::run(&w.app.state).await.expect("runs");

    let outsider = w.app.signup("outsider@example.com").await;
    w.app.create_workspace(&outsider, "Elsewhere").await;
    let query = "query($w: ID!) { workspace(id: $w) { analytics(from: \"2026-11-23\", to: \"2026-11-23\") { totals { totals { views } } } } }";
    let refused = w.app.gql(query).var("w", json!(w.workspace)).token(&outsider.token).send().await;
    assert_eq!(error_code(&refused), Some("NOT_FOUND"));
    let key = w
        .app
        .gql("mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }")
        .var("i", json!({ "workspaceId": w.workspace, "name": "content only", "scopes": ["CONTENT_READ"] }))
        .token(&w.owner.token)
        .send()
        .await["data"]["createApiKey"]["secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(error_code(&w.app.gql(query).var("w", json!(w.workspace)).token(&key).send().await), Some("FORBIDDEN"));
    let metrics = w.app.gql(TARGET_METRICS).var("id", post.clone()).token(&key).send().await;
    assert_eq!(error_code(&metrics), Some("FORBIDDEN"), "{metrics}");

    // Erasing the post (as erasure will) leaves only the anonymous daily figures.
    let db = &w.app.state.db;
    let post_uuid = postwarden::graphql::relay::GlobalId::expect(
        "id",
        &async_graphql::ID(post.as_str().unwrap_or_default().to_owned()),
        postwarden::graphql::relay::NodeKind::Post,
    )
    .expect("id");
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        if db.get_database_backend() == sea_orm::DbBackend::Postgres {
            "DELETE FROM posts WHERE id = $1"
        } else {
            "DELETE FROM posts WHERE id = ?"
        },
        [post_uuid.into()],
    ))
    .await
    .expect("deleted");
    assert_eq!(w.app.count("analytics_snapshots").await, 0);
    assert_eq!(w.app.count("analytics_latest").await, 0);
    let kept = analytics_daily::Entity::find().all(db).await.expect("aggregates");
    assert_eq!(kept.iter().map(|d| d.views).sum::<i64>(), 777);
    let totals = w.app.gql(query).var("w", json!(w.workspace)).token(&w.owner.token).send().await;
    assert_eq!(totals["data"]["workspace"]["analytics"]["totals"][0]["totals"]["views"], "777");
}

#[tokio::test]
async fn youtube_reports_watch_time_subscribers_and_revenue_only_where_granted() {
    let w = world().await;
    let youtube = w.app.connect(&w.owner, &w.workspace, "YOUTUBE").await;
    let (_, uploaded) = w.app.upload(&w.owner.token, &w.workspace, "clip.mp4", postwarden_tests::mp4()).await;
    let video = uploaded["data"]["uploadMedia"]["media"]["id"].clone();
    let target = json!({ "socialAccountId": youtube, "title": "Behind the scenes", "visibility": "UNLISTED" });
    let id = w.create(json!({ "text": "A look inside", "mediaIds": [video], "targets": [target] })).await["post"]["id"]
        .clone();
    w.now(&id).await;
    assert_eq!(w.app.publish_due().await.published, 1);
    const METRICS: &str = "query($id: ID!) { node(id: $id) { ... on Post { targets { remoteId latestMetrics { views watchTimeSeconds followerDelta revenue { currency amountMicros } } } } } }";
    let remote = w.app.gql(METRICS).var("id", id.clone()).token(&w.owner.token).send().await["data"]["node"]["targets"]
        [0]["remoteId"]
        .as_str()
        .expect("published")
        .to_owned();

    // Not a partner channel: the revenue report is refused, the rest still counts.
    set(&w, &remote, json!({ "views": 1200, "minutes": 90.5, "subscribers_gained": 7, "subscribers_lost": 2 }));
    w.app.clock.advance(Duration::hours(1));
    let report = analytics::run(&w.app.state).await.expect("runs");
    assert_eq!((report.pulled, report.failed), (1, 0), "{report:?}");
    let seen = w.app.gql(METRICS).var("id", id.clone()).token(&w.owner.token).send().await;
    assert_eq!(
        seen["data"]["node"]["targets"][0]["latestMetrics"],
        json!({ "views": "1200", "watchTimeSeconds": "5430", "followerDelta": "5", "revenue": [] }),
        "{seen}"
    );

    set(
        &w,
        &remote,
        json!({ "views": 2000, "minutes": 120, "subscribers_gained": 9, "subscribers_lost": 2, "revenue": 1.25 }),
    );
    w.app.clock.advance(Duration::hours(1));
    assert_eq!(analytics::run(&w.app.state).await.expect("runs").pulled, 1);
    let seen = w.app.gql(METRICS).var("id", id.clone()).token(&w.owner.token).send().await;
    assert_eq!(
        seen["data"]["node"]["targets"][0]["latestMetrics"],
        json!({ "views": "2000", "watchTimeSeconds": "7200", "followerDelta": "7",
                "revenue": [{ "currency": "USD", "amountMicros": "1250000" }] }),
        "{seen}"
    );
}

#[tokio::test]
async fn snapshots_go_after_two_years_and_the_anonymous_aggregates_stay() {
    let mut w = world().await;
    let (_, old) = published(&w, &["X"], "Old news").await;
    set(&w, &old[0], json!({ "views": 100 }));
    w.app.clock.advance(Duration::hours(1));
    assert_eq!(analytics::run(&w.app.state).await.expect("runs").pulled, 1);

    w.app.clock.advance(Duration::days(700));
    let login = w.app.login(&w.owner.email, postwarden_tests::PASSWORD).await;
    w.owner.token = login["data"]["login"]["sessionToken"].as_str().expect("signed in again").to_owned();
    let (_, fresh) = published(&w, &["X"], "Fresh news").await;
    set(&w, &fresh[0], json!({ "views": 40 }));
    w.app.clock.advance(Duration::hours(1));
    assert_eq!(analytics::run(&w.app.state).await.expect("runs").pulled, 1, "the old post stopped being pulled");
    let daily_rows = w.app.count("analytics_daily").await;
    assert!(daily_rows >= 2);

    // The first post's snapshot is now past two years; the second's is 40 days old.
    w.app.clock.advance(Duration::days(40));
    let report = postwarden::jobs::housekeeping::run(&w.app.state).await.expect("runs");
    assert_eq!((report.analytics.snapshots, report.analytics.latest), (1, 1), "{report:?}");
    let left = entity::analytics_snapshots::Entity::find().all(&w.app.state.db).await.expect("query");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].views, 40, "the young snapshot stays");
    assert_eq!(w.app.count("analytics_latest").await, 1);
    assert_eq!(w.app.count("analytics_daily").await, daily_rows, "aggregates hold no person and stay");

    let audit = w.app.audit_entries("retention.analytics.swept").await;
    assert_eq!(audit.len(), 1, "one entry per sweep that removed something");
    let detail: Value = serde_json::from_str(&audit[0].detail).expect("json");
    assert_eq!((detail["snapshots"].as_u64(), detail["latest"].as_u64()), (Some(1), Some(1)), "{detail}");
    let again = postwarden::jobs::housekeeping::run(&w.app.state).await.expect("runs");
    assert_eq!(again.analytics.snapshots, 0);
    assert_eq!(w.app.audit_entries("retention.analytics.swept").await.len(), 1, "nothing removed, nothing logged");
}
