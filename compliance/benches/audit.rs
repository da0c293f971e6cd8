//! Audit-log benchmark: (a) append throughput with 8 concurrent writers, (b) the time
//! `verify_chain` takes over 1,000,000 entries.
//!
//! ```sh
//! cargo bench -p compliance --bench audit                     # SQLite (a temp file)
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//!     cargo bench -p compliance --bench audit                 # a fresh PostgreSQL database
//! ```
//!
//! `AUDIT_BENCH_APPENDS` (per writer, default 1000) and `AUDIT_BENCH_ENTRIES` (default
//! 1000000) change the sizes. The 1M-entry chain is built by bulk-inserting pre-hashed
//! rows, since a million single appends would measure the setup, not verification.

use chrono::{Duration, Utc};
use compliance::{
    Clock, SystemClock,
    audit::{self, Actor, AuditEvent, GENESIS_HASH, entry_hash},
};
use entity::{audit_chain_heads, audit_log, sea_orm_active_enums::ActorKind};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveModelTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, EntityTrait,
    IntoActiveModel, Set, TransactionTrait,
};
use serde_json::json;
use std::{sync::Arc, time::Instant};
use uuid::Uuid;

const WRITERS: usize = 8;
const INSERT_CHUNK: usize = 1_000;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A fresh database with the migrations applied, and a way to clean it up.
struct BenchDb {
    db: DatabaseConnection,
    label: String,
    cleanup: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

async fn connect(url: &str) -> DatabaseConnection {
    let mut options = ConnectOptions::new(url.to_owned());
    // The same settings the service uses (`api/src/db.rs`).
    options.max_connections(16).min_connections(1).sqlx_logging(false).map_sqlx_sqlite_opts(|opts| {
        opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
            .busy_timeout(std::time::Duration::from_secs(30))
            .foreign_keys(true)
    });
    Database::connect(options).await.expect("connect")
}

async fn bench_db() -> BenchDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, label, cleanup) = match std::env::var("DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let name = format!("pw_bench_{}", Uuid::new_v4().simple());
            let admin = Database::connect(&base).await.expect("connect DATABASE_URL");
            admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create bench database");
            admin.close().await.ok();
            let server = base.rsplit_once('/').map(|(s, _)| s).unwrap_or(&base);
            (format!("{server}/{name}"), "PostgreSQL".to_owned(), Some((base.clone(), name)))
        }
        _ => (
            format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display()),
            "SQLite (WAL, synchronous=NORMAL)".to_owned(),
            None,
        ),
    };
    let db = connect(&url).await;
    Migrator::up(&db, None).await.expect("migrate");
    BenchDb { db, label, cleanup, _dir: dir }
}

impl BenchDb {
    async fn close(self) {
        self.db.close().await.ok();
        if let Some((base, name)) = self.cleanup
            && let Ok(admin) = Database::connect(&base).await
        {
            let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
            admin.close().await.ok();
        }
    }
}

/// (a): every writer appends its share through `audit::append`, each append its own
/// transaction, as a request does.
async fn append_throughput(db: &DatabaseConnection, per_writer: usize) -> (usize, f64) {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // Warm the pool and the statement caches.
    for _ in 0..20 {
        audit::append(db, clock.as_ref(), event(0, 0)).await.expect("warm-up append");
    }
    let started = Instant::now();
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let db = db.clone();
            let clock = clock.clone();
            tokio::spawn(async move {
                for i in 0..per_writer {
                    audit::append(&db, clock.as_ref(), event(w, i)).await.expect("append");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("writer");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let total = WRITERS * per_writer;
    (total, total as f64 / elapsed)
}

fn event(writer: usize, i: usize) -> AuditEvent {
    AuditEvent::new(Actor::User(Uuid::now_v7()), "session.created")
        .subject(Uuid::now_v7())
        .object("session", Uuid::now_v7())
        .detail(json!({ "writer": writer, "i": i }))
        .request_id(Some(Uuid::new_v4().to_string()))
}

/// (b), setup: `entries` rows hashed here and inserted in bulk, then the head.
async fn build_chain(db: &DatabaseConnection, entries: usize) {
    let txn = db.begin().await.expect("begin");
    audit_log::Entity::delete_many().exec(&txn).await.expect("clear");
    let start = Utc::now() - Duration::days(365);
    let mut prev = GENESIS_HASH.to_owned();
    let mut chunk = Vec::with_capacity(INSERT_CHUNK);
    for n in 1..=entries {
        let seq = i64::try_from(n).expect("fits");
        let mut row = audit_log::Model {
            seq,
            id: Uuid::now_v7(),
            occurred_at: start + Duration::milliseconds(seq * 30),
            actor_kind: if n % 7 == 0 { ActorKind::System } else { ActorKind::User },
            actor_id: (n % 7 != 0).then(Uuid::now_v7),
            action: ["session.created", "consent.granted", "api_key.revoked"][n % 3].to_owned(),
            subject_id: Some(Uuid::now_v7()),
            object_type: Some("session".to_owned()),
            object_id: Some(Uuid::now_v7()),
            detail: json!({ "purpose": "product_updates", "source": "web" }).to_string(),
            request_id: Some(Uuid::new_v4().to_string()),
            prev_hash: std::mem::take(&mut prev),
            hash: String::new(),
        };
        row.hash = entry_hash(&row);
        prev.clone_from(&row.hash);
        chunk.push(row.into_active_model());
        if chunk.len() == INSERT_CHUNK || n == entries {
            audit_log::Entity::insert_many(std::mem::take(&mut chunk))
                .exec_without_returning(&txn)
                .await
                .expect("bulk insert");
        }
    }
    audit_chain_heads::ActiveModel {
        chain: Set(audit::MAIN_CHAIN.to_owned()),
        last_seq: Set(i64::try_from(entries).expect("fits")),
        last_hash: Set(prev),
    }
    .update(&txn)
    .await
    .expect("head");
    txn.commit().await.expect("commit");
    // A log that grew over months has been checkpointed (SQLite) or vacuumed (PostgreSQL)
    // many times; measure that steady state, not the aftermath of one huge insert.
    let settle = match db.get_database_backend() {
        DbBackend::Postgres => "VACUUM (ANALYZE) audit_log",
        _ => "PRAGMA wal_checkpoint(TRUNCATE)",
    };
    db.execute_unprepared(settle).await.expect("settle");
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let per_writer = env_usize("AUDIT_BENCH_APPENDS", 1_000);
        let entries = env_usize("AUDIT_BENCH_ENTRIES", 1_000_000);
        let bench = bench_db().await;
        println!("audit log benchmark on {}", bench.label);
        println!("machine: {} logical CPUs", std::thread::available_parallelism().map_or(0, |n| n.get()));

        let (total, rate) = append_throughput(&bench.db, per_writer).await;
        let report = audit::verify_chain(&bench.db).await.expect("verify");
        assert!(report.is_intact(), "concurrent appends forked the chain: {report:?}");
        println!("(a) append: {total} entries by {WRITERS} concurrent writers: {rate:.0} entries/s (chain intact)");

        let setup = Instant::now();
        build_chain(&bench.db, entries).await;
        println!("    setup: {entries} pre-hashed entries bulk-inserted in {:.1} s", setup.elapsed().as_secs_f64());
        for run in 1..=3 {
            let started = Instant::now();
            let report = audit::verify_chain(&bench.db).await.expect("verify");
            let secs = started.elapsed().as_secs_f64();
            assert!(report.is_intact(), "{report:?}");
            assert_eq!(report.entries_checked, entries as u64);
            println!(
                "(b) verify_chain, run {run}: {entries} entries in {secs:.2} s ({:.0} entries/s)",
                entries as f64 / secs
            );
        }
        bench.close().await;
    });
}
