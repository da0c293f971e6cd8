//! Authentication (who is calling) and authorisation (what they may touch).
//!
//! Resolvers never read identity themselves: they ask [`authorize`] for access to a
//! workspace, [`load_authorized`] for one object and access to its workspace,
//! [`require_session`] for account operations, [`require_platform_role`] for
//! platform duties, or [`require_compliance_officer`] for the privacy records, and get back
//! a value that proves the check was made.

mod authorize;
mod caller;
mod lookup;
mod object;
mod officer;
mod scope;
pub mod token;

pub use authorize::{
    Access, Action, Domain, SessionUser, WorkspaceAccess, app_state, authorize, caller, reauthorize,
    require_platform_role, require_scope, require_session,
};
pub use caller::{Authn, Caller, CallerKind, SessionCookie};
pub use object::{Owned, load_authorized, object_not_found};
pub use officer::{ComplianceOfficer, compliance_officer_from, require_compliance_officer};
pub use scope::{ApiScope, ScopeSet};
