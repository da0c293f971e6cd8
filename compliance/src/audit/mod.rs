//! The audit log: append-only and hash-chained, so that a compliance officer can trust it.
//!
//! Each entry's hash covers the previous entry's hash and the entry's own canonical bytes.
//! Appends are serialised through one chain-head row, so concurrent writers (threads or
//! replicas) cannot fork the chain. Entries hold ids and field names, never personal values.

mod append;
mod hash;
mod query;
mod verify;

pub use append::append;
pub use hash::{GENESIS_HASH, entry_hash, timestamp};
pub use query::{AuditFilter, head_seq, page};
pub use verify::{ChainBreak, ChainReport, verify_chain};

use entity::sea_orm_active_enums::ActorKind;
use serde_json::Value;
use uuid::Uuid;

/// The one chain in use today; the head table allows more (per tenant, say) later.
pub const MAIN_CHAIN: &str = "main";

/// Who did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    User(Uuid),
    ApiKey(Uuid),
    /// A background job or a CLI command run by an operator.
    System,
}

impl Actor {
    pub fn kind(self) -> ActorKind {
        match self {
            Actor::User(_) => ActorKind::User,
            Actor::ApiKey(_) => ActorKind::ApiKey,
            Actor::System => ActorKind::System,
        }
    }

    pub fn id(self) -> Option<Uuid> {
        match self {
            Actor::User(id) | Actor::ApiKey(id) => Some(id),
            Actor::System => None,
        }
    }
}

/// One thing that happened, described without personal values.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub actor: Actor,
    /// Dotted name such as `session.created` or `connection.disconnected`.
    pub action: &'static str,
    /// The data subject (a user id) the action concerns, if any.
    pub subject_id: Option<Uuid>,
    pub object: Option<(&'static str, Uuid)>,
    /// Ids and field names only.
    pub detail: Value,
    pub request_id: Option<String>,
}

impl AuditEvent {
    pub fn new(actor: Actor, action: &'static str) -> Self {
        Self {
            actor,
            action,
            subject_id: None,
            object: None,
            detail: Value::Object(Default::default()),
            request_id: None,
        }
    }

    pub fn subject(mut self, subject_id: Uuid) -> Self {
        self.subject_id = Some(subject_id);
        self
    }

    pub fn object(mut self, object_type: &'static str, id: Uuid) -> Self {
        self.object = Some((object_type, id));
        self
    }

    pub fn detail(mut self, detail: Value) -> Self {
        self.detail = detail;
        self
    }

    pub fn request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }
}
