//! API keys for scripts and integrations.

mod mutation;
mod types;

pub use mutation::ApiKeysMutation;
pub use types::ApiKey;
