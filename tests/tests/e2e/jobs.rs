//! The scheduler `serve` and `worker` start: every job runs on its own, with no test
//! calling it, and sees the injected clock.

use crate::publishing::world_with;
use chrono::Duration;
use entity::{analytics_snapshots, outbox_emails};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use std::time::Duration as Wait;

async fn until<F: AsyncFn() -> bool>(what: &str, check: F) {
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Wait::from_millis(100)).await;
    }
    panic!("{what} did not happen within 10 s");
}

#[tokio::test]
async fn the_scheduler_publishes_mails_and_pulls_metrics_by_itself() {
    let w = world_with(|c| {
        c.jobs.publish_every_secs = 1;
        c.jobs.outbox_every_secs = 1;
        c.jobs.analytics_every_secs = 1;
    })
    .await;
    let scheduler = postwarden::jobs::start(&w.app.state).await.expect("jobs start");
    let x = w.app.connect(&w.owner, &w.workspace, "X").await;
    let id =
        w.create(json!({ "text": "On its own", "targets": [{ "socialAccountId": x }] })).await["post"]["id"].clone();
    w.now(&id).await;

    until("publishing", async || w.post(&id).await["status"] == "PUBLISHED").await;
    until("the confirmation mail", async || {
        outbox_emails::Entity::find()
            .all(&w.app.state.db)
            .await
            .expect("outbox")
            .iter()
            .any(|m| m.kind == "publish.confirmation" && m.status == "sent")
    })
    .await;
    let remote = w.post(&id).await["targets"][0]["remoteId"].as_str().expect("remote id").to_owned();
    w.fake.lock().metrics.insert(remote, json!({ "views": 42 }));
    assert_eq!(analytics_snapshots::Entity::find().count(&w.app.state.db).await.expect("count"), 0);
    w.app.clock.advance(Duration::hours(2));
    until("the metrics pull", async || {
        analytics_snapshots::Entity::find().count(&w.app.state.db).await.expect("count") > 0
    })
    .await;
    let mut scheduler = scheduler;
    scheduler.shutdown().await.expect("jobs stop");
}
