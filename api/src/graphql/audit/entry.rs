use crate::{
    error::ApiResult,
    graphql::{
        actor::{Actor, Person, SystemActor, api_key_actor, person, user_actor},
        enums::AuditActorKind,
        relay::{GlobalId, NodeKind},
        scalars::{BigInt, DateTime, Json},
    },
};
use async_graphql::{Context, ID, Object};
use entity::{audit_log, sea_orm_active_enums::ActorKind};

/// One entry of the tamper-evident audit log: who did what, to what, and when. It holds
/// ids and field names, never personal values, and is kept when the people it names are
/// erased.
pub struct AuditEntry(pub audit_log::Model);

/// One entry of the tamper-evident audit log: who did what, to what, and when. It holds
/// ids and field names, never personal values, and is kept when the people it names are
/// erased.
#[Object]
impl AuditEntry {
    /// The entry's global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::AuditEntry, self.0.id)
    }

    /// Position in the hash chain, from 1; the log is ordered by it.
    async fn seq(&self) -> BigInt {
        self.0.seq.into()
    }

    /// When the action happened.
    async fn occurred_at(&self) -> DateTime {
        self.0.occurred_at.into()
    }

    /// What kind of actor acted.
    async fn actor_kind(&self) -> AuditActorKind {
        self.0.actor_kind.into()
    }

    /// Who acted: a user, an API key, the system, or what is left of an erased person or a
    /// deleted key.
    async fn actor(&self, ctx: &Context<'_>) -> ApiResult<Actor> {
        match (self.0.actor_kind, self.0.actor_id) {
            (ActorKind::User, Some(id)) => user_actor(ctx, id).await,
            (ActorKind::ApiKey, Some(id)) => api_key_actor(ctx, id).await,
            _ => Ok(Actor::System(SystemActor::new())),
        }
    }

    /// A dotted name such as `session.created`.
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// The person the action concerns, or what is left of them; null when it concerns no
    /// one.
    async fn subject(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        match self.0.subject_id {
            Some(id) => Ok(Some(person(ctx, id).await?)),
            None => Ok(None),
        }
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
    async fn detail(&self) -> Json {
        Json(serde_json::from_str(&self.0.detail).unwrap_or(serde_json::Value::Null))
    }

    /// The HTTP request that caused it, to join with the service logs.
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The hash of the entry before it (all zeros for the first).
    async fn prev_hash(&self) -> &str {
        &self.0.prev_hash
    }

    /// SHA-256 over the previous hash and this entry's canonical bytes.
    async fn hash(&self) -> &str {
        &self.0.hash
    }
}
