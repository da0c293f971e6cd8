//! Privacy-policy versions: the public history, publishing (compliance officers) and
//! acknowledging (everyone).

mod mutation;
mod query;
mod status;
mod version;

pub use mutation::PoliciesMutation;
pub use query::PoliciesQuery;
pub use status::PolicyStatus;
pub use version::PolicyVersion;
