//! Webhook delivery against a receiver on loopback that verifies every signature: post
//! events arrive signed, failures are retried with backoff, deliveries give up at the limit,
//! a rotated secret signs from then on, redirects are not followed, and a run that overran
//! its lease does not record over the run that took its delivery over.

use crate::publishing::{World, world_with};
use chrono::Duration;
use postwarden::service::webhooks::WebhookReport;
use postwarden_tests::fakes::receiver::{FakeReceiver, verify};
use serde_json::{Value, json};

pub const CREATE: &str = "mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { userErrors { field code } secret webhook { id url events active createdAt secretRotatedAt } } }";
pub const UPDATE: &str = "mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { userErrors { field code } webhook { id url events active } } }";
pub const ROTATE: &str = "mutation($i: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $i) { userErrors { field code } secret webhook { id secretRotatedAt } } }";
pub const DELETE: &str =
    "mutation($i: DeleteWebhookInput!) { deleteWebhook(input: $i) { userErrors { field code } deletedWebhookId } }";
pub const LIST: &str = "query($w: ID!) { workspace(id: $w) { webhooks(first: 5) { totalCount edges { node { id url events active createdAt secretRotatedAt deliveries(last: 20) { totalCount edges { node { deliveryId event status attempts responseStatus lastError payload createdAt nextAttemptAt deliveredAt } } } } } } } }";

pub struct Hooked {
    pub w: World,
    pub receiver: FakeReceiver,
    pub webhook: String,
    pub secret: String,
    pub x: String,
}

pub async fn hooked(adjust: impl FnOnce(&mut postwarden::config::Config), events: Value) -> Hooked {
    let receiver = FakeReceiver::start().await;
    let w = world_with(adjust).await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let created = w
        .app
        .gql(CREATE)
        .var("i", json!({ "workspaceId": w.workspace, "url": receiver.url(), "events": events }))
        .token(&w.owner.token)
        .send()
        .await;
    assert!(created["errors"].is_null(), "{created}");
    let secret = created["data"]["createWebhook"]["secret"].as_str().expect("secret").to_owned();
    receiver.lock().secret = Some(secret.clone());
    let webhook = created["data"]["createWebhook"]["webhook"]["id"].as_str().expect("id").to_owned();
    Hooked { w, receiver, webhook, secret, x }
}

impl Hooked {
    /// Creates a post for the X account, publishes it now, and returns its id.
    pub async fn publish(&self, text: &str) -> Value {
        let id = self.w.create(json!({ "text": text, "targets": [{ "socialAccountId": self.x }] })).await["post"]["id"]
            .clone();
        let now = self.w.now(&id).await;
        assert!(now["errors"].is_null(), "{now}");
        assert_eq!(self.w.app.publish_due().await.published, 1);
        id
    }

    pub async fn deliver(&self) -> WebhookReport {
        postwarden::service::webhooks::run(&self.w.app.state).await.expect("the delivery job runs")
    }

    /// The delivery log of the (first) webhook, oldest first.
    pub async fn deliveries(&self) -> Vec<Value> {
        let resp = self.w.app.gql(LIST).var("w", json!(self.w.workspace)).token(&self.w.owner.token).send().await;
        assert!(resp["errors"].is_null(), "{resp}");
        resp["data"]["workspace"]["webhooks"]["edges"][0]["node"]["deliveries"]["edges"]
            .as_array()
            .map(|edges| edges.iter().map(|e| e["node"].clone()).collect())
            .unwrap_or_default()
    }
}

fn seconds_after_start(at: &Value) -> i64 {
    let at = chrono::DateTime::parse_from_rfc3339(at.as_str().expect("a time")).expect("rfc3339");
    (at.with_timezone(&chrono::Utc) - postwarden_tests::start_time()).num_seconds()
}

#[tokio::test]
async fn a_published_post_reaches_the_receiver_signed() {
    let h = hooked(|_| {}, json!(["POST_PUBLISHED", "POST_FAILED"])).await;
    let post = h.publish("Launch day").await;

    let report = h.deliver().await;
    assert_eq!((report.claimed, report.delivered), (1, 1), "only the subscribed event: {report:?}");
    let requests = h.receiver.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert!(request.verified, "the signature verifies with the secret: {request:?}");
    assert_eq!(request.event.as_deref(), Some("post.published"));
    assert_eq!(request.content_type.as_deref(), Some("application/json"));
    let signature = request.signature.clone().unwrap_or_default();
    assert_eq!(
        signature.split(',').next().and_then(|t| t.strip_prefix("t=")),
        request.timestamp.as_deref(),
        "the signed timestamp is the one in its header"
    );
    assert_eq!(request.timestamp.as_deref(), Some(postwarden_tests::start_time().timestamp().to_string().as_str()));
    let body: Value = serde_json::from_str(&request.body).expect("JSON");
    assert_eq!(body["type"], "post.published");
    assert_eq!(body["id"].as_str(), request.delivery_id.as_deref());
    assert_eq!(body["data"]["postId"], post);
    assert_eq!(body["data"]["status"], "PUBLISHED");
    assert!(!verify("whsec_not-the-secret", &signature, &request.body));

    let log = h.deliveries().await;
    assert_eq!(log.len(), 1);
    let delivery = &log[0];
    assert_eq!(
        (&delivery["event"], &delivery["status"], &delivery["attempts"], &delivery["responseStatus"]),
        (&json!("POST_PUBLISHED"), &json!("DELIVERED"), &json!(1), &json!(200))
    );
    assert_eq!(delivery["payload"].as_str(), Some(request.body.as_str()), "the body exactly as sent");
    assert_eq!(delivery["deliveryId"].as_str(), request.delivery_id.as_deref());
    assert!(
        delivery["deliveredAt"].is_string() && delivery["nextAttemptAt"].is_null() && delivery["lastError"].is_null()
    );
    assert_eq!(h.deliver().await.claimed, 0, "delivered once");
}

#[tokio::test]
async fn a_failing_receiver_is_retried_with_backoff_until_it_answers() {
    let h = hooked(|_| {}, json!(["POST_PUBLISHED"])).await;
    h.receiver.lock().script.extend([500, 503]);
    h.publish("Retry me").await;

    assert_eq!(h.deliver().await.retrying, 1);
    let first = h.deliveries().await[0].clone();
    assert_eq!(
        (&first["status"], &first["attempts"], &first["responseStatus"]),
        (&json!("PENDING"), &json!(1), &json!(500))
    );
    assert_eq!(first["lastError"], "the receiver answered 500");
    let wait = seconds_after_start(&first["nextAttemptAt"]);
    assert!((15..=30).contains(&wait), "first retry after 15–30 s, not {wait}");
    assert_eq!(h.deliver().await.claimed, 0, "nothing before the retry time");

    h.w.app.clock.advance(Duration::seconds(31));
    assert_eq!(h.deliver().await.retrying, 1);
    let second = h.deliveries().await[0].clone();
    assert_eq!((&second["attempts"], &second["responseStatus"]), (&json!(2), &json!(503)));
    let wait = seconds_after_start(&second["nextAttemptAt"]) - 31;
    assert!((30..=60).contains(&wait), "the backoff doubles: {wait}");

    h.w.app.clock.advance(Duration::seconds(61));
    assert_eq!(h.deliver().await.delivered, 1);
    let done = h.deliveries().await[0].clone();
    assert_eq!(
        (&done["status"], &done["attempts"], &done["responseStatus"]),
        (&json!("DELIVERED"), &json!(3), &json!(200))
    );
    assert!(done["lastError"].is_null());
    let requests = h.receiver.requests();
    assert_eq!(requests.iter().map(|r| r.answered).collect::<Vec<_>>(), [500, 503, 200]);
    assert!(requests.iter().all(|r| r.verified), "every try is signed");
    assert!(requests.iter().all(|r| r.delivery_id == requests[0].delivery_id), "one delivery id across retries");
    assert_ne!(requests[0].timestamp, requests[2].timestamp, "each try is signed afresh");
}

#[tokio::test]
async fn a_delivery_gives_up_after_the_limit() {
    let h = hooked(|c| c.webhooks.max_attempts = 3, json!(["POST_PUBLISHED"])).await;
    h.receiver.lock().script.extend([500; 10]);
    h.publish("Nobody listens").await;

    let mut reports = Vec::new();
    for _ in 0..3 {
        reports.push(h.deliver().await);
        h.w.app.clock.advance(Duration::hours(7));
    }
    assert_eq!(reports.iter().map(|r| (r.retrying, r.failed)).collect::<Vec<_>>(), [(1, 0), (1, 0), (0, 1)]);
    let failed = h.deliveries().await[0].clone();
    assert_eq!((&failed["status"], &failed["attempts"]), (&json!("FAILED"), &json!(3)));
    assert_eq!(failed["lastError"], "gave up after 3 attempts: the receiver answered 500");
    assert!(failed["nextAttemptAt"].is_null());
    assert_eq!(h.deliver().await.claimed, 0);
    assert_eq!(h.receiver.requests().len(), 3);
}

#[tokio::test]
async fn a_rotated_secret_signs_from_then_on_and_the_old_one_verifies_nothing() {
    let h = hooked(|_| {}, json!(["POST_PUBLISHED"])).await;
    h.publish("Before").await;
    h.deliver().await;

    let rotated = h.w.app.gql(ROTATE).var("i", json!({ "webhookId": h.webhook })).token(&h.w.owner.token).send().await;
    assert!(rotated["errors"].is_null(), "{rotated}");
    let new_secret = rotated["data"]["rotateWebhookSecret"]["secret"].as_str().expect("new secret").to_owned();
    assert_ne!(new_secret, h.secret);
    assert!(new_secret.starts_with("whsec_"));
    // Queued before the receiver learns the new secret, sent after: signed with the new one.
    h.w.app.clock.advance(Duration::minutes(1));
    h.publish("After").await;
    h.receiver.lock().secret = Some(new_secret.clone());
    assert_eq!(h.deliver().await.delivered, 1);

    let requests = h.receiver.requests();
    assert_eq!(requests.len(), 2);
    let (before, after) = (&requests[0], &requests[1]);
    let signature = |r: &postwarden_tests::fakes::receiver::Request| r.signature.clone().unwrap_or_default();
    assert!(verify(&h.secret, &signature(before), &before.body), "the first was signed with the first secret");
    assert!(after.verified, "the new secret verifies");
    assert!(!verify(&h.secret, &signature(after), &after.body), "the old secret no longer verifies");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let h = hooked(|_| {}, json!(["POST_PUBLISHED"])).await;
    let moved =
        h.w.app
            .gql(UPDATE)
            .var("i", json!({ "webhookId": h.webhook, "url": h.receiver.redirecting_url() }))
            .token(&h.w.owner.token)
            .send()
            .await;
    assert!(moved["errors"].is_null(), "{moved}");
    h.publish("Follow me").await;
    assert_eq!(h.deliver().await.retrying, 1);
    let delivery = h.deliveries().await[0].clone();
    assert_eq!(delivery["responseStatus"], 307);
    assert!(delivery["lastError"].as_str().is_some_and(|e| e.contains("redirects are not followed")), "{delivery}");
    assert!(h.receiver.requests().is_empty(), "the redirect's target was never called");
}

#[tokio::test]
async fn an_inactive_webhook_gets_nothing_and_queued_deliveries_fail() {
    let h = hooked(|_| {}, json!(["POST_SCHEDULED", "POST_PUBLISHED"])).await;
    h.publish("Queued, then switched off").await;
    let off =
        h.w.app
            .gql(UPDATE)
            .var("i", json!({ "webhookId": h.webhook, "active": false, "events": ["POST_PUBLISHED"] }))
            .token(&h.w.owner.token)
            .send()
            .await;
    assert_eq!(off["data"]["updateWebhook"]["webhook"]["active"], false, "{off}");
    assert_eq!(off["data"]["updateWebhook"]["webhook"]["events"], json!(["POST_PUBLISHED"]));
    let report = h.deliver().await;
    assert_eq!(report.failed, 2, "{report:?}");
    let log = h.deliveries().await;
    assert!(
        log.iter()
            .all(|d| d["status"] == "FAILED" && d["lastError"].as_str().is_some_and(|e| e.contains("turned off")))
    );
    h.publish("While off").await;
    assert_eq!(h.deliveries().await.len(), 2, "nothing queued for an inactive webhook");
    assert!(h.receiver.requests().is_empty());
}

#[tokio::test]
async fn a_run_that_overran_its_lease_leaves_the_delivery_to_the_run_that_took_it_over() {
    let h = hooked(|_| {}, json!(["POST_PUBLISHED"])).await;
    h.receiver.lock().stall_next = Some(std::time::Duration::from_secs(3));
    h.publish("Slow receiver").await;

    let state = h.w.app.state.clone();
    let slow = tokio::spawn(async move { postwarden::service::webhooks::run(&state).await });
    for _ in 0..100 {
        if !h.receiver.requests().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(h.deliver().await.claimed, 0, "held while the lease runs");
    h.w.app.clock.advance(Duration::minutes(6));
    let takeover = h.deliver().await;
    assert_eq!((takeover.claimed, takeover.delivered), (1, 1), "{takeover:?}");

    let late = slow.await.expect("joined").expect("ran");
    assert_eq!((late.claimed, late.superseded, late.delivered), (1, 1, 0), "{late:?}");
    let delivery = h.deliveries().await[0].clone();
    assert_eq!((&delivery["status"], &delivery["attempts"]), (&json!("DELIVERED"), &json!(2)));
    let requests = h.receiver.requests();
    assert_eq!(requests.len(), 2, "at least once: the receiver saw it twice");
    assert_eq!(requests[0].delivery_id, requests[1].delivery_id, "with one delivery id to deduplicate on");
}
