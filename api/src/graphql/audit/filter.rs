use crate::{
    error::{ApiError, ApiResult},
    graphql::{
        enums::AuditActorKind,
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
    },
};
use async_graphql::{ID, InputObject};
use compliance::audit::AuditFilter;
use entity::sea_orm_active_enums::ActorKind;
use uuid::Uuid;

/// Narrows the audit log; every field is optional and they combine with AND.
#[derive(InputObject, Default)]
#[graphql(name = "AuditLogFilterInput")]
pub struct AuditLogFilter {
    /// Only entries by this kind of actor.
    pub actor_kind: Option<AuditActorKind>,
    /// Only entries by this actor: a `User` or `ApiKey` id (or a raw UUID from an export).
    pub actor: Option<ID>,
    /// A dotted action or prefix: `session` matches `session.created` and `session.ended`.
    pub action: Option<String>,
    /// Only entries concerning this person: a `User` id (or a raw UUID from an export).
    pub subject: Option<ID>,
    /// From this instant, inclusive.
    pub from: Option<DateTime>,
    /// Until this instant, exclusive.
    pub to: Option<DateTime>,
}

/// An actor named by a global id says what kind it is; a raw UUID (from an export) is
/// accepted too, then matching any kind.
pub fn parse_actor(field: &str, raw: &str) -> ApiResult<(Option<ActorKind>, Uuid)> {
    if let Ok(uuid) = Uuid::parse_str(raw) {
        return Ok((None, uuid));
    }
    let id = GlobalId::parse(field, &ID(raw.to_owned()))?;
    match id.kind {
        NodeKind::User => Ok((Some(ActorKind::User), id.id)),
        NodeKind::ApiKey => Ok((Some(ActorKind::ApiKey), id.id)),
        _ => Err(ApiError::bad_input(field, "is not a User or ApiKey id")),
    }
}

pub fn parse_subject(field: &str, raw: &str) -> ApiResult<Uuid> {
    match Uuid::parse_str(raw) {
        Ok(uuid) => Ok(uuid),
        Err(_) => GlobalId::expect(field, &ID(raw.to_owned()), NodeKind::User),
    }
}

impl AuditLogFilter {
    pub fn parse(self) -> ApiResult<AuditFilter> {
        let mut actor_kind = self.actor_kind.map(ActorKind::from);
        let actor_id = match self.actor {
            Some(raw) => {
                let (kind, id) = parse_actor("filter.actor", &raw)?;
                if let (Some(given), Some(implied)) = (actor_kind, kind)
                    && given != implied
                {
                    return Err(ApiError::bad_input("filter.actorKind", "contradicts the kind of filter.actor"));
                }
                actor_kind = actor_kind.or(kind);
                Some(id)
            }
            None => None,
        };
        let filter = AuditFilter {
            actor_kind,
            actor_id,
            action_prefix: self.action,
            subject_id: self.subject.map(|s| parse_subject("filter.subject", &s)).transpose()?,
            from: self.from.map(Into::into),
            to: self.to.map(Into::into),
        };
        filter.validate()?;
        Ok(filter)
    }
}
