//! Global ids: `base64url("Kind:uuid")`, opaque to clients and self-describing to the
//! server. The encoding lives down here, below every layer, because services put these ids
//! into webhook payloads and mail; the GraphQL layer adds its `ID` type and input errors.

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
            NodeKind::Connection => "SocialAccount",
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

    pub fn parse(name: &str) -> Option<Self> {
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

/// A parsed global id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalId {
    pub kind: NodeKind,
    pub id: Uuid,
}

impl GlobalId {
    pub fn encode(kind: NodeKind, id: Uuid) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{id}", kind.name()))
    }

    /// `None` for anything that is not a well-formed id of a known kind.
    pub fn decode(raw: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (kind, id) = text.split_once(':')?;
        Some(Self { kind: NodeKind::parse(kind)?, id: Uuid::parse_str(id).ok()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_keep_their_kind() {
        let uuid = Uuid::now_v7();
        let id = GlobalId::encode(NodeKind::Workspace, uuid);
        assert_eq!(GlobalId::decode(&id), Some(GlobalId { kind: NodeKind::Workspace, id: uuid }));
        assert_eq!(GlobalId::decode("not-base64!"), None);
        assert_eq!(GlobalId::decode(&URL_SAFE_NO_PAD.encode("Workspace:nope")), None);
        assert_eq!(GlobalId::decode(&URL_SAFE_NO_PAD.encode(format!("Nothing:{uuid}"))), None);
    }
}
