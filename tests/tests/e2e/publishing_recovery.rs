//! At most once: lost answers, crashed workers and racing workers never send a target twice.

use crate::publishing::world_with;
use chrono::Duration;
use postwarden_tests::fakes::platform::Scripted;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel};
use serde_json::json;

const POST: &str =
    "query($id: ID!) { node(id: $id) { ... on Post { status targets { id status remoteId lastError } } } }";

#[tokio::test]
async fn a_lost_answer_is_resolved_by_asking_the_platform_not_by_sending_again() {
    let w = world_with(|c| c.publishing.request_timeout_secs = 1).await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let id = w.create(json!({ "text": "Slow day", "targets": [{ "socialAccountId": x }] })).await["post"]["id"].clone();
    w.fake.lock().script.push_back(Scripted::SlowSuccess { millis: 2500 });
    w.now(&id).await;
    let report = w.app.publish_due().await;
    assert_eq!(report.published, 1, "the lookup found the post: {report:?}");
    let post = w.app.gql(POST).var("id", id.clone()).token(&w.owner.token).send().await;
    assert_eq!(post["data"]["node"]["status"], "PUBLISHED");
    assert_eq!(w.fake.lock().publish_requests.len(), 1, "sent once");
}

#[tokio::test]
async fn a_platform_that_could_not_be_asked_at_once_is_asked_again_later() {
    let w = world_with(|c| c.publishing.request_timeout_secs = 1).await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let id = w.create(json!({ "text": "Eventually there", "targets": [{ "socialAccountId": x }] })).await["post"]["id"]
        .clone();
    {
        let mut fake = w.fake.lock();
        fake.script.push_back(Scripted::SlowSuccess { millis: 2500 });
        fake.listing_failures = 1;
    }
    w.now(&id).await;
    assert_eq!(w.app.publish_due().await.unconfirmed, 1, "the lookup failed, so nobody knows yet");
    assert_eq!(w.app.reconcile().await.checked, 0, "asked again only once a new post has had time to show");

    w.app.clock.advance(Duration::minutes(5));
    let report = w.app.reconcile().await;
    assert_eq!((report.checked, report.published), (1, 1), "{report:?}");
    let post = w.app.gql(POST).var("id", id.clone()).token(&w.owner.token).send().await;
    let target = &post["data"]["node"]["targets"][0];
    assert_eq!(
        (post["data"]["node"]["status"].as_str(), target["status"].as_str()),
        (Some("PUBLISHED"), Some("PUBLISHED"))
    );
    assert_eq!(target["remoteId"], w.fake.lock().posts[0].id.as_str());
    assert_eq!(w.fake.lock().publish_requests.len(), 1, "sent once");
    w.app.clock.advance(Duration::hours(1));
    assert_eq!(w.app.reconcile().await.checked, 0, "a settled target is not asked about again");
}

#[tokio::test]
async fn a_send_the_platform_never_received_goes_out_once_the_platform_says_so() {
    let w = world_with(|c| c.publishing.request_timeout_secs = 1).await;
    let page = w.app.connect(&w.owner, &w.workspace, "FACEBOOK").await;
    let id =
        w.create(json!({ "text": "Lost in transit", "targets": [{ "socialAccountId": page }] })).await["post"]["id"]
            .clone();
    w.fake.lock().script.push_back(Scripted::SlowFailure { millis: 2500 });
    w.now(&id).await;
    assert_eq!(w.app.publish_due().await.unconfirmed, 1, "right after a timeout, absence proves nothing yet");
    assert_eq!(w.app.publish_due().await.claimed, 0);

    w.app.clock.advance(Duration::minutes(5));
    let report = w.app.reconcile().await;
    assert_eq!((report.checked, report.resent), (1, 1), "{report:?}");
    assert_eq!(w.app.publish_due().await.published, 1);
    let fake = w.fake.lock();
    assert_eq!(fake.publish_requests.len(), 2, "the lost send, then the one that arrived");
    assert_eq!(fake.posts.iter().filter(|p| p.text == "Lost in transit").count(), 1, "on the page once");
}

#[tokio::test]
async fn asking_stops_when_the_window_closes_and_a_person_decides() {
    let w = world_with(|c| c.publishing.request_timeout_secs = 1).await;
    let linkedin = w.app.connect(&w.owner, &w.workspace, "LINKEDIN").await;
    let id = w.create(json!({ "text": "Who knows", "targets": [{ "socialAccountId": linkedin }] })).await["post"]["id"]
        .clone();
    {
        let mut fake = w.fake.lock();
        fake.script.push_back(Scripted::SlowSuccess { millis: 2500 });
        fake.listing_failures = u32::MAX;
    }
    w.now(&id).await;
    let sent = w.app.clock_now();
    assert_eq!(w.app.publish_due().await.unconfirmed, 1);
    let (mut lookups, mut closed) = (0, None);
    for _ in 0..200 {
        w.app.clock.advance(Duration::minutes(30));
        let report = w.app.reconcile().await;
        lookups += report.checked;
        if report.left_to_person == 1 {
            closed = Some(w.app.clock_now());
            break;
        }
        assert_eq!(report.checked, report.waiting, "{report:?}");
    }
    let closed = closed.expect("the window closes");
    assert!(closed - sent >= Duration::hours(24) && closed - sent <= Duration::hours(37), "{}", closed - sent);
    assert!((3..=48).contains(&lookups), "lookups thin out over the day: {lookups}");
    assert_eq!(w.fake.lock().listings as u64, lookups + 1, "each lookup, and the one right after the send, asked");
    w.app.clock.advance(Duration::days(2));
    assert_eq!(w.app.reconcile().await.checked, 0, "after the window only a person settles it");
    let post = w.app.gql(POST).var("id", id.clone()).token(&w.owner.token).send().await;
    assert_eq!(post["data"]["node"]["targets"][0]["status"], "UNCONFIRMED");
    assert_eq!(w.fake.lock().publish_requests.len(), 1, "never re-sent blind");
}

#[tokio::test]
async fn where_the_platform_cannot_be_asked_an_unknown_outcome_waits_for_a_person() {
    let w = world_with(|c| c.publishing.request_timeout_secs = 1).await;
    let telegram = w.app.connect_telegram(&w.owner, &w.workspace).await;
    let image = w.upload_png().await;
    let id = w
        .create(json!({ "text": "Into the void", "mediaIds": [image], "targets": [{ "socialAccountId": telegram }] }))
        .await["post"]["id"]
        .clone();
    w.fake.lock().script.push_back(Scripted::SlowSuccess { millis: 2500 });
    w.now(&id).await;
    assert_eq!(w.app.publish_due().await.unconfirmed, 1);
    w.app.clock.advance(Duration::hours(1));
    assert_eq!(w.app.publish_due().await.claimed, 0, "an unconfirmed target is never re-sent blindly");
    assert_eq!(w.fake.lock().publish_requests.len(), 1);

    let post = w.app.gql(POST).var("id", id.clone()).token(&w.owner.token).send().await;
    let target = post["data"]["node"]["targets"][0].clone();
    assert_eq!(target["status"], "UNCONFIRMED");
    let marked = w
        .app
        .gql("mutation($i: MarkTargetPublishedInput!) { markTargetPublished(input: $i) { target { status } } }")
        .var("i", json!({ "targetId": target["id"], "remoteUrl": "https://t.me/launch/1" }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(marked["data"]["markTargetPublished"]["target"]["status"], "PUBLISHED", "{marked}");
    let post = w.app.gql(POST).var("id", id.clone()).token(&w.owner.token).send().await;
    assert_eq!(post["data"]["node"]["status"], "PUBLISHED");
    // Out is out, whoever confirmed it: no copy of the media is kept.
    assert!(w.post(&id).await["media"][0]["purgedAt"].is_string(), "media kept after a confirmed publish");
}

#[tokio::test]
async fn housekeeping_finishes_a_purge_that_did_not_complete() {
    let w = world_with(|_| {}).await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let image = w.upload_png().await;
    let id =
        w.create(json!({ "text": "Sweep", "mediaIds": [image], "targets": [{ "socialAccountId": x }] })).await["post"]
            ["id"]
            .clone();
    w.now(&id).await;
    assert_eq!(w.app.publish_due().await.published, 1);
    // As if the process stopped between the publish and the purge.
    let row = entity::media::Entity::find().one(&w.app.state.db).await.expect("query").expect("media");
    let mut active = row.into_active_model();
    active.purged_at = sea_orm::Set(None);
    active.update(&w.app.state.db).await.expect("unpurged");

    let report = postwarden::jobs::housekeeping::run(&w.app.state).await.expect("runs");
    assert_eq!(report.media_purged, 1, "{report:?}");
    assert!(w.post(&id).await["media"][0]["purgedAt"].is_string());
    assert_eq!(postwarden::jobs::housekeeping::run(&w.app.state).await.expect("runs").media_purged, 0);
}

#[tokio::test]
async fn a_worker_killed_mid_publish_does_not_publish_twice() {
    let w = world_with(|_| {}).await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let id =
        w.create(json!({ "text": "Crash test", "targets": [{ "socialAccountId": x }] })).await["post"]["id"].clone();
    w.fake.lock().script.push_back(Scripted::SlowSuccess { millis: 3000 });
    w.now(&id).await;

    // The worker dies while the platform is still answering.
    let state = w.app.state.clone();
    let worker = tokio::spawn(async move { postwarden::publishing::run_once(&state, "doomed-worker").await });
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    worker.abort();
    let _ = worker.await;
    let post = w.app.gql(POST).var("id", id.clone()).token(&w.owner.token).send().await;
    assert_eq!(post["data"]["node"]["targets"][0]["status"], "PUBLISHING", "{post}");
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(w.fake.lock().posts.len(), 1, "the platform did publish it");

    // While the lease holds, nobody touches it.
    assert_eq!(w.app.publish_due().await.recovered, 0);
    w.app.clock.advance(Duration::minutes(6));
    let report = w.app.publish_due().await;
    assert_eq!((report.recovered, report.published), (1, 1), "{report:?}");
    let post = w.app.gql(POST).var("id", id).token(&w.owner.token).send().await;
    assert_eq!(post["data"]["node"]["status"], "PUBLISHED");
    let remote = w.fake.lock().posts[0].id.clone();
    assert_eq!(post["data"]["node"]["targets"][0]["remoteId"], remote.as_str());
    assert_eq!(w.fake.lock().publish_requests.len(), 1, "never sent twice");
}

#[tokio::test]
async fn racing_workers_publish_each_target_exactly_once() {
    let w = world_with(|c| c.publishing.batch_size = 5).await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let telegram = w.app.connect_telegram(&w.owner, &w.workspace).await;
    let mut ids = Vec::new();
    for i in 0..15 {
        let id = w.create(json!({ "text": format!("post {i}"), "targets": [{ "socialAccountId": x }, { "socialAccountId": telegram }] })).await["post"]["id"].clone();
        w.now(&id).await;
        ids.push(id);
    }
    let workers: Vec<_> = (0..4)
        .map(|n| {
            let state = w.app.state.clone();
            tokio::spawn(async move { postwarden::jobs::publish_until_idle(&state, &format!("racer-{n}")).await })
        })
        .collect();
    let mut published = 0;
    for worker in workers {
        published += worker.await.expect("joined").expect("worker ran").published;
    }
    assert_eq!(published, 30);
    let fake = w.fake.lock();
    assert_eq!(fake.publish_requests.len(), 30, "one request per target");
    assert_eq!(fake.posts.len(), 30);
    let mut keys: Vec<_> = fake.publish_requests.iter().filter_map(|r| r.idempotency_key.clone()).collect();
    let x_requests = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), x_requests, "no idempotency key sent twice");
}

#[tokio::test]
async fn deleting_from_the_platform_removes_it_or_says_plainly_that_it_cannot() {
    let w = world_with(|_| {}).await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let instagram = w.app.connect(&w.owner, &w.workspace, "INSTAGRAM").await;
    let image = w.upload_jpeg().await;
    let id = w
        .create(json!({ "text": "Gone soon", "mediaIds": [image], "targets": [{ "socialAccountId": x }, { "socialAccountId": instagram }] }))
        .await["post"]["id"]
        .clone();
    w.now(&id).await;
    assert_eq!(w.app.publish_due().await.published, 2);
    let post = w.app.gql(POST).var("id", id).token(&w.owner.token).send().await;
    let targets = post["data"]["node"]["targets"].as_array().cloned().unwrap_or_default();
    let delete = "mutation($i: DeleteFromPlatformInput!) { deleteFromPlatform(input: $i) { target { removedFromPlatformAt } userErrors { code message } } }";

    let removed =
        w.app.gql(delete).var("i", json!({ "targetId": targets[0]["id"] })).token(&w.owner.token).send().await;
    assert!(removed["data"]["deleteFromPlatform"]["target"]["removedFromPlatformAt"].is_string(), "{removed}");
    assert_eq!(w.fake.lock().deletions.len(), 1);
    assert!(w.fake.lock().posts.iter().all(|p| p.platform != "x"), "the tweet is gone at the platform");

    let cannot = w.app.gql(delete).var("i", json!({ "targetId": targets[1]["id"] })).token(&w.owner.token).send().await;
    let errors = &cannot["data"]["deleteFromPlatform"]["userErrors"];
    assert!(errors[0]["code"].is_string(), "{cannot}");
    assert!(errors[0]["message"].as_str().unwrap_or_default().contains("Instagram"), "{cannot}");
    let twice = w.app.gql(delete).var("i", json!({ "targetId": targets[0]["id"] })).token(&w.owner.token).send().await;
    assert_eq!(twice["data"]["deleteFromPlatform"]["userErrors"][0]["code"], "INVALID_STATE", "{twice}");

    // A Telegram album is several messages: removing it removes every one.
    let telegram = w.app.connect_telegram(&w.owner, &w.workspace).await;
    let (first, second) = (w.upload_png().await, w.upload_png().await);
    let album = w
        .create(json!({ "text": "Album", "mediaIds": [first, second], "targets": [{ "socialAccountId": telegram }] }))
        .await["post"]["id"]
        .clone();
    w.now(&album).await;
    assert_eq!(w.app.publish_due().await.published, 1);
    assert_eq!(w.fake.lock().posts.iter().filter(|p| p.platform == "telegram").count(), 2, "two messages");
    let post = w.app.gql(POST).var("id", album).token(&w.owner.token).send().await;
    let target = post["data"]["node"]["targets"][0].clone();
    let removed = w.app.gql(delete).var("i", json!({ "targetId": target["id"] })).token(&w.owner.token).send().await;
    assert!(removed["data"]["deleteFromPlatform"]["target"]["removedFromPlatformAt"].is_string(), "{removed}");
    assert!(w.fake.lock().posts.iter().all(|p| p.platform != "telegram"), "no message of the album stays live");
}
