//! Leased queues: the low-level machinery every job that sends something out shares
//! (publishing, mail, webhook deliveries). It knows rows, leases and retry delays, and
//! nothing of what is being sent, so services and jobs alike may build on it.

pub mod backoff;
mod drain;
pub mod lease;

pub use drain::{DrainSettings, Outcome, Tally, drain};
