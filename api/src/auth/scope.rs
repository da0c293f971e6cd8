use async_graphql::Enum;
use std::collections::BTreeSet;

/// What an API key may do. A write scope includes the read scope of its domain.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiScope {
    /// Read the workspace, its members, invitations and API keys, and its webhooks.
    WorkspaceRead,
    /// Rename the workspace, manage members, invitations and webhooks (owners only).
    WorkspaceWrite,
    /// Read posts, media and the calendar.
    ContentRead,
    /// Create, edit, schedule, publish and delete posts; upload and delete media.
    ContentWrite,
    /// Read connected social accounts.
    ConnectionsRead,
    /// Connect, reconnect and disconnect social accounts.
    ConnectionsWrite,
    /// Read analytics.
    AnalyticsRead,
}

impl ApiScope {
    pub const fn as_str(self) -> &'static str {
        match self {
            ApiScope::WorkspaceRead => "workspace:read",
            ApiScope::WorkspaceWrite => "workspace:write",
            ApiScope::ContentRead => "content:read",
            ApiScope::ContentWrite => "content:write",
            ApiScope::ConnectionsRead => "connections:read",
            ApiScope::ConnectionsWrite => "connections:write",
            ApiScope::AnalyticsRead => "analytics:read",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        ALL.iter().copied().find(|s| s.as_str() == value)
    }

    pub const fn is_write(self) -> bool {
        matches!(self, ApiScope::WorkspaceWrite | ApiScope::ContentWrite | ApiScope::ConnectionsWrite)
    }
}

const ALL: [ApiScope; 7] = [
    ApiScope::WorkspaceRead,
    ApiScope::WorkspaceWrite,
    ApiScope::ContentRead,
    ApiScope::ContentWrite,
    ApiScope::ConnectionsRead,
    ApiScope::ConnectionsWrite,
    ApiScope::AnalyticsRead,
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeSet(BTreeSet<ApiScope>);

impl ScopeSet {
    pub fn new(scopes: impl IntoIterator<Item = ApiScope>) -> Self {
        Self(scopes.into_iter().collect())
    }

    /// Parses the stored form; unknown names (from a newer version) are ignored, never widened.
    pub fn from_stored(stored: &str) -> Self {
        Self(stored.split_whitespace().filter_map(ApiScope::parse).collect())
    }

    pub fn to_stored(&self) -> String {
        self.0.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
    }

    pub fn contains(&self, scope: ApiScope) -> bool {
        self.0.contains(&scope)
    }

    pub fn iter(&self) -> impl Iterator<Item = ApiScope> + '_ {
        self.0.iter().copied()
    }

    pub fn has_write(&self) -> bool {
        self.0.iter().any(|s| s.is_write())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_round_trips() {
        let set = ScopeSet::new([ApiScope::ContentWrite, ApiScope::AnalyticsRead]);
        assert_eq!(ScopeSet::from_stored(&set.to_stored()), set);
        assert_eq!(ScopeSet::from_stored("content:read future:scope").iter().count(), 1);
    }
}
