use crate::error::{ApiError, ApiResult};
use async_graphql::ID;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use uuid::Uuid;

/// The kinds of object a global id can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    User,
    Workspace,
    Member,
    Invitation,
    ApiKey,
    Connection,
    Post,
    PostTarget,
    Media,
    Webhook,
    ConsentEvent,
    PolicyVersion,
    AuditEntry,
    Breach,
}

impl NodeKind {
    pub const fn name(self) -> &'static str {
        match self {
            NodeKind::User => "User",
            NodeKind::Workspace => "Workspace",
            NodeKind::Member => "Member",
            NodeKind::Invitation => "Invitation",
            NodeKind::ApiKey => "ApiKey",
            NodeKind::Connection => "PlatformConnection",
            NodeKind::Post => "Post",
            NodeKind::PostTarget => "PostTarget",
            NodeKind::Media => "Media",
            NodeKind::Webhook => "Webhook",
            NodeKind::ConsentEvent => "ConsentEvent",
            NodeKind::PolicyVersion => "PolicyVersion",
            NodeKind::AuditEntry => "AuditEntry",
            NodeKind::Breach => "Breach",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        [
            NodeKind::User,
            NodeKind::Workspace,
            NodeKind::Member,
            NodeKind::Invitation,
            NodeKind::ApiKey,
            NodeKind::Connection,
            NodeKind::Post,
            NodeKind::PostTarget,
            NodeKind::Media,
            NodeKind::Webhook,
            NodeKind::ConsentEvent,
            NodeKind::PolicyVersion,
            NodeKind::AuditEntry,
            NodeKind::Breach,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

/// `base64url("Kind:uuid")`: opaque to clients, self-describing to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalId {
    pub kind: NodeKind,
    pub id: Uuid,
}

impl GlobalId {
    pub fn id(kind: NodeKind, id: Uuid) -> ID {
        ID(URL_SAFE_NO_PAD.encode(format!("{}:{id}", kind.name())))
    }

    pub fn parse(field: &str, raw: &ID) -> ApiResult<Self> {
        let invalid = || ApiError::bad_input(field, "is not a valid id");
        let bytes = URL_SAFE_NO_PAD.decode(raw.as_str()).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let (kind, id) = text.split_once(':').ok_or_else(invalid)?;
        Ok(Self { kind: NodeKind::parse(kind).ok_or_else(invalid)?, id: Uuid::parse_str(id).map_err(|_| invalid())? })
    }

    /// The uuid inside an id that must name a `kind`.
    pub fn expect(field: &str, raw: &ID, kind: NodeKind) -> ApiResult<Uuid> {
        let parsed = Self::parse(field, raw)?;
        if parsed.kind != kind {
            return Err(ApiError::bad_input(field, format!("is not a {} id", kind.name())));
        }
        Ok(parsed.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_keep_their_kind() {
        let uuid = Uuid::now_v7();
        let id = GlobalId::id(NodeKind::Workspace, uuid);
        assert_eq!(GlobalId::expect("id", &id, NodeKind::Workspace).ok(), Some(uuid));
        assert!(GlobalId::expect("id", &id, NodeKind::User).is_err());
        assert!(GlobalId::parse("id", &ID("not-base64!".into())).is_err());
        assert!(GlobalId::parse("id", &ID(URL_SAFE_NO_PAD.encode("Workspace:nope"))).is_err());
    }
}
