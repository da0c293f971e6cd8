//! Publishing throughput: 10,000 due targets drained by four workers against a fake
//! platform that takes 50 ms to answer each post, and the query count of a page of 50
//! posts with every nested field.
//!
//! `cargo bench -p postwarden-tests --bench dispatch` (SQLite); with
//! `DATABASE_URL=postgres://…/test` for PostgreSQL.

use chrono::Duration;
use entity::{post_targets, posts, sea_orm_active_enums::PublishStatus};
use postwarden_tests::{TestApp, fakes::platform::FakePlatform, start_time};
use sea_orm::{EntityTrait, IntoActiveModel};
use serde_json::json;
use std::{collections::HashSet, sync::atomic::Ordering, time::Instant};
use uuid::Uuid;

const TARGETS: usize = 10_000;
const WORKERS: usize = 4;

#[tokio::main]
async fn main() {
    let fake = FakePlatform::start().await;
    fake.lock().latency_ms = 50;
    let app = TestApp::spawn_with(|c| {
        fake.configure(c);
        c.publishing.batch_size = 100;
        c.publishing.concurrency = 50;
        c.database_max_connections = 16;
    })
    .await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Bench").await;
    let connection = app.connect(&owner, &workspace, "X").await;
    let connection_id = postwarden::graphql::relay::GlobalId::expect(
        "id",
        &async_graphql::ID(connection.clone()),
        postwarden::graphql::relay::NodeKind::Connection,
    )
    .expect("connection id");
    let workspace_id = postwarden::graphql::relay::GlobalId::expect(
        "id",
        &async_graphql::ID(workspace.clone()),
        postwarden::graphql::relay::NodeKind::Workspace,
    )
    .expect("workspace id");

    let due = start_time() - Duration::minutes(1);
    let txn = compliance::db::begin_write(&app.state.db).await.expect("txn");
    for chunk in (0..TARGETS).collect::<Vec<_>>().chunks(500) {
        let mut post_rows = Vec::new();
        let mut target_rows = Vec::new();
        for i in chunk {
            let post_id = Uuid::now_v7();
            post_rows.push(
                posts::Model {
                    id: post_id,
                    workspace_id,
                    author_id: None,
                    text: format!("bench post {i}"),
                    title: None,
                    description: None,
                    hashtags: "[]".into(),
                    links: "[]".into(),
                    status: PublishStatus::Scheduled,
                    scheduled_at: Some(due),
                    sort_at: due,
                    time_zone: None,
                    created_at: due,
                    updated_at: due,
                    published_at: None,
                }
                .into_active_model(),
            );
            let target_id = Uuid::now_v7();
            target_rows.push(
                post_targets::Model {
                    id: target_id,
                    post_id,
                    workspace_id,
                    connection_id: Some(connection_id),
                    platform: entity::sea_orm_active_enums::Platform::X,
                    overrides: "{}".into(),
                    status: PublishStatus::Scheduled,
                    due_at: Some(due),
                    next_attempt_at: Some(due),
                    lease_until: None,
                    lease_owner: None,
                    attempts: 0,
                    idempotency_key: format!("pw-{}", target_id.simple()),
                    remote_id: None,
                    remote_url: None,
                    last_error: None,
                    published_at: None,
                    removed_from_platform_at: None,
                    updated_at: due,
                }
                .into_active_model(),
            );
        }
        posts::Entity::insert_many(post_rows).exec_without_returning(&txn).await.expect("posts");
        post_targets::Entity::insert_many(target_rows).exec_without_returning(&txn).await.expect("targets");
    }
    txn.commit().await.expect("commit");

    let started = Instant::now();
    let workers: Vec<_> = (0..WORKERS)
        .map(|n| {
            let state = app.state.clone();
            tokio::spawn(async move { postwarden::jobs::publish_until_idle(&state, &format!("bench-{n}")).await })
        })
        .collect();
    let mut published = 0;
    for worker in workers {
        published += worker.await.expect("joined").expect("worker").published;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (requests, unique, posts_at_platform) = {
        let fake = fake.lock();
        let keys: HashSet<_> = fake.publish_requests.iter().filter_map(|r| r.idempotency_key.clone()).collect();
        (fake.publish_requests.len(), keys.len(), fake.posts.len())
    };
    let backend = if TestDb::is_postgres() { "PostgreSQL" } else { "SQLite" };
    println!(
        "{backend}: {published} of {TARGETS} targets published by {WORKERS} workers in {elapsed:.1} s \
         ({:.0} posts/s); {requests} requests, {unique} distinct idempotency keys, {} duplicates",
        published as f64 / elapsed,
        requests - unique
    );
    assert_eq!((published as usize, posts_at_platform), (TARGETS, TARGETS));

    let page = "query($w: ID!) { workspace(id: $w) { posts(first: 50) { totalCount pageInfo { endCursor } nodes { id text status scheduledAt author { ... on User { displayName } } media { url } platformProblems { field } history { nodes { to } } targets { status remoteUrl lastError account { accountName status } latestMetrics { views } } latestMetrics { views } } } } }";
    let before = app.state.statements.load(Ordering::SeqCst);
    let resp = app.gql(page).var("w", json!(workspace)).token(&owner.token).send().await;
    let statements = app.state.statements.load(Ordering::SeqCst) - before;
    assert_eq!(resp["data"]["workspace"]["posts"]["nodes"].as_array().map(Vec::len), Some(50), "{resp}");
    println!(
        "{backend}: a page of 50 posts with every nested field: {statements} statements (authentication included)"
    );
}

use postwarden_tests::TestDb;
