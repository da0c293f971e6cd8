//! Vault figures: one token sealed and opened, and 10,000 stored tokens rotated to a new
//! key. `cargo bench -p postwarden --bench vault` (SQLite in a temporary folder; set
//! `DATABASE_URL=postgres://…` to measure PostgreSQL, where a scratch database is made).

use chrono::Utc;
use compliance::Clock;
use postwarden::{
    config::Config,
    db,
    vault::{self, KeyRing, Owner},
};
use sea_orm::{ConnectionTrait, Database, EntityTrait, IntoActiveModel};
use secrecy::SecretString;
use std::time::Instant;
use uuid::Uuid;

const TOKENS: usize = 10_000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn seal_and_open() {
    let ring = KeyRing::from_keys(&[("a", &[7; 32])], "a").expect("ring");
    let token = "ya29.a0AfB_byC-".repeat(12);
    let aad = b"postwarden.vault.v1|connection|01931f6e-0000-7000-8000-000000000000|access_token";
    let mut samples = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        for _ in 0..1_000 {
            let (key, sealed) = ring.seal(aad, token.as_bytes()).expect("seal");
            let opened = ring.open(&key, aad, &sealed).expect("open");
            std::hint::black_box(opened);
        }
        samples.push(started.elapsed().as_nanos() as f64 / 1_000.0);
    }
    samples.sort_by(f64::total_cmp);
    println!(
        "seal+open one {}-byte token: median {:.2} µs, p99 {:.2} µs",
        token.len(),
        percentile(&samples, 0.5) / 1_000.0,
        percentile(&samples, 0.99) / 1_000.0
    );
}

async fn database() -> (String, Option<(String, String)>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("dir");
    match std::env::var("DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let name = format!("pw_bench_{}", Uuid::new_v4().simple());
            let admin = Database::connect(&base).await.expect("connect");
            admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create");
            let url = format!("{}/{name}", base.rsplit_once('/').map(|(s, _)| s).unwrap_or(&base));
            (url, Some((base, name)), dir)
        }
        _ => (format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display()), None, dir),
    }
}

async fn rotation() {
    let (url, scratch, dir) = database().await;
    let config = Config { data_dir: dir.path().into(), database_url: Some(url.clone().into()), ..Config::default() };
    let conn = db::connect(&config).await.expect("connect");
    db::migrate(&conn).await.expect("migrate");
    let clock = compliance::SystemClock;
    let now = clock.now();
    let user = Uuid::now_v7();
    let workspace = Uuid::now_v7();
    conn.execute_unprepared(&format!(
        "INSERT INTO users (id, email, email_normalized, display_name, password_hash, age_basis, age_attested_at, created_at, updated_at, password_changed_at) \
         VALUES ('{user}', 'b@example.com', 'b@example.com', 'B', 'x', 'attestation', '{t}', '{t}', '{t}', '{t}')",
        t = now.to_rfc3339()
    ))
    .await
    .ok();
    let old = KeyRing::from_keys(&[("old", &[1; 32])], "old").expect("ring");
    entity::workspaces::Entity::insert(
        entity::workspaces::Model {
            id: workspace,
            name: "bench".into(),
            created_by: None,
            created_at: now,
            updated_at: now,
        }
        .into_active_model(),
    )
    .exec_without_returning(&conn)
    .await
    .expect("workspace");
    let txn = compliance::db::begin_write(&conn).await.expect("txn");
    for i in 0..TOKENS / 2 {
        let id = Uuid::now_v7();
        let row = entity::connections::Model {
            id,
            workspace_id: workspace,
            platform: entity::sea_orm_active_enums::Platform::X,
            platform_account_id: format!("acct-{i}"),
            account_name: format!("Account {i}"),
            avatar_url: None,
            scopes: "tweet.read".into(),
            status: entity::sea_orm_active_enums::ConnectionStatus::Active,
            status_reason: None,
            connected_by: None,
            connected_at: now,
            updated_at: now,
            last_refreshed_at: None,
            expires_at: None,
            refresh_expires_at: None,
            can_refresh: true,
            lease_until: None,
        };
        entity::connections::Entity::insert(row.into_active_model())
            .exec_without_returning(&txn)
            .await
            .expect("connection");
        for field in ["access_token", "refresh_token"] {
            let token = SecretString::from(format!("token-{i}-{field}-{}", "x".repeat(120)));
            vault::put(&txn, &old, now, Owner::Connection(id), field, &token).await.expect("seal");
        }
    }
    txn.commit().await.expect("commit");

    let ring = KeyRing::from_keys(&[("old", &[1; 32]), ("new", &[2; 32])], "new").expect("ring");
    let started = Instant::now();
    let report = vault::rotate(&conn, &ring, Utc::now, 500, None, |_, _| {}).await.expect("rotate");
    let elapsed = started.elapsed();
    assert_eq!((report.rotated, report.failed, report.remaining), (TOKENS as u64, 0, 0));
    println!(
        "rotate {TOKENS} stored tokens ({}, batches of 500): {:.2} s ({:.0} tokens/s)",
        if scratch.is_some() { "PostgreSQL" } else { "SQLite" },
        elapsed.as_secs_f64(),
        TOKENS as f64 / elapsed.as_secs_f64()
    );
    conn.close().await.ok();
    if let Some((base, name)) = scratch {
        let admin = Database::connect(&base).await.expect("connect");
        admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok();
    }
}

#[tokio::main]
async fn main() {
    seal_and_open();
    rotation().await;
}
