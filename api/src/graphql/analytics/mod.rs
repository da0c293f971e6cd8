//! Analytics: metrics per target and post, and a workspace's totals, series and rankings.

mod types;
mod workspace;

pub use types::{MetricsBucket, MetricsPoint, MetricsView};
pub use workspace::{WorkspaceAnalytics, analytics};
