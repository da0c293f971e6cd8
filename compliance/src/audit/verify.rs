use super::{MAIN_CHAIN, hash};
use crate::{Error, Result};
use entity::{audit_chain_heads, audit_log};
use sea_orm::{
    AccessMode, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, IsolationLevel, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use tokio::sync::mpsc;
use uuid::Uuid;

/// Rows fetched per query. Large enough that query overhead vanishes, small enough that two
/// batches in flight stay a few megabytes.
const BATCH: u64 = 10_000;

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub entries_checked: u64,
    pub head_seq: i64,
    pub first_break: Option<ChainBreak>,
}

/// The first link that does not hold, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub seq: i64,
    pub entry_id: Option<Uuid>,
    pub reason: &'static str,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.first_break.is_none()
    }
}

/// Where the walk has got to.
struct Progress {
    expected_seq: i64,
    expected_prev: String,
    checked: u64,
}

/// Recomputes every hash in order and reports the first broken link: an edited entry, a
/// removed entry (a gap in the sequence), or entries cut off or added at the end (the head
/// disagrees).
///
/// The whole walk reads one snapshot, so appends made meanwhile neither show up as a
/// mismatch nor slip in half-seen. Reading and hashing overlap: the next batch is fetched
/// while the current one is hashed on the blocking pool.
pub async fn verify_chain<C>(db: &C) -> Result<ChainReport>
where
    C: ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>,
{
    let txn = snapshot(db).await?;
    let head = audit_chain_heads::Entity::find_by_id(MAIN_CHAIN.to_owned()).one(&txn).await?;
    let (head_seq, head_hash) = head.map(|h| (h.last_seq, h.last_hash)).unwrap_or((0, hash::GENESIS_HASH.to_owned()));

    let (batches, received) = mpsc::channel(2);
    let (read, walked) = tokio::join!(read_batches(&txn, batches), walk(received));
    // A read error ends the walk early; report it rather than a misleading verdict.
    read?;
    let (progress, first_break) = walked?;
    txn.commit().await?;

    let head_agrees = progress.expected_seq - 1 == head_seq && progress.expected_prev == head_hash;
    let first_break = first_break.or((!head_agrees).then_some(ChainBreak {
        seq: progress.expected_seq,
        entry_id: None,
        reason: "head_mismatch",
    }));
    Ok(ChainReport { entries_checked: progress.checked, head_seq, first_break })
}

/// A read-only transaction that sees one snapshot: REPEATABLE READ on PostgreSQL; on SQLite
/// (WAL) any read transaction does, and the isolation settings are not supported.
async fn snapshot<C>(db: &C) -> Result<DatabaseTransaction>
where
    C: ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>,
{
    Ok(match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await?
        }
        _ => db.begin().await?,
    })
}

async fn read_batches(txn: &DatabaseTransaction, out: mpsc::Sender<Vec<audit_log::Model>>) -> Result<()> {
    let mut after = 0i64;
    loop {
        let batch = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.gt(after))
            .order_by_asc(audit_log::Column::Seq)
            .limit(BATCH)
            .all(txn)
            .await?;
        let Some(last) = batch.last().map(|e| e.seq) else {
            return Ok(());
        };
        after = last;
        // The walker stops listening once it finds a break; stop reading then too.
        if out.send(batch).await.is_err() {
            return Ok(());
        }
    }
}

/// Consumes batches in order. Dropping `batches` on return is what stops the reader.
async fn walk(mut batches: mpsc::Receiver<Vec<audit_log::Model>>) -> Result<(Progress, Option<ChainBreak>)> {
    let mut progress = Progress { expected_seq: 1, expected_prev: hash::GENESIS_HASH.to_owned(), checked: 0 };
    while let Some(batch) = batches.recv().await {
        let (next, first_break) = tokio::task::spawn_blocking(move || check_batch(progress, &batch))
            .await
            .map_err(|e| Error::Internal(format!("verification task failed: {e}")))?;
        progress = next;
        if first_break.is_some() {
            return Ok((progress, first_break));
        }
    }
    Ok((progress, None))
}

fn check_batch(mut progress: Progress, batch: &[audit_log::Model]) -> (Progress, Option<ChainBreak>) {
    for entry in batch {
        let reason = if entry.seq != progress.expected_seq {
            Some(ChainBreak { seq: progress.expected_seq, entry_id: None, reason: "entry_missing" })
        } else if entry.prev_hash != progress.expected_prev {
            Some(broken(entry, "previous_hash_mismatch"))
        } else if hash::entry_hash(entry) != entry.hash {
            Some(broken(entry, "hash_mismatch"))
        } else {
            None
        };
        if reason.is_some() {
            return (progress, reason);
        }
        progress.checked += 1;
        progress.expected_prev.clone_from(&entry.hash);
        progress.expected_seq += 1;
    }
    (progress, None)
}

fn broken(entry: &audit_log::Model, reason: &'static str) -> ChainBreak {
    ChainBreak { seq: entry.seq, entry_id: Some(entry.id), reason }
}
