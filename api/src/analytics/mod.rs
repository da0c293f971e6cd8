//! Analytics: pulling metrics for published posts from the platforms they went to, keeping
//! each pull as an immutable snapshot, and answering questions about them from aggregates.

mod ingest;
pub mod metrics;
mod platforms;
pub mod pull;
pub mod queries;

pub use metrics::Metrics;
pub use pull::{PullReport, run};
