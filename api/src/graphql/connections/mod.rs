//! Connected social accounts.

mod mutation;
mod query;
mod types;

pub use mutation::ConnectionsMutation;
pub use query::ConnectionsQuery;
pub use types::PlatformConnection;
