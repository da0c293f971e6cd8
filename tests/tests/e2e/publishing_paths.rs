//! The paths a post takes besides going straight out: retries that give up, backoff that
//! grows, a retried unconfirmed send, editing and deleting drafts, and the webhooks that
//! announce failed and cancelled posts.

use crate::publishing::user_error;
use crate::{
    publishing::{World, world, world_with},
    webhooks::hooked,
};
use chrono::{DateTime, Duration, Utc};
use postwarden_tests::{error_code, fakes::platform::Scripted};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

const SCHEDULE: &str =
    "mutation($i: SchedulePostInput!) { schedulePost(input: $i) { post { id status } userErrors { code } } }";
const CANCEL: &str = "mutation($i: CancelPostInput!) { cancelPost(input: $i) { post { id status } } }";
const RETRY: &str = "mutation($i: RetryTargetInput!) { retryTarget(input: $i) { target { id status attempts lastError nextAttemptAt } userErrors { code } } }";
const CREATE: &str = "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id status } } }";
const UPDATE: &str = "mutation($i: UpdatePostInput!) { updatePost(input: $i) { post { id status text hashtags targets { status } platformProblems { field } } userErrors { code } } }";
const DELETE: &str = "mutation($i: DeletePostInput!) { deletePost(input: $i) { deletedPostId userErrors { code } } }";
const TEXT: &str = "query($id: ID!) { node(id: $id) { ... on Post { id status text hashtags targets { status } } } }";

fn at(value: &Value) -> DateTime<Utc> {
    let text = value.as_str().unwrap_or_else(|| panic!("a time, not {value}"));
    DateTime::parse_from_rfc3339(text).expect("rfc3339").with_timezone(&Utc)
}

fn unavailable() -> Scripted {
    Scripted::Status { status: 503, body: json!({ "title": "Service Unavailable" }), retry_after: None }
}

/// Creates a post for `connection` and queues it to go out now.
async fn queued(w: &World, text: &str, connection: &str) -> Value {
    let id =
        w.create(json!({ "text": text, "targets": [{ "socialAccountId": connection }] })).await["post"]["id"].clone();
    let now = w.now(&id).await;
    assert!(now["errors"].is_null(), "{now}");
    id
}

/// Sends the worker round after round, moving the clock just past each retry time, and
/// returns each round's wait (the retry time less the clock at that round) until the
/// target stops being retried.
async fn retry_until_settled(w: &World, id: &Value, rounds: usize) -> Vec<i64> {
    let mut waits = Vec::new();
    for round in 1..=rounds {
        let report = w.app.publish_due().await;
        assert_eq!(report.claimed, 1, "round {round}: {report:?}");
        let target = w.post(id).await["targets"][0].clone();
        assert_eq!(target["attempts"], json!(round), "round {round}: {target}");
        if target["status"] != "SCHEDULED" {
            assert_eq!(report.failed, 1, "round {round}: {report:?}");
            return waits;
        }
        assert_eq!(report.retrying, 1, "round {round}: {report:?}");
        let next = at(&target["nextAttemptAt"]);
        let wait = (next - w.app.clock_now()).num_seconds();
        waits.push(wait);
        if wait > 0 {
            assert_eq!(w.app.publish_due().await.claimed, 0, "round {round}: nothing before the retry time");
        }
        w.app.clock.advance(next - w.app.clock_now() + Duration::seconds(1));
    }
    panic!("still retrying after {rounds} rounds: {waits:?}");
}

#[tokio::test]
async fn transient_failures_give_up_after_the_attempt_limit() {
    let w = world_with(|c| {
        c.publishing.max_attempts = 3;
        c.publishing.backoff_base_secs = 2;
        c.publishing.backoff_cap_secs = 8;
    })
    .await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    w.fake.lock().script.extend(std::iter::repeat_n(unavailable(), 5));
    let id = queued(&w, "Down all day", &x).await;

    let waits = retry_until_settled(&w, &id, 6).await;
    assert_eq!(waits.len(), 2, "two retries, then it gave up: {waits:?}");

    let post = w.post(&id).await;
    let target = &post["targets"][0];
    assert_eq!((post["status"].as_str(), target["status"].as_str()), (Some("FAILED"), Some("FAILED")), "{post}");
    assert_eq!(target["attempts"], 3);
    assert_eq!(target["lastError"], "gave up after 3 attempts: Service Unavailable");
    assert!(target["nextAttemptAt"].is_null(), "nothing left queued: {target}");
    assert!(target["remoteId"].is_null());
    {
        let fake = w.fake.lock();
        assert_eq!(fake.publish_requests.len(), 3, "one request per attempt, no more");
        assert_eq!(fake.script.len(), 2, "the other scripted answers were never asked for");
        assert!(fake.posts.is_empty());
        let key = fake.publish_requests[0].idempotency_key.clone();
        assert!(key.is_some() && fake.publish_requests.iter().all(|r| r.idempotency_key == key), "one key throughout");
    }
    let attempts = entity::publish_attempts::Entity::find().all(&w.app.state.db).await.expect("attempts");
    assert_eq!(attempts.len(), 3);
    assert!(attempts.iter().all(|a| a.outcome.as_deref() == Some("transient") && a.finished_at.is_some()));

    w.app.clock.advance(Duration::days(1));
    assert_eq!(w.app.publish_due().await.claimed, 0, "a failed target is not picked up again");
    assert_eq!(w.fake.lock().publish_requests.len(), 3);
    let mails = entity::outbox_emails::Entity::find().all(&w.app.state.db).await.expect("outbox");
    assert!(mails.iter().any(|m| m.kind == "publish.failed" && m.body.contains("gave up after 3 attempts")));
}

#[tokio::test]
async fn retries_back_off_longer_each_time_up_to_the_cap() {
    let (base, cap) = (2_i64, 16_i64);
    let w = world_with(|c| {
        c.publishing.max_attempts = 8;
        c.publishing.backoff_base_secs = base;
        c.publishing.backoff_cap_secs = cap;
    })
    .await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    w.fake.lock().script.extend(std::iter::repeat_n(unavailable(), 8));
    let id = queued(&w, "Backing off", &x).await;

    let waits = retry_until_settled(&w, &id, 10).await;
    assert_eq!(waits.len(), 7, "a wait after every attempt but the last: {waits:?}");
    for (n, wait) in waits.iter().enumerate() {
        // The n-th retry waits in the upper half of base·2ⁿ, capped.
        let ceiling = (base << n).min(cap);
        assert!(
            (ceiling / 2..=ceiling).contains(wait),
            "retry {} waited {wait}s, not within {ceiling}/2..={ceiling}: {waits:?}",
            n + 1
        );
        assert!(*wait <= cap, "never past the cap: {waits:?}");
    }
    // Until the cap the ceiling doubles, so no wait is shorter than the one before; at the
    // cap the jitter may go either way.
    for n in 1..waits.len() {
        if (base << n).min(cap) == 2 * (base << (n - 1)).min(cap) {
            assert!(waits[n - 1] <= waits[n], "the waits grow: {waits:?}");
        }
    }
    assert!(waits[0] < *waits.last().expect("waits"), "the last wait is longer than the first: {waits:?}");
    assert!(waits.iter().rev().take(3).all(|w| *w >= cap / 2), "the cap is reached: {waits:?}");

    let target = w.post(&id).await["targets"][0].clone();
    assert_eq!((target["status"].as_str(), target["attempts"].as_i64()), (Some("FAILED"), Some(8)), "{target}");
    assert_eq!(w.fake.lock().publish_requests.len(), 8);
}

#[tokio::test]
async fn retrying_an_unconfirmed_target_sends_it_again_with_the_same_key() {
    let w = world_with(|c| c.publishing.request_timeout_secs = 1).await;
    let telegram = w.app.connect_telegram(&w.owner, &w.workspace).await;
    w.fake.lock().script.push_back(Scripted::SlowSuccess { millis: 2500 });
    let id = queued(&w, "Did it arrive?", &telegram).await;
    assert_eq!(w.app.publish_due().await.unconfirmed, 1);
    let target = w.post(&id).await["targets"][0].clone();
    assert_eq!(target["status"], "UNCONFIRMED", "{target}");
    assert!(target["lastError"].as_str().is_some_and(|e| e.contains("did not answer in time")), "{target}");
    assert_eq!(w.app.publish_due().await.claimed, 0, "not re-sent without a person asking");

    let retried = w.app.gql(RETRY).var("i", json!({ "targetId": target["id"] })).token(&w.owner.token).send().await;
    let again = &retried["data"]["retryTarget"]["target"];
    assert_eq!((again["status"].as_str(), again["attempts"].as_i64()), (Some("SCHEDULED"), Some(0)), "{retried}");
    assert!(again["lastError"].is_null());
    assert_eq!(at(&again["nextAttemptAt"]), w.app.clock_now(), "due at once");
    assert_eq!(w.post(&id).await["status"], "SCHEDULED");

    let report = w.app.publish_due().await;
    assert_eq!((report.claimed, report.published), (1, 1), "{report:?}");
    let post = w.post(&id).await;
    assert_eq!(
        (post["status"].as_str(), post["targets"][0]["status"].as_str()),
        (Some("PUBLISHED"), Some("PUBLISHED"))
    );
    assert!(post["targets"][0]["remoteId"].is_string() && post["targets"][0]["lastError"].is_null(), "{post}");
    {
        let fake = w.fake.lock();
        assert_eq!(fake.publish_requests.len(), 2, "the lost send and the retry");
        assert!(fake.publish_requests.iter().all(|r| r.platform == "telegram"));
        // The Bot API takes no idempotency key; both requests carried the same (none).
        assert_eq!(fake.publish_requests[0].idempotency_key, fake.publish_requests[1].idempotency_key);
    }
    // The worker recorded both attempts under the target's one idempotency key.
    let row = entity::post_targets::Entity::find().one(&w.app.state.db).await.expect("query").expect("target");
    let attempts = entity::publish_attempts::Entity::find()
        .filter(entity::publish_attempts::Column::TargetId.eq(row.id))
        .order_by_asc(entity::publish_attempts::Column::StartedAt)
        .all(&w.app.state.db)
        .await
        .expect("attempts");
    assert_eq!(attempts.len(), 2);
    assert!(attempts.iter().all(|a| a.idempotency_key == row.idempotency_key), "{attempts:?}");
    assert_eq!(attempts.iter().map(|a| a.outcome.as_deref()).collect::<Vec<_>>(), [Some("unknown"), Some("success")]);
    let twice = w.app.gql(RETRY).var("i", json!({ "targetId": target["id"] })).token(&w.owner.token).send().await;
    assert_eq!(user_error(&twice, "retryTarget"), Some("INVALID_STATE"), "a published target is not retried: {twice}");
}

#[tokio::test]
async fn retrying_an_unconfirmed_send_on_x_reuses_its_idempotency_key() {
    let w = world_with(|c| c.publishing.request_timeout_secs = 1).await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    {
        let mut fake = w.fake.lock();
        fake.script.push_back(Scripted::SlowSuccess { millis: 2500 });
        fake.listing_failures = 1;
    }
    let id = queued(&w, "Keyed", &x).await;
    assert_eq!(w.app.publish_due().await.unconfirmed, 1, "the lookup failed, so nobody knows");
    let target = w.post(&id).await["targets"][0].clone();
    assert_eq!(target["status"], "UNCONFIRMED");

    let retried = w.app.gql(RETRY).var("i", json!({ "targetId": target["id"] })).token(&w.owner.token).send().await;
    assert_eq!(retried["data"]["retryTarget"]["target"]["status"], "SCHEDULED", "{retried}");
    assert_eq!(w.app.publish_due().await.published, 1);
    assert_eq!(w.post(&id).await["status"], "PUBLISHED");
    let fake = w.fake.lock();
    assert_eq!(fake.publish_requests.len(), 2);
    let key = fake.publish_requests[0].idempotency_key.clone();
    assert!(key.as_deref().is_some_and(|k| k.starts_with("pw-")), "{key:?}");
    assert_eq!(fake.publish_requests[1].idempotency_key, key, "the platform can tell it is the same post");
}

#[tokio::test]
async fn owners_and_editors_edit_and_delete_drafts_but_not_scheduled_posts() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let telegram = w.app.connect_telegram(&w.owner, &w.workspace).await;
    let editor = w.app.signup("editor@example.com").await;
    w.app.add_member(&w.owner, &w.workspace, &editor, "EDITOR").await;

    let create = |token: String, text: &'static str| {
        let w = &w;
        let x = x.clone();
        async move {
            let resp = w
                .app
                .gql(CREATE)
                .var("i", json!({ "workspaceId": w.workspace, "content": { "text": text, "targets": [{ "socialAccountId": x }] } }))
                .token(&token)
                .send()
                .await;
            assert_eq!(resp["data"]["createPost"]["post"]["status"], "DRAFT", "{resp}");
            resp["data"]["createPost"]["post"]["id"].clone()
        }
    };
    let read = |token: String, id: Value| {
        let w = &w;
        async move { w.app.gql(TEXT).var("id", id).token(&token).send().await }
    };
    let update = |token: String, id: Value, content: Value| {
        let w = &w;
        async move { w.app.gql(UPDATE).var("i", json!({ "postId": id, "content": content })).token(&token).send().await }
    };
    let delete = |token: String, id: Value| {
        let w = &w;
        async move { w.app.gql(DELETE).var("i", json!({ "postId": id })).token(&token).send().await }
    };

    // Each edits a draft the other wrote, and sees the other's edit.
    let owners = create(w.owner.token.clone(), "Owner's first words").await;
    let editors = create(editor.token.clone(), "Editor's first words").await;
    let edited = update(
        editor.token.clone(),
        owners.clone(),
        json!({ "text": "Tightened by the editor", "hashtags": ["edit"], "targets": [{ "socialAccountId": x }, { "socialAccountId": telegram }] }),
    )
    .await;
    let post = &edited["data"]["updatePost"]["post"];
    assert_eq!(post["text"], "Tightened by the editor", "{edited}");
    assert_eq!(post["hashtags"], json!(["edit"]));
    assert_eq!(post["targets"].as_array().map(Vec::len), Some(2), "the targets are replaced: {edited}");
    assert_eq!(post["status"], "DRAFT");
    let seen = read(w.owner.token.clone(), owners.clone()).await;
    assert_eq!(seen["data"]["node"]["text"], "Tightened by the editor", "{seen}");
    assert_eq!(seen["data"]["node"]["targets"], json!([{ "status": "DRAFT" }, { "status": "DRAFT" }]));

    let edited = update(
        w.owner.token.clone(),
        editors.clone(),
        json!({ "text": "Approved by the owner", "targets": [{ "socialAccountId": x }] }),
    )
    .await;
    assert_eq!(edited["data"]["updatePost"]["post"]["text"], "Approved by the owner", "{edited}");
    let seen = read(editor.token.clone(), editors.clone()).await;
    assert_eq!(seen["data"]["node"]["text"], "Approved by the owner", "{seen}");
    assert_eq!(w.app.count("posts").await, 2);
    assert_eq!(w.app.count("post_targets").await, 3);

    // Each deletes a draft; it is gone for everyone, targets and all.
    let gone = delete(editor.token.clone(), owners.clone()).await;
    assert_eq!(gone["data"]["deletePost"]["deletedPostId"], owners, "{gone}");
    let gone = delete(w.owner.token.clone(), editors.clone()).await;
    assert_eq!(gone["data"]["deletePost"]["deletedPostId"], editors, "{gone}");
    for (token, id) in [(&w.owner.token, &owners), (&editor.token, &owners), (&w.owner.token, &editors)] {
        let resp = read(token.clone(), id.clone()).await;
        assert!(error_code(&resp).is_none_or(|c| c == "NOT_FOUND"), "{resp}");
        assert!(resp["data"].is_null() || resp["data"]["node"].is_null(), "{resp}");
    }
    assert_eq!((w.app.count("posts").await, w.app.count("post_targets").await), (0, 0));
    let again = delete(w.owner.token.clone(), owners.clone()).await;
    assert_eq!(error_code(&again), Some("NOT_FOUND"), "{again}");
    let edit_gone = update(w.owner.token.clone(), owners.clone(), json!({ "text": "late", "targets": [] })).await;
    assert_eq!(error_code(&edit_gone), Some("NOT_FOUND"), "{edit_gone}");

    // A scheduled post is neither edited nor deleted, by either of them.
    let scheduled = create(editor.token.clone(), "Tomorrow").await;
    let when = (w.app.clock_now() + Duration::hours(20)).to_rfc3339();
    let resp = w
        .app
        .gql(SCHEDULE)
        .var("i", json!({ "postId": scheduled, "scheduledAt": when }))
        .token(&editor.token)
        .send()
        .await;
    assert_eq!(resp["data"]["schedulePost"]["post"]["status"], "SCHEDULED", "{resp}");
    for token in [&w.owner.token, &editor.token] {
        let refused = delete(token.clone(), scheduled.clone()).await;
        assert_eq!(user_error(&refused, "deletePost"), Some("INVALID_STATE"), "{refused}");
        assert!(refused["data"]["deletePost"]["deletedPostId"].is_null(), "{refused}");
        let refused = update(
            token.clone(),
            scheduled.clone(),
            json!({ "text": "Changed after scheduling", "targets": [{ "socialAccountId": x }] }),
        )
        .await;
        assert_eq!(user_error(&refused, "updatePost"), Some("INVALID_STATE"), "{refused}");
    }
    let still = read(w.owner.token.clone(), scheduled.clone()).await;
    assert_eq!(still["data"]["node"]["status"], "SCHEDULED", "{still}");
    assert_eq!(still["data"]["node"]["text"], "Tomorrow");
    assert_eq!(still["data"]["node"]["targets"], json!([{ "status": "SCHEDULED" }]));

    // Once cancelled it may go.
    let cancelled = w.app.gql(CANCEL).var("i", json!({ "postId": scheduled })).token(&editor.token).send().await;
    assert_eq!(cancelled["data"]["cancelPost"]["post"]["status"], "CANCELLED", "{cancelled}");
    let gone = delete(editor.token.clone(), scheduled.clone()).await;
    assert_eq!(gone["data"]["deletePost"]["deletedPostId"], scheduled, "{gone}");
    assert_eq!(w.app.count("posts").await, 0);
    w.app.clock.advance(Duration::days(1));
    assert_eq!(w.app.publish_due().await.claimed, 0);
    assert!(w.fake.lock().publish_requests.is_empty());
}

#[tokio::test]
async fn failed_and_cancelled_posts_are_announced_to_webhooks() {
    let h = hooked(|_| {}, json!(["POST_FAILED", "POST_CANCELLED"])).await;
    let w = &h.w;

    // A permanent refusal fails the post.
    h.w.fake.lock().script.push_back(Scripted::Status {
        status: 400,
        body: json!({ "detail": "The text is too spicy." }),
        retry_after: None,
    });
    let failed = queued(w, "Spicy take", &h.x).await;
    assert_eq!(w.app.publish_due().await.failed, 1);
    assert_eq!(w.post(&failed).await["status"], "FAILED");
    let report = h.deliver().await;
    assert_eq!((report.claimed, report.delivered), (1, 1), "only post.failed was subscribed to: {report:?}");

    // A scheduled post called off is cancelled.
    let id =
        w.create(json!({ "text": "Maybe later", "targets": [{ "socialAccountId": h.x }] })).await["post"]["id"].clone();
    let when = (w.app.clock_now() + Duration::hours(2)).to_rfc3339();
    let resp =
        w.app.gql(SCHEDULE).var("i", json!({ "postId": id, "scheduledAt": when })).token(&w.owner.token).send().await;
    assert_eq!(resp["data"]["schedulePost"]["post"]["status"], "SCHEDULED", "{resp}");
    let cancelled = w.app.gql(CANCEL).var("i", json!({ "postId": id })).token(&w.owner.token).send().await;
    assert_eq!(cancelled["data"]["cancelPost"]["post"]["status"], "CANCELLED", "{cancelled}");
    let report = h.deliver().await;
    assert_eq!((report.claimed, report.delivered), (1, 1), "{report:?}");
    assert_eq!(h.deliver().await.claimed, 0, "each delivered once");

    let requests = h.receiver.requests();
    assert_eq!(
        requests.iter().map(|r| r.event.as_deref()).collect::<Vec<_>>(),
        [Some("post.failed"), Some("post.cancelled")],
        "nothing else (scheduled, publishing) was sent"
    );
    assert!(requests.iter().all(|r| r.verified), "signed: {requests:?}");
    let body: Value = serde_json::from_str(&requests[0].body).expect("JSON");
    assert_eq!(body["type"], "post.failed");
    assert_eq!(body["data"]["postId"], failed);
    assert_eq!(body["data"]["status"], "FAILED");
    assert_eq!(body["data"]["targets"][0]["status"], "FAILED");
    assert_eq!(body["data"]["targets"][0]["platform"].as_str().map(str::to_lowercase).as_deref(), Some("x"));
    let body: Value = serde_json::from_str(&requests[1].body).expect("JSON");
    assert_eq!(body["type"], "post.cancelled");
    assert_eq!(body["data"]["postId"], id);
    assert_eq!(body["data"]["status"], "CANCELLED");
    assert_eq!(body["data"]["targets"][0]["status"], "CANCELLED");
    assert_eq!(at(&body["data"]["scheduledAt"]), at(&json!(when)));

    let log = h.deliveries().await;
    let summary: Vec<(Value, Value)> = log.iter().map(|d| (d["event"].clone(), d["status"].clone())).collect();
    assert_eq!(
        summary,
        [(json!("POST_FAILED"), json!("DELIVERED")), (json!("POST_CANCELLED"), json!("DELIVERED"))],
        "{log:?}"
    );
}

#[tokio::test]
async fn an_edit_and_a_schedule_at_once_leave_the_post_whole_either_way() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let at = (w.app.clock_now() + Duration::hours(1)).to_rfc3339();
    let mut ids = Vec::new();
    for round in 0..12 {
        let id =
            w.create(json!({ "text": format!("Draft {round}"), "targets": [{ "socialAccountId": x }] })).await["post"]
                ["id"]
                .clone();
        let schedule =
            w.app.gql(SCHEDULE).var("i", json!({ "postId": id, "scheduledAt": at })).token(&w.owner.token).send();
        let update = w
            .app
            .gql(UPDATE)
            .var("i", json!({ "postId": id, "content": { "text": format!("Edited {round}"), "targets": [{ "socialAccountId": x }] } }))
            .token(&w.owner.token)
            .send();
        let (scheduled, edited) = tokio::join!(schedule, update);
        for resp in [&scheduled, &edited] {
            assert!(
                resp["errors"].is_null()
                    && ["schedulePost", "updatePost"].iter().any(|m| {
                        let errors = &resp["data"][m]["userErrors"];
                        errors.as_array().is_some_and(Vec::is_empty) || errors[0]["code"] == "INVALID_STATE"
                    }),
                "each either went through or was refused plainly: {resp}"
            );
        }
        ids.push(id);
    }
    for id in &ids {
        let post = w.app.gql(TEXT).var("id", id.clone()).token(&w.owner.token).send().await["data"]["node"].clone();
        assert_eq!(post["status"], "SCHEDULED", "the schedule always lands (an edit first keeps it a draft): {post}");
        assert!(post["targets"].as_array().is_some_and(|t| t.iter().all(|t| t["status"] == "SCHEDULED")), "{post}");
    }
    w.app.clock.advance(Duration::hours(2));
    assert_eq!(w.app.publish_due().await.published, ids.len() as u64, "every scheduled post goes out");
}
