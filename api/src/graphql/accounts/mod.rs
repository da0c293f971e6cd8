//! Accounts: register, sign in and out, change password, and `me`.

mod cookie;
mod mutation;
mod query;
mod types;

pub use mutation::AccountsMutation;
pub use query::AccountsQuery;
pub use types::User;
