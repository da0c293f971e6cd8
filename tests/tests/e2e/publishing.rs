use chrono::Duration;
use postwarden_tests::{
    PNG, Session, TestApp,
    fakes::platform::{FakePlatform, Scripted},
};
use serde_json::{Value, json};

const CREATE: &str = "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id status targets { id platform status } platformProblems { field code message } } userErrors { field code message } } }";
const SCHEDULE: &str = "mutation($i: SchedulePostInput!) { schedulePost(input: $i) { post { id status scheduledAt timeZone } userErrors { field code message } } }";
const NOW: &str = "mutation($i: PublishPostNowInput!) { publishPostNow(input: $i) { post { id status } userErrors { field code message } } }";
const CANCEL: &str = "mutation($i: CancelPostInput!) { cancelPost(input: $i) { post { status targets { status nextAttemptAt } } userErrors { code } } }";
const POST: &str = "query($id: ID!) { node(id: $id) { ... on Post { status publishedAt media { url purgedAt } history(first: 100) { nodes { from to reason } } targets { id status attempts remoteId remoteUrl lastError nextAttemptAt } } } }";

/// The code of the first user error a mutation answered with.
pub fn user_error<'a>(resp: &'a Value, mutation: &str) -> Option<&'a str> {
    resp["data"][mutation]["userErrors"][0]["code"].as_str()
}

/// The field path of the first user error a mutation answered with.
pub fn user_field(resp: &Value, mutation: &str) -> Value {
    resp["data"][mutation]["userErrors"][0]["field"].clone()
}

pub struct World {
    pub app: TestApp,
    pub fake: FakePlatform,
    pub owner: Session,
    pub workspace: String,
}

pub async fn world() -> World {
    world_with(|_| {}).await
}

pub async fn world_with(adjust: impl FnOnce(&mut postwarden::config::Config)) -> World {
    let fake = FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| {
        fake.configure(c);
        adjust(c);
    })
    .await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    World { app, fake, owner, workspace }
}

impl World {
    pub async fn create(&self, content: Value) -> Value {
        let resp = self
            .app
            .gql(CREATE)
            .var("i", json!({ "workspaceId": self.workspace, "content": content }))
            .token(&self.owner.token)
            .send()
            .await;
        assert!(resp["errors"].is_null(), "{resp}");
        resp["data"]["createPost"].clone()
    }

    pub async fn post(&self, id: &Value) -> Value {
        self.app.gql(POST).var("id", id.clone()).token(&self.owner.token).send().await["data"]["node"].clone()
    }

    pub async fn now(&self, id: &Value) -> Value {
        self.app.gql(NOW).var("i", json!({ "postId": id })).token(&self.owner.token).send().await
    }

    pub async fn upload_jpeg(&self) -> String {
        let (_, resp) =
            self.app.upload(&self.owner.token, &self.workspace, "p.jpg", postwarden_tests::JPEG.to_vec()).await;
        resp["data"]["uploadMedia"]["media"]["id"].as_str().unwrap_or_else(|| panic!("{resp}")).to_owned()
    }

    pub async fn upload_png(&self) -> String {
        let (_, resp) = self.app.upload(&self.owner.token, &self.workspace, "p.png", PNG.to_vec()).await;
        resp["data"]["uploadMedia"]["media"]["id"].as_str().expect("media").to_owned()
    }
}

#[tokio::test]
async fn a_scheduled_post_goes_out_when_due_and_its_media_copies_are_removed() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let telegram = w.app.connect_telegram(&w.owner, &w.workspace).await;
    let image = w.upload_png().await;
    let created = w
        .create(json!({
            "text": "Launch day",
            "hashtags": ["launch"],
            "mediaIds": [image],
            "targets": [{ "socialAccountId": x }, { "socialAccountId": telegram, "text": "Launch day, in the channel" }],
        }))
        .await;
    let id = created["post"]["id"].clone();
    assert_eq!(created["post"]["platformProblems"], json!([]));

    let at = (postwarden_tests::start_time() + Duration::hours(1)).to_rfc3339();
    let scheduled = w
        .app
        .gql(SCHEDULE)
        .var("i", json!({ "postId": id, "scheduledAt": at, "timeZone": "Europe/Berlin" }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(scheduled["data"]["schedulePost"]["post"]["status"], "SCHEDULED", "{scheduled}");
    assert_eq!(scheduled["data"]["schedulePost"]["post"]["timeZone"], "Europe/Berlin");

    assert_eq!(w.app.publish_due().await.claimed, 0, "not due yet");
    w.app.clock.advance(Duration::minutes(61));
    let report = w.app.publish_due().await;
    assert_eq!((report.published, report.failed), (2, 0), "{report:?}");

    let post = w.post(&id).await;
    assert_eq!(post["status"], "PUBLISHED");
    let targets = post["targets"].as_array().cloned().unwrap_or_default();
    assert!(targets.iter().all(|t| t["status"] == "PUBLISHED" && t["remoteId"].is_string()), "{post}");
    assert!(targets[0]["remoteUrl"].as_str().is_some_and(|u| u.starts_with("https://x.com/i/status/x-")));
    let tos: Vec<&str> =
        post["history"]["nodes"].as_array().into_iter().flatten().filter_map(|h| h["to"].as_str()).collect();
    assert!(tos.starts_with(&["DRAFT", "SCHEDULED"]) && tos.ends_with(&["PUBLISHED"]), "{tos:?}");

    {
        let fake = w.fake.lock();
        assert_eq!(fake.posts.len(), 2);
        let tweet = fake.posts.iter().find(|p| p.platform == "x").expect("tweeted");
        assert_eq!(tweet.text, "Launch day\n\n#launch");
        assert!(tweet.idempotency_key.as_deref().is_some_and(|k| k.starts_with("pw-")));
        assert_eq!(fake.media_fetches, vec![200], "Telegram pulled the image through its signed URL");
    }
    // No copy is kept once everything is out; the metadata stays.
    assert!(post["media"][0]["url"].is_null());
    assert!(post["media"][0]["purgedAt"].is_string());
    let objects = std::fs::read_dir(w.app.data_dir.join("media"))
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().is_dir())
                .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten())
                .count()
        })
        .unwrap_or(0);
    assert_eq!(objects, 0, "media objects remain in storage");
    let mails = entity::outbox_emails::Entity::find().all(&w.app.state.db).await.expect("outbox");
    assert!(mails.iter().any(|m| m.kind == "publish.confirmation" && m.to_address == "owner@example.com"));
}

use sea_orm::EntityTrait;

#[tokio::test]
async fn a_rate_limit_is_waited_out_and_then_the_post_goes_out_once() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let created = w.create(json!({ "text": "Hello", "targets": [{ "socialAccountId": x }] })).await;
    let id = created["post"]["id"].clone();
    w.fake.lock().script.push_back(Scripted::Status {
        status: 429,
        body: json!({ "title": "Too Many Requests" }),
        retry_after: Some(120),
    });
    w.now(&id).await;

    let first = w.app.publish_due().await;
    assert_eq!(first.retrying, 1, "{first:?}");
    let target = w.post(&id).await["targets"][0].clone();
    assert_eq!((target["status"].as_str(), target["attempts"].as_i64()), (Some("SCHEDULED"), Some(1)));
    let next =
        chrono::DateTime::parse_from_rfc3339(target["nextAttemptAt"].as_str().expect("retry time")).expect("time");
    assert!(next >= postwarden_tests::start_time() + Duration::seconds(120), "Retry-After respected: {next}");

    assert_eq!(w.app.publish_due().await.claimed, 0, "not before the retry time");
    w.app.clock.advance(Duration::minutes(3));
    assert_eq!(w.app.publish_due().await.published, 1);
    let fake = w.fake.lock();
    assert_eq!(fake.publish_requests.len(), 2);
    assert_eq!(fake.posts.len(), 1);
    assert_eq!(fake.publish_requests[0].idempotency_key, fake.publish_requests[1].idempotency_key);
}

#[tokio::test]
async fn queueing_again_sends_only_what_has_not_gone_out() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let linkedin = w.app.connect(&w.owner, &w.workspace, "LINKEDIN").await;
    let created = w
        .create(json!({ "text": "Twice?", "targets": [{ "socialAccountId": x }, { "socialAccountId": linkedin }] }))
        .await;
    let id = created["post"]["id"].clone();
    // Whichever platform is asked first throttles; the other publishes.
    w.fake.lock().script.push_back(Scripted::Status { status: 429, body: json!({}), retry_after: Some(600) });
    w.now(&id).await;
    let first = w.app.publish_due().await;
    assert_eq!((first.published, first.retrying), (1, 1), "{first:?}");
    let post = w.post(&id).await;
    assert_eq!(post["status"], "SCHEDULED", "one target still waits: {post}");
    let went_through = post["history"]["nodes"].as_array().expect("history").iter().any(|h| h["to"] == "PUBLISHING");
    assert!(went_through, "the post showed it was being sent: {}", post["history"]);

    let again = w.now(&id).await;
    assert_eq!(again["data"]["publishPostNow"]["post"]["status"], "SCHEDULED", "{again}");
    let rescheduled = w
        .app
        .gql(SCHEDULE)
        .var("i", json!({ "postId": id, "scheduledAt": (w.app.clock_now() + Duration::hours(1)).to_rfc3339() }))
        .token(&w.owner.token)
        .send()
        .await;
    assert!(rescheduled["errors"].is_null(), "{rescheduled}");
    let targets = w.post(&id).await["targets"].clone();
    let published = targets.as_array().expect("targets").iter().filter(|t| t["status"] == "PUBLISHED").count();
    assert_eq!(published, 1, "a published target stays published: {targets}");

    w.app.clock.advance(Duration::hours(2));
    assert_eq!(w.app.publish_due().await.published, 1);
    assert_eq!(w.app.publish_due().await.claimed, 0);
    {
        let fake = w.fake.lock();
        assert_eq!(fake.posts.len(), 2, "one post per platform, none twice");
        assert_eq!(fake.publish_requests.len(), 3, "the throttled send, the first success, the retry");
    }
    assert_eq!(w.post(&id).await["status"], "PUBLISHED");
}

#[tokio::test]
async fn a_file_type_the_platform_does_not_take_is_a_problem_before_anything_is_sent() {
    let w = world().await;
    let instagram = w.app.connect(&w.owner, &w.workspace, "INSTAGRAM").await;
    let png = w.upload_png().await;
    let created =
        w.create(json!({ "text": "Square", "mediaIds": [png], "targets": [{ "socialAccountId": instagram }] })).await;
    let problems = created["post"]["platformProblems"].as_array().cloned().unwrap_or_default();
    assert_eq!(problems.len(), 1, "{created}");
    assert_eq!(problems[0]["field"], json!(["targets", "0", "mediaIds"]));
    assert_eq!(problems[0]["code"], "PLATFORM_RULE");
    assert!(problems[0]["message"].as_str().unwrap_or_default().contains("image/png"), "{created}");
    let refused = w.now(&created["post"]["id"]).await;
    assert_eq!(user_error(&refused, "publishPostNow"), Some("PLATFORM_RULE"), "{refused}");
    assert!(refused["data"]["publishPostNow"]["post"].is_null(), "{refused}");

    let jpeg = w.upload_jpeg().await;
    let created =
        w.create(json!({ "text": "Square", "mediaIds": [jpeg], "targets": [{ "socialAccountId": instagram }] })).await;
    assert_eq!(created["post"]["platformProblems"], json!([]), "{created}");
    w.now(&created["post"]["id"]).await;
    assert_eq!(w.app.publish_due().await.published, 1);
}

#[tokio::test]
async fn a_permanent_refusal_fails_with_the_platforms_words() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let id =
        w.create(json!({ "text": "Hello again", "targets": [{ "socialAccountId": x }] })).await["post"]["id"].clone();
    w.fake.lock().script.push_back(Scripted::Status {
        status: 400,
        body: json!({ "detail": "You are not allowed to create a Tweet with duplicate content." }),
        retry_after: None,
    });
    w.now(&id).await;
    assert_eq!(w.app.publish_due().await.failed, 1);
    let post = w.post(&id).await;
    assert_eq!(post["status"], "FAILED");
    assert_eq!(post["targets"][0]["lastError"], "You are not allowed to create a Tweet with duplicate content.");
    assert_eq!(w.fake.lock().publish_requests.len(), 1, "not retried");
    let mails = entity::outbox_emails::Entity::find().all(&w.app.state.db).await.expect("outbox");
    assert!(mails.iter().any(|m| m.kind == "publish.failed" && m.body.contains("duplicate content")));

    // The author edits on the platform's side and asks for another go.
    let retry = "mutation($i: RetryTargetInput!) { retryTarget(input: $i) { target { status attempts lastError } userErrors { code } } }";
    let target = post["targets"][0]["id"].clone();
    let retried = w.app.gql(retry).var("i", json!({ "targetId": target })).token(&w.owner.token).send().await;
    let again = &retried["data"]["retryTarget"]["target"];
    assert_eq!((again["status"].as_str(), again["attempts"].as_i64()), (Some("SCHEDULED"), Some(0)), "{retried}");
    assert!(again["lastError"].is_null());
    assert_eq!(w.app.publish_due().await.published, 1);
    assert_eq!(w.post(&id).await["status"], "PUBLISHED");
    assert_eq!(w.fake.lock().publish_requests.len(), 2);
    let twice = w.app.gql(retry).var("i", json!({ "targetId": target })).token(&w.owner.token).send().await;
    assert_eq!(user_error(&twice, "retryTarget"), Some("INVALID_STATE"), "a published target is not retried");
}

#[tokio::test]
async fn a_revoked_token_fails_the_target_and_asks_for_a_reconnect() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let id = w.create(json!({ "text": "Hello", "targets": [{ "socialAccountId": x }] })).await["post"]["id"].clone();
    w.now(&id).await;
    w.fake.lock().forget_access_tokens();
    assert_eq!(w.app.publish_due().await.failed, 1);
    let post = w.post(&id).await;
    assert!(post["targets"][0]["lastError"].as_str().unwrap_or_default().contains("reconnect"), "{post}");
    let connection = w
        .app
        .gql("query($id: ID!) { node(id: $id) { ... on SocialAccount { status statusReason } } }")
        .var("id", json!(x))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(connection["data"]["node"]["status"], "NEEDS_REAUTH");
    assert_eq!(connection["data"]["node"]["statusReason"], "token_rejected");
}

#[tokio::test]
async fn a_cancelled_post_sends_nothing_and_leaves_nothing_queued() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let id =
        w.create(json!({ "text": "Never mind", "targets": [{ "socialAccountId": x }] })).await["post"]["id"].clone();
    let at = (postwarden_tests::start_time() + Duration::hours(2)).to_rfc3339();
    w.app.gql(SCHEDULE).var("i", json!({ "postId": id, "scheduledAt": at })).token(&w.owner.token).send().await;
    let cancelled = w.app.gql(CANCEL).var("i", json!({ "postId": id })).token(&w.owner.token).send().await;
    assert_eq!(cancelled["data"]["cancelPost"]["post"]["status"], "CANCELLED", "{cancelled}");
    assert!(cancelled["data"]["cancelPost"]["post"]["targets"][0]["nextAttemptAt"].is_null());
    w.app.clock.advance(Duration::hours(3));
    assert_eq!(w.app.publish_due().await.claimed, 0);
    assert!(w.fake.lock().publish_requests.is_empty());
    let again = w.app.gql(CANCEL).var("i", json!({ "postId": id })).token(&w.owner.token).send().await;
    assert_eq!(user_error(&again, "cancelPost"), Some("INVALID_STATE"), "{again}");
}

#[tokio::test]
async fn scheduling_refuses_the_past_bad_zones_and_every_platform_problem_at_once() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let youtube = w.app.connect(&w.owner, &w.workspace, "YOUTUBE").await;
    let created = w
        .create(
            json!({ "text": "x".repeat(300), "targets": [{ "socialAccountId": x }, { "socialAccountId": youtube }] }),
        )
        .await;
    let fields: Vec<Value> =
        created["post"]["platformProblems"].as_array().into_iter().flatten().map(|p| p["field"].clone()).collect();
    let expected =
        [json!(["targets", "0", "text"]), json!(["targets", "1", "title"]), json!(["targets", "1", "mediaIds"])];
    assert_eq!(fields, expected, "drafts may be incomplete, and are saved: {created}");
    assert_eq!(created["userErrors"], json!([]));
    let id = created["post"]["id"].clone();

    let future = (postwarden_tests::start_time() + Duration::hours(1)).to_rfc3339();
    let refused =
        w.app.gql(SCHEDULE).var("i", json!({ "postId": id, "scheduledAt": future })).token(&w.owner.token).send().await;
    assert!(refused["errors"].is_null(), "{refused}");
    let errors = refused["data"]["schedulePost"]["userErrors"].as_array().cloned().unwrap_or_default();
    let got: Vec<(Value, Value)> = errors.iter().map(|e| (e["code"].clone(), e["field"].clone())).collect();
    let rule = json!("PLATFORM_RULE");
    assert_eq!(got, expected.iter().map(|f| (rule.clone(), f.clone())).collect::<Vec<_>>(), "{refused}");
    assert!(refused["data"]["schedulePost"]["post"].is_null());

    let past = (postwarden_tests::start_time() - Duration::minutes(1)).to_rfc3339();
    let resp =
        w.app.gql(SCHEDULE).var("i", json!({ "postId": id, "scheduledAt": past })).token(&w.owner.token).send().await;
    assert_eq!(user_field(&resp, "schedulePost"), json!(["input", "scheduledAt"]), "{resp}");
    let resp = w
        .app
        .gql(SCHEDULE)
        .var("i", json!({ "postId": id, "scheduledAt": future, "timeZone": "Mars/Olympus" }))
        .token(&w.owner.token)
        .send()
        .await;
    assert_eq!(user_field(&resp, "schedulePost"), json!(["input", "timeZone"]), "{resp}");
    assert_eq!(w.post(&id).await["status"], "DRAFT", "nothing changed");
}

#[tokio::test]
async fn a_media_file_missing_from_storage_fails_the_target_instead_of_stalling_it() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let image = w.upload_png().await;
    let id = w.create(json!({ "text": "Gone", "mediaIds": [image], "targets": [{ "socialAccountId": x }] })).await["post"]
        ["id"]
        .clone();
    // The object disappears from storage (an operator's mistake, a lost bucket).
    let removed = walk_files(&w.app.data_dir.join("media")).into_iter().map(std::fs::remove_file).count();
    assert_eq!(removed, 1);
    w.now(&id).await;

    let report = w.app.publish_due().await;
    assert_eq!((report.failed, report.errors), (1, 0), "{report:?}");
    let post = w.post(&id).await;
    assert_eq!(post["targets"][0]["status"], "FAILED", "{post}");
    assert_eq!(post["targets"][0]["lastError"], "a media file is missing from storage");
    assert!(w.fake.lock().posts.is_empty(), "nothing was sent");
}

fn walk_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|e| if e.path().is_dir() { walk_files(&e.path()) } else { vec![e.path()] })
        .collect()
}

#[tokio::test]
async fn create_post_with_an_idempotency_key_runs_once_and_refuses_the_key_for_other_content() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let input = |text: &str| {
        json!({ "workspaceId": w.workspace, "idempotencyKey": "draft-1",
                "content": { "text": text, "targets": [{ "socialAccountId": x }] } })
    };
    let send = |i: Value| async { w.app.gql(CREATE).var("i", i).token(&w.owner.token).send().await };
    let before = w.app.count("posts").await;
    let first = send(input("Hello")).await;
    let again = send(input("Hello")).await;
    let id = first["data"]["createPost"]["post"]["id"].clone();
    assert!(id.is_string(), "{first}");
    assert_eq!(again["data"]["createPost"]["post"]["id"], id, "the retry gets the same post: {again}");
    assert_eq!(w.app.count("posts").await, before + 1, "one post for two requests");

    let other = send(input("Something else")).await;
    assert_eq!(user_error(&other, "createPost"), Some("IDEMPOTENCY_KEY_REUSED"), "{other}");
    assert_eq!(user_field(&other, "createPost"), json!(["input", "idempotencyKey"]));
    assert!(other["data"]["createPost"]["post"].is_null());
    assert_eq!(w.app.count("posts").await, before + 1);
}

#[tokio::test]
async fn an_account_to_reconnect_is_a_user_error_at_its_target() {
    let w = world().await;
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let created = w.create(json!({ "text": "Hi", "targets": [{ "socialAccountId": x }] })).await;
    let raw = postwarden::graphql::relay::GlobalId::expect(
        "id",
        &async_graphql::ID(x.clone()),
        postwarden::graphql::relay::NodeKind::Connection,
    )
    .expect("a connection id");
    use sea_orm::{ActiveModelTrait, Set};
    entity::connections::ActiveModel {
        id: Set(raw),
        status: Set(entity::sea_orm_active_enums::ConnectionStatus::NeedsReauth),
        ..Default::default()
    }
    .update(&w.app.state.db)
    .await
    .expect("connection marked");
    let refused = w.now(&created["post"]["id"]).await;
    assert_eq!(user_error(&refused, "publishPostNow"), Some("ACCOUNT_NEEDS_RECONNECT"), "{refused}");
    assert_eq!(user_field(&refused, "publishPostNow"), json!(["targets", "0", "socialAccountId"]));
}
