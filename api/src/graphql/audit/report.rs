use super::AuditEntry;
use crate::{
    auth::require_compliance_officer,
    error::ApiResult,
    graphql::{context::svc, scalars::BigInt},
};
use async_graphql::{Context, Enum, Object, SimpleObject};
use compliance::audit::{ChainBreak, ChainReport};
use entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Why a link of the audit chain does not hold.
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
pub struct AuditChainBreak {
    seq: i64,
    entry_id: Option<Uuid>,
    reason: AuditChainBreakReason,
}

/// The first link that does not hold.
#[Object]
impl AuditChainBreak {
    /// The sequence number where the chain breaks.
    async fn seq(&self) -> BigInt {
        self.seq.into()
    }

    /// The entry at fault, when it exists.
    async fn entry(&self, ctx: &Context<'_>) -> ApiResult<Option<AuditEntry>> {
        let Some(id) = self.entry_id else { return Ok(None) };
        require_compliance_officer(ctx).await?;
        let db = &svc(ctx)?.state.db;
        Ok(audit_log::Entity::find().filter(audit_log::Column::Id.eq(id)).one(db).await?.map(AuditEntry))
    }

    /// What is wrong with the link.
    async fn reason(&self) -> AuditChainBreakReason {
        self.reason
    }
}

/// The outcome of recomputing every hash in the chain.
#[derive(SimpleObject)]
pub struct AuditChainReport {
    /// True when every link holds and the head matches the last entry.
    pub intact: bool,
    /// How many entries were recomputed.
    pub entries_checked: BigInt,
    /// The sequence number the chain head records.
    pub head_seq: BigInt,
    /// The first link that does not hold; null when the chain is intact.
    pub first_break: Option<AuditChainBreak>,
    /// Wall time the verification took, in milliseconds.
    pub elapsed_ms: BigInt,
}

impl AuditChainReport {
    pub fn new(report: ChainReport, elapsed_ms: u64) -> Self {
        Self {
            intact: report.is_intact(),
            entries_checked: report.entries_checked.into(),
            head_seq: report.head_seq.into(),
            first_break: report.first_break.map(|b: ChainBreak| AuditChainBreak {
                seq: b.seq,
                entry_id: b.entry_id,
                reason: AuditChainBreakReason::from_engine(b.reason),
            }),
            elapsed_ms: elapsed_ms.into(),
        }
    }
}
