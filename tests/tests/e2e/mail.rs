//! The outbox sender: files by default, SMTP against a real (fake) server, retries with
//! backoff, giving up, and a crashed run's mail taken over once its lease runs out.

use chrono::Duration;
use compliance::outbox::{self, NewEmail};
use entity::outbox_emails;
use postwarden::mail::OutboxReport;
use postwarden_tests::{TestApp, fakes::smtp::FakeSmtp};
use sea_orm::EntityTrait;
use uuid::Uuid;

const TO: &str = "ada@example.org";

async fn queue(app: &TestApp, subject: &str) -> Uuid {
    outbox::enqueue(
        &app.state.db,
        app.clock.as_ref(),
        NewEmail {
            user_id: None,
            to_address: TO.into(),
            kind: "policy.notice",
            subject: subject.into(),
            body: "Version 2 of our privacy policy takes effect on 1 January.\n\n.A line that starts with a dot."
                .into(),
        },
    )
    .await
    .expect("queued")
}

async fn row(app: &TestApp, id: Uuid) -> outbox_emails::Model {
    outbox_emails::Entity::find_by_id(id).one(&app.state.db).await.expect("read").expect("row")
}

async fn send(app: &TestApp) -> OutboxReport {
    postwarden::mail::run(&app.state).await.expect("the sender runs")
}

async fn smtp_world(adjust: impl FnOnce(&mut postwarden::config::Config)) -> (TestApp, FakeSmtp) {
    let smtp = FakeSmtp::start().await;
    let app = TestApp::spawn_with(|c| {
        smtp.configure(c);
        adjust(c);
    })
    .await;
    (app, smtp)
}

#[tokio::test]
async fn by_default_each_message_becomes_an_eml_file_and_is_marked_sent() {
    let app = TestApp::spawn().await;
    let id = queue(&app, "Our privacy policy changes").await;

    let report = send(&app).await;
    assert_eq!((report.claimed, report.sent), (1, 1), "{report:?}");
    let file = app.data_dir.join("outbox").join(format!("{id}.eml"));
    let eml = std::fs::read_to_string(&file).expect("the .eml file was written");
    assert!(eml.contains("To: ada@example.org\r\n"), "{eml}");
    assert!(eml.contains("Subject: Our privacy policy changes\r\n"), "{eml}");
    assert!(eml.contains(&format!("Message-ID: <{id}@localhost>\r\n")), "{eml}");
    assert!(eml.contains("\r\n\r\nVersion 2 of our privacy policy"), "headers, a blank line, the body: {eml}");
    let leftovers: Vec<_> = std::fs::read_dir(app.data_dir.join("outbox"))
        .expect("folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "no half-written files remain");

    let sent = row(&app, id).await;
    assert_eq!((sent.status.as_str(), sent.attempts), ("sent", 1));
    assert_eq!(sent.sent_at, Some(postwarden_tests::start_time()));
    assert!(sent.lease_until.is_none() && sent.last_error.is_none());
    assert_eq!(send(&app).await.claimed, 0, "sent once, not again");
}

#[tokio::test]
async fn smtp_delivers_through_a_real_conversation_with_a_login() {
    let (app, smtp) = smtp_world(|_| {}).await;
    let id = queue(&app, "Your post was published").await;

    let report = send(&app).await;
    assert_eq!(report.sent, 1, "{report:?}");
    assert_eq!(row(&app, id).await.status, "sent");
    let fake = smtp.lock();
    assert_eq!(fake.received.len(), 1);
    let mail = &fake.received[0];
    assert_eq!(mail.user.as_deref(), Some(postwarden_tests::fakes::smtp::USERNAME), "logged in");
    assert_eq!(fake.bad_logins, 0);
    assert_eq!(mail.mail_from, "no-reply@postwarden.test");
    assert_eq!(mail.rcpt_to, [TO]);
    assert_eq!(mail.header("Subject"), Some("Your post was published"));
    assert_eq!(mail.header("Message-ID"), Some(format!("<{id}@postwarden.test>").as_str()));
    assert!(mail.data.contains("\r\n.A line that starts with a dot."), "dot-stuffing undone: {}", mail.data);
    assert!(!app.data_dir.join("outbox").exists(), "SMTP replaces the file sender");
}

#[tokio::test]
async fn a_refusing_server_is_retried_after_a_backoff_and_then_accepts() {
    let (app, smtp) = smtp_world(|_| {}).await;
    smtp.lock().refusals.push_back("451 4.3.0 Mailbox <ada@example.org> busy, try later".into());
    let id = queue(&app, "Reconnect your account").await;

    let first = send(&app).await;
    assert_eq!((first.sent, first.retrying), (0, 1), "{first:?}");
    let waiting = row(&app, id).await;
    assert_eq!((waiting.status.as_str(), waiting.attempts), ("pending", 1));
    let error = waiting.last_error.clone().unwrap_or_default();
    assert!(error.contains("451"), "{error}");
    assert!(!error.contains(TO), "the server's words (with the address) are not kept: {error}");
    let wait = waiting.next_attempt_at - postwarden_tests::start_time();
    assert!(wait >= Duration::seconds(30) && wait <= Duration::seconds(60), "first backoff is 30–60 s: {wait}");
    assert!(waiting.lease_until.is_none(), "the lease is let go");

    assert_eq!(send(&app).await.claimed, 0, "nothing before the retry time");
    app.clock.advance(Duration::seconds(61));
    let second = send(&app).await;
    assert_eq!(second.sent, 1, "{second:?}");
    assert_eq!(smtp.lock().received.len(), 1);
    let sent = row(&app, id).await;
    assert_eq!((sent.status.as_str(), sent.attempts), ("sent", 2));
    assert!(sent.last_error.is_none());
}

#[tokio::test]
async fn after_the_last_attempt_the_message_fails_and_a_permanent_refusal_fails_at_once() {
    let (app, smtp) = smtp_world(|c| c.mail.max_attempts = 3).await;
    smtp.lock().refuse_always = Some("421 4.3.2 Service not available".into());
    let id = queue(&app, "A breach notice").await;

    let mut reports = Vec::new();
    for _ in 0..3 {
        reports.push(send(&app).await);
        app.clock.advance(Duration::hours(2));
    }
    assert_eq!(reports.iter().map(|r| (r.retrying, r.failed)).collect::<Vec<_>>(), [(1, 0), (1, 0), (0, 1)]);
    let failed = row(&app, id).await;
    assert_eq!((failed.status.as_str(), failed.attempts), ("failed", 3));
    let error = failed.last_error.unwrap_or_default();
    assert!(error.starts_with("gave up after 3 attempts: ") && error.contains("421"), "{error}");
    assert_eq!(send(&app).await.claimed, 0, "a failed message is not tried again");

    smtp.lock().refuse_always = None;
    smtp.lock().refusals.push_back("550 5.1.1 No such user here".into());
    let refused = queue(&app, "Another notice").await;
    let report = send(&app).await;
    assert_eq!((report.failed, report.retrying), (1, 0), "{report:?}");
    let row = row(&app, refused).await;
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 1));
    assert!(row.last_error.unwrap_or_default().contains("550"));
    assert!(smtp.lock().received.is_empty());
}

#[tokio::test]
async fn a_run_that_dies_mid_send_loses_nothing_the_next_run_takes_over_after_the_lease() {
    let (app, smtp) = smtp_world(|_| {}).await;
    let id = queue(&app, "Your post could not be published everywhere").await;
    // The server takes the message but the run dies before hearing it was accepted.
    smtp.lock().stall_after_data = Some(std::time::Duration::from_secs(30));
    let state = app.state.clone();
    let doomed = tokio::spawn(async move { postwarden::mail::run(&state).await });
    for _ in 0..100 {
        if !smtp.lock().received.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    doomed.abort();
    let _ = doomed.await;

    let held = row(&app, id).await;
    assert_eq!((held.status.as_str(), held.attempts), ("pending", 1), "not lost, not marked sent");
    assert!(held.lease_until.is_some_and(|t| t > postwarden_tests::start_time()));
    assert_eq!(send(&app).await.claimed, 0, "nobody touches it while the lease holds");

    app.clock.advance(Duration::minutes(6));
    let report = send(&app).await;
    assert_eq!((report.claimed, report.sent), (1, 1), "{report:?}");
    let sent = row(&app, id).await;
    assert_eq!((sent.status.as_str(), sent.attempts), ("sent", 2));
    // At-least-once: the server got it twice, as one message the mail client can fold.
    let fake = smtp.lock();
    assert_eq!(fake.received.len(), 2);
    assert_eq!(fake.received[0].header("Message-ID"), fake.received[1].header("Message-ID"));
}

#[tokio::test]
async fn mail_queued_by_a_feature_goes_out() {
    let (app, smtp) = smtp_world(|_| {}).await;
    let owner = app.signup("owner@example.com").await;
    let officer = app.compliance_officer("officer@example.com").await;
    let published = app
        .gql("mutation($i: PublishPolicyVersionInput!) { publishPolicyVersion(input: $i) { noticesQueued } }")
        .var(
            "i",
            serde_json::json!({
                "version": "2.0", "summary": "Clearer retention periods.", "url": "https://example.com/privacy/2",
                "material": false, "effectiveAt": (postwarden_tests::start_time() + Duration::days(1)).to_rfc3339(),
            }),
        )
        .token(&officer.token)
        .send()
        .await;
    assert!(published["errors"].is_null(), "{published}");

    let report = send(&app).await;
    let notices = app.outbox("policy.notice").await;
    assert_eq!(notices.len(), 2, "a notice to each account");
    assert!(notices.iter().all(|n| n.status == "sent"), "{notices:?}");
    assert_eq!(report.failed + report.retrying, 0, "{report:?}");
    let fake = smtp.lock();
    let recipients: Vec<&str> = fake.received.iter().flat_map(|m| m.rcpt_to.iter().map(String::as_str)).collect();
    assert!(recipients.contains(&owner.email.as_str()) && recipients.contains(&officer.email.as_str()));
}

#[tokio::test]
async fn racing_runs_send_each_message_once() {
    let (app, smtp) = smtp_world(|c| c.mail.batch_size = 4).await;
    for n in 0..24 {
        queue(&app, &format!("Notice {n}")).await;
    }
    let runs: Vec<_> = (0..3)
        .map(|_| {
            let state = app.state.clone();
            tokio::spawn(async move { postwarden::mail::run(&state).await })
        })
        .collect();
    let mut sent = 0;
    for run in runs {
        sent += run.await.expect("joined").expect("ran").sent;
    }
    assert_eq!(sent, 24);
    let fake = smtp.lock();
    let mut ids: Vec<&str> = fake.received.iter().filter_map(|m| m.header("Message-ID")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((fake.received.len(), ids.len()), (24, 24), "no message went out twice");
}
