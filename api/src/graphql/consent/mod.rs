//! Consent: your own choices per purpose, and the ledger as a compliance officer reads it.

mod event;
mod filter;
mod mutation;
mod my_consents;
mod purpose;
mod query;
mod state;

pub use event::ConsentEvent;
pub use mutation::ConsentMutation;
pub use purpose::ConsentPurpose;
pub use query::ConsentQuery;
pub use state::Consent;
