use async_graphql::{Enum, ID, SimpleObject};
use compliance::audit::{ChainBreak, ChainReport};

use crate::graphql::relay::{GlobalId, NodeKind};

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditChainBreakReason {
    /// A sequence number is missing: an entry was removed.
    EntryMissing,
    /// The entry does not point at the hash of the one before it.
    PreviousHashMismatch,
    /// The entry's contents no longer match its hash: it was edited.
    HashMismatch,
    /// The chain head disagrees with the last entry: entries were cut off or added.
    HeadMismatch,
}

impl AuditChainBreakReason {
    fn from_engine(reason: &str) -> Self {
        match reason {
            "entry_missing" => Self::EntryMissing,
            "previous_hash_mismatch" => Self::PreviousHashMismatch,
            "hash_mismatch" => Self::HashMismatch,
            _ => Self::HeadMismatch,
        }
    }
}

/// The first link that does not hold.
#[derive(SimpleObject)]
pub struct AuditChainBreak {
    pub seq: i64,
    /// The entry at fault, when it exists.
    pub entry_id: Option<ID>,
    pub reason: AuditChainBreakReason,
}

/// The outcome of recomputing every hash in the chain.
#[derive(SimpleObject)]
pub struct AuditChainReport {
    pub intact: bool,
    pub entries_checked: u64,
    pub head_seq: i64,
    pub first_break: Option<AuditChainBreak>,
    /// Wall time the verification took.
    pub elapsed_ms: u64,
}

impl AuditChainReport {
    pub fn new(report: ChainReport, elapsed_ms: u64) -> Self {
        Self {
            intact: report.is_intact(),
            entries_checked: report.entries_checked,
            head_seq: report.head_seq,
            first_break: report.first_break.map(|b: ChainBreak| AuditChainBreak {
                seq: b.seq,
                entry_id: b.entry_id.map(|id| GlobalId::id(NodeKind::AuditEntry, id)),
                reason: AuditChainBreakReason::from_engine(b.reason),
            }),
            elapsed_ms,
        }
    }
}
