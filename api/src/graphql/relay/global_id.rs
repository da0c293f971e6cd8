//! The GraphQL face of [`crate::ids`]: ids as `ID`, and a malformed one as an input error
//! at the argument that carried it.

use crate::error::{ApiError, ApiResult};
pub use crate::ids::{GlobalId, NodeKind};
use async_graphql::ID;
use uuid::Uuid;

impl GlobalId {
    pub fn id(kind: NodeKind, id: Uuid) -> ID {
        ID(Self::encode(kind, id))
    }

    pub fn parse(field: &str, raw: &ID) -> ApiResult<Self> {
        Self::decode(raw.as_str()).ok_or_else(|| ApiError::bad_input(field, "is not a valid id"))
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
    fn a_wrong_kind_is_an_input_error() {
        let uuid = Uuid::now_v7();
        let id = GlobalId::id(NodeKind::Workspace, uuid);
        assert_eq!(GlobalId::expect("id", &id, NodeKind::Workspace).ok(), Some(uuid));
        assert!(GlobalId::expect("id", &id, NodeKind::User).is_err());
        assert!(GlobalId::parse("id", &ID("not-base64!".into())).is_err());
    }
}
