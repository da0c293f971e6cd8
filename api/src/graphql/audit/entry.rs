use crate::graphql::{
    enums::AuditActorKind,
    relay::{GlobalId, NodeKind},
};
use async_graphql::{ID, Json, Object};
use chrono::{DateTime, Utc};
use entity::{audit_log, sea_orm_active_enums::ActorKind};

/// One entry of the tamper-evident audit log. Holds ids and field names, never personal
/// values.
pub struct AuditEntry(pub audit_log::Model);

#[Object]
impl AuditEntry {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::AuditEntry, self.0.id)
    }

    /// Position in the hash chain, from 1.
    async fn seq(&self) -> i64 {
        self.0.seq
    }

    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }

    async fn actor_kind(&self) -> AuditActorKind {
        self.0.actor_kind.into()
    }

    /// A `User` or `ApiKey` id; null for the system.
    async fn actor_id(&self) -> Option<ID> {
        let kind = match self.0.actor_kind {
            ActorKind::User => NodeKind::User,
            ActorKind::ApiKey => NodeKind::ApiKey,
            ActorKind::System => return None,
        };
        self.0.actor_id.map(|id| GlobalId::id(kind, id))
    }

    /// A dotted name such as `session.created`.
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// The person the action concerns (a `User` id).
    async fn subject_id(&self) -> Option<ID> {
        self.0.subject_id.map(|id| GlobalId::id(NodeKind::User, id))
    }

    /// What was acted on, e.g. `api_key`.
    async fn object_type(&self) -> Option<&str> {
        self.0.object_type.as_deref()
    }

    /// The raw UUID of the object: it may no longer exist, so it is not a global id.
    async fn object_id(&self) -> Option<String> {
        self.0.object_id.map(|id| id.to_string())
    }

    /// Ids and field names describing the action.
    async fn detail(&self) -> Json<serde_json::Value> {
        Json(serde_json::from_str(&self.0.detail).unwrap_or(serde_json::Value::Null))
    }

    /// The HTTP request that caused it, to join with the service logs.
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    async fn prev_hash(&self) -> &str {
        &self.0.prev_hash
    }

    /// SHA-256 over the previous hash and this entry's canonical bytes.
    async fn hash(&self) -> &str {
        &self.0.hash
    }
}
