//! The canonical bytes of an entry and its chained hash. Changing this breaks every chain
//! already written, so it is versioned by its `v` field.

use chrono::{DateTime, SecondsFormat, Utc};
use entity::audit_log;
use sea_orm::ActiveEnum;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Serialize)]
struct Canonical<'a> {
    v: u8,
    seq: i64,
    id: Uuid,
    occurred_at: String,
    actor_kind: &'a str,
    actor_id: Option<Uuid>,
    action: &'a str,
    subject_id: Option<Uuid>,
    object_type: Option<&'a str>,
    object_id: Option<Uuid>,
    detail: &'a str,
    request_id: Option<&'a str>,
}

/// The RFC 3339 form (microseconds, `Z`) the hash covers, for exports that must match it.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// `sha256(prev_hash || canonical_json(entry))`, hex encoded. Public so that bulk imports
/// (and the benchmark) can seal rows without going through [`super::append`]; a chain is
/// only as trustworthy as the control over who may write it.
pub fn entry_hash(entry: &audit_log::Model) -> String {
    let actor_kind = entry.actor_kind.to_value();
    let canonical = Canonical {
        v: 1,
        seq: entry.seq,
        id: entry.id,
        occurred_at: timestamp(entry.occurred_at),
        actor_kind: &actor_kind,
        actor_id: entry.actor_id,
        action: &entry.action,
        subject_id: entry.subject_id,
        object_type: entry.object_type.as_deref(),
        object_id: entry.object_id,
        detail: &entry.detail,
        request_id: entry.request_id.as_deref(),
    };
    // Serialising a struct of plain fields cannot fail.
    let bytes = serde_json::to_vec(&canonical).unwrap_or_default();
    let mut hasher = Sha256::new();
    hasher.update(entry.prev_hash.as_bytes());
    hasher.update(&bytes);
    hex::encode(hasher.finalize())
}
