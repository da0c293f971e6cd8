//! Consent: an append-only ledger of grants and withdrawals per person and purpose. The
//! current state is never stored; it is the latest event at the moment asked about, or the
//! purpose's default when there is none (see [`crate::config::Purpose::default_allowed`]).
//!
//! Other modules ask one question, [`allows`], before processing for a purpose.

mod context;
pub mod gpc;
mod ledger;
mod state;

pub use context::{country_code, user_agent_family};
pub use ledger::{ConsentFilter, NewConsent, RequestContext, history, record};
pub use state::{ConsentState, allows, current};
