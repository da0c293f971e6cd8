//! Analytics read latency over 1,000,000 snapshots of 10,000 posts in one workspace:
//! workspace totals, the daily series over 90 days, and a page of 50 posts with their
//! newest metrics, each asked over HTTP like a client would.
//!
//! `cargo bench -p postwarden-tests --bench analytics` (SQLite); with
//! `DATABASE_URL=postgres://…/test` for PostgreSQL.

use chrono::{Duration, NaiveDate};
use entity::{
    analytics_daily, analytics_latest, analytics_snapshots, post_targets, posts,
    sea_orm_active_enums::{Platform, PublishStatus},
};
use postwarden_tests::{TestApp, TestDb, fakes::platform::FakePlatform, start_time};
use sea_orm::{EntityTrait, IntoActiveModel};
use serde_json::json;
use std::{collections::BTreeMap, time::Instant};
use uuid::Uuid;

const POSTS: usize = 10_000;
const SNAPSHOTS_PER_POST: usize = 100;
const RUNS: usize = 200;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let fake = FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| {
        fake.configure(c);
        c.database_max_connections = 8;
    })
    .await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Bench").await;
    let id = |raw: &str, kind| {
        postwarden::graphql::relay::GlobalId::expect("id", &async_graphql::ID(raw.to_owned()), kind).expect("id")
    };
    let workspace_id = id(&workspace, postwarden::graphql::relay::NodeKind::Workspace);
    let connection_id =
        id(&app.connect(&owner, &workspace, "X").await, postwarden::graphql::relay::NodeKind::Connection);

    let seeded = Instant::now();
    let published = start_time() - Duration::days(100);
    let mut daily: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for chunk in (0..POSTS).collect::<Vec<_>>().chunks(100) {
        let txn = compliance::db::begin_write(&app.state.db).await.expect("txn");
        let (mut post_rows, mut target_rows, mut latest_rows, mut snapshot_rows) = (vec![], vec![], vec![], vec![]);
        for i in chunk {
            let (post_id, target_id) = (Uuid::now_v7(), Uuid::now_v7());
            let at = published + Duration::minutes(*i as i64);
            post_rows.push(
                posts::Model {
                    id: post_id,
                    workspace_id,
                    author_id: None,
                    text: format!("post {i}"),
                    title: None,
                    description: None,
                    hashtags: "[]".into(),
                    links: "[]".into(),
                    status: PublishStatus::Published,
                    scheduled_at: Some(at),
                    sort_at: at,
                    time_zone: None,
                    created_at: at,
                    updated_at: at,
                    published_at: Some(at),
                }
                .into_active_model(),
            );
            target_rows.push(
                post_targets::Model {
                    id: target_id,
                    post_id,
                    workspace_id,
                    connection_id: Some(connection_id),
                    platform: Platform::X,
                    overrides: "{}".into(),
                    status: PublishStatus::Published,
                    due_at: Some(at),
                    next_attempt_at: None,
                    lease_until: None,
                    lease_owner: None,
                    attempts: 1,
                    idempotency_key: format!("pw-{}", target_id.simple()),
                    remote_id: Some(format!("x-{i}")),
                    remote_url: None,
                    last_error: None,
                    published_at: Some(at),
                    removed_from_platform_at: None,
                    updated_at: at,
                }
                .into_active_model(),
            );
            // Hourly for two days, then daily: cumulative views that only grow.
            let mut views = 0i64;
            let mut last = None;
            for n in 0..SNAPSHOTS_PER_POST {
                let captured =
                    if n < 48 { at + Duration::hours(n as i64 + 1) } else { at + Duration::days((n - 46) as i64) };
                let gained = 1 + ((i * 31 + n * 17) % 97) as i64;
                views += gained;
                *daily.entry(captured.date_naive()).or_default() += gained;
                snapshot_rows.push(
                    analytics_snapshots::Model {
                        id: Uuid::now_v7(),
                        target_id,
                        post_id,
                        workspace_id,
                        platform: Platform::X,
                        captured_at: captured,
                        views,
                        likes: views / 20,
                        comments: views / 100,
                        shares: views / 200,
                        saves: views / 150,
                        watch_time_secs: 0,
                        follower_delta: None,
                        revenue_micros: None,
                        revenue_currency: None,
                    }
                    .into_active_model(),
                );
                last = Some((captured, views));
            }
            let (captured, views) = last.expect("snapshots");
            latest_rows.push(
                analytics_latest::Model {
                    target_id,
                    post_id,
                    workspace_id,
                    platform: Platform::X,
                    captured_at: captured,
                    views,
                    likes: views / 20,
                    comments: views / 100,
                    shares: views / 200,
                    saves: views / 150,
                    watch_time_secs: 0,
                    follower_delta: None,
                    revenue_micros: None,
                    revenue_currency: None,
                }
                .into_active_model(),
            );
        }
        posts::Entity::insert_many(post_rows).exec_without_returning(&txn).await.expect("posts");
        post_targets::Entity::insert_many(target_rows).exec_without_returning(&txn).await.expect("targets");
        analytics_latest::Entity::insert_many(latest_rows).exec_without_returning(&txn).await.expect("latest");
        for part in snapshot_rows.chunks(1_000) {
            analytics_snapshots::Entity::insert_many(part.to_vec())
                .exec_without_returning(&txn)
                .await
                .expect("snapshots");
        }
        txn.commit().await.expect("commit");
    }
    let daily_rows: Vec<_> = daily
        .iter()
        .map(|(day, views)| {
            analytics_daily::Model {
                workspace_id,
                day: *day,
                platform: Platform::X,
                currency: String::new(),
                views: *views,
                likes: views / 20,
                comments: views / 100,
                shares: views / 200,
                saves: views / 150,
                watch_time_secs: 0,
                follower_delta: 0,
                revenue_micros: 0,
            }
            .into_active_model()
        })
        .collect();
    analytics_daily::Entity::insert_many(daily_rows).exec_without_returning(&app.state.db).await.expect("daily");
    let backend = if TestDb::is_postgres() { "PostgreSQL" } else { "SQLite" };
    println!(
        "{backend}: seeded {} snapshots of {POSTS} posts in {:.0} s",
        app.count("analytics_snapshots").await,
        seeded.elapsed().as_secs_f64()
    );

    let to = start_time().date_naive();
    let from = to - Duration::days(89);
    let cases = [
        (
            "workspace totals (90 days)",
            "query($w: ID!, $f: Date!, $t: Date!) { workspace(id: $w) { analytics(from: $f, to: $t) { totals { platform totals { views likes comments shares saves } } } } }",
        ),
        (
            "daily series (90 days)",
            "query($w: ID!, $f: Date!, $t: Date!) { workspace(id: $w) { analytics(from: $f, to: $t) { daily { date gained { views likes } } } } }",
        ),
        (
            "50 posts with latest metrics",
            "query($w: ID!) { workspace(id: $w) { posts(first: 50) { nodes { id text latestMetrics { views likes comments shares } targets { platform latestMetrics { views } } } } } }",
        ),
    ];
    for (name, query) in cases {
        let mut samples = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            let resp = app
                .gql(query)
                .var("w", json!(workspace))
                .var("f", json!(from.to_string()))
                .var("t", json!(to.to_string()))
                .token(&owner.token)
                .send()
                .await;
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
            assert!(resp["errors"].is_null(), "{resp}");
        }
        samples.sort_by(f64::total_cmp);
        println!(
            "{backend}: {name}: median {:.2} ms, p99 {:.2} ms ({RUNS} runs, over HTTP)",
            percentile(&samples, 0.5),
            percentile(&samples, 0.99)
        );
    }
}
