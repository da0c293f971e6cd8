//! Publishing: the worker that claims due targets with a lease and sends each at most
//! once, and the per-platform clients it sends through.

mod claim;
pub mod client;
mod outcome;
mod platforms;
pub mod reconcile;
pub mod removal;
pub mod worker;

pub use outcome::Sent;
pub use worker::{DispatchReport, run_once};
