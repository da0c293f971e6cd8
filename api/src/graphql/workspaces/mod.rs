//! Workspaces, their members and invitations.

mod mutation;
mod query;
mod types;

pub use mutation::WorkspacesMutation;
pub use query::WorkspacesQuery;
pub use types::{Invitation, Member, Workspace};
