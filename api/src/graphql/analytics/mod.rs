//! Analytics: metrics per target and post, and a workspace's totals, series and rankings.

mod query;
mod types;

pub use query::AnalyticsQuery;
pub use types::{MetricsBucket, MetricsPoint, MetricsView};
