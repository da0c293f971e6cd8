//! Connected social accounts (stored as `connections`).

mod mutation;
mod query;
mod types;

pub use mutation::ConnectionsMutation;
pub use query::{ConnectionsQuery, social_accounts};
pub use types::SocialAccount;
