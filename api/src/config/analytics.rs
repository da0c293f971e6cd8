use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyticsConfig {
    /// Pull hourly while a post is younger than this…
    pub hourly_for_hours: i64,
    /// …daily until it is this old…
    pub daily_for_days: i64,
    /// …then weekly, until it is this old, when pulling stops.
    pub stop_after_days: i64,
    /// Schedules one run claims.
    pub batch_size: u64,
    /// Pulls in flight per platform.
    pub per_platform_concurrency: usize,
    pub request_timeout_secs: u64,
    /// View counts that earn the author a milestone alert (with their consent).
    pub milestone_thresholds: Vec<i64>,
    /// How long per-post snapshots are kept; the anonymous daily aggregates stay.
    pub retention_days: i64,
}

impl Default for AnalyticsConfig {
    fn default() -> Self {
        Self {
            hourly_for_hours: 48,
            daily_for_days: 30,
            stop_after_days: 365,
            batch_size: 200,
            per_platform_concurrency: 4,
            request_timeout_secs: 20,
            milestone_thresholds: vec![1_000, 10_000, 100_000, 1_000_000],
            retention_days: 730,
        }
    }
}
