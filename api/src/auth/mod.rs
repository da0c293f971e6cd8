//! Authentication (who is calling) and authorisation (what they may touch).
//!
//! Resolvers never read identity themselves: they ask [`authorize`] for access to a
//! workspace, [`require_session`] for account operations, or [`require_platform_role`] for
//! platform duties, and get back a value that proves the check was made.

mod authorize;
mod caller;
pub mod password;
mod scope;
pub mod token;

pub use authorize::{
    Access, Action, Domain, SessionUser, WorkspaceAccess, app_state, authorize, caller, require_platform_role,
    require_session,
};
pub use caller::{Authn, Caller, CallerKind, SessionCookie};
pub use scope::{ApiScope, ScopeSet};
