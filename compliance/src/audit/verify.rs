use super::{MAIN_CHAIN, hash};
use crate::Result;
use entity::{audit_chain_heads, audit_log};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

const BATCH: u64 = 5_000;

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

/// Recomputes every hash in order and reports the first broken link: an edited entry, a
/// removed entry (a gap in the sequence), or entries cut off the end (the head disagrees).
pub async fn verify_chain<C: ConnectionTrait>(db: &C) -> Result<ChainReport> {
    let head = audit_chain_heads::Entity::find_by_id(MAIN_CHAIN.to_owned()).one(db).await?;
    let (head_seq, head_hash) = head.map(|h| (h.last_seq, h.last_hash)).unwrap_or((0, hash::GENESIS_HASH.to_owned()));

    let mut expected_prev = hash::GENESIS_HASH.to_owned();
    let mut expected_seq = 1i64;
    let mut checked = 0u64;
    loop {
        let batch = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_log::Column::Seq)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = batch.last().map(|e| e.seq) else {
            break;
        };
        for entry in &batch {
            let reason = if entry.seq != expected_seq {
                Some(ChainBreak { seq: expected_seq, entry_id: None, reason: "entry_missing" })
            } else if entry.prev_hash != expected_prev {
                Some(broken(entry, "previous_hash_mismatch"))
            } else if hash::entry_hash(entry) != entry.hash {
                Some(broken(entry, "hash_mismatch"))
            } else {
                None
            };
            if let Some(first_break) = reason {
                return Ok(ChainReport { entries_checked: checked, head_seq, first_break: Some(first_break) });
            }
            checked += 1;
            expected_prev.clone_from(&entry.hash);
            expected_seq += 1;
        }
        debug_assert_eq!(last + 1, expected_seq);
    }

    let first_break = if expected_seq - 1 != head_seq || expected_prev != head_hash {
        Some(ChainBreak { seq: expected_seq, entry_id: None, reason: "head_mismatch" })
    } else {
        None
    };
    Ok(ChainReport { entries_checked: checked, head_seq, first_break })
}

fn broken(entry: &audit_log::Model, reason: &'static str) -> ChainBreak {
    ChainBreak { seq: entry.seq, entry_id: Some(entry.id), reason }
}
