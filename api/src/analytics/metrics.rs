//! The metrics a platform reports for a post, as lifetime counters.

use std::ops::{Add, Sub};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metrics {
    pub views: i64,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub saves: i64,
    pub watch_time_secs: i64,
    pub follower_delta: Option<i64>,
    /// Estimated revenue in micros of `currency`, where the platform reports it.
    pub revenue: Option<(i64, String)>,
}

impl Sub for &Metrics {
    type Output = Metrics;

    /// The change since `rhs`; counters can fall (an unlike), so deltas may be negative and
    /// the daily sums always add up to the latest totals.
    fn sub(self, rhs: &Metrics) -> Metrics {
        let revenue = match (&self.revenue, &rhs.revenue) {
            (Some((now, c)), Some((before, c2))) if c == c2 => Some((now - before, c.clone())),
            (Some(now), _) => Some(now.clone()),
            (None, _) => None,
        };
        Metrics {
            views: self.views - rhs.views,
            likes: self.likes - rhs.likes,
            comments: self.comments - rhs.comments,
            shares: self.shares - rhs.shares,
            saves: self.saves - rhs.saves,
            watch_time_secs: self.watch_time_secs - rhs.watch_time_secs,
            follower_delta: match (self.follower_delta, rhs.follower_delta) {
                (Some(now), Some(before)) => Some(now - before),
                (now, _) => now,
            },
            revenue,
        }
    }
}

impl Add for &Metrics {
    type Output = Metrics;

    /// Two targets' figures together; revenue in different currencies keeps the first.
    fn add(self, rhs: &Metrics) -> Metrics {
        Metrics {
            views: self.views + rhs.views,
            likes: self.likes + rhs.likes,
            comments: self.comments + rhs.comments,
            shares: self.shares + rhs.shares,
            saves: self.saves + rhs.saves,
            watch_time_secs: self.watch_time_secs + rhs.watch_time_secs,
            follower_delta: match (self.follower_delta, rhs.follower_delta) {
                (None, None) => None,
                (x, y) => Some(x.unwrap_or(0) + y.unwrap_or(0)),
            },
            revenue: match (&self.revenue, &rhs.revenue) {
                (Some((x, c)), Some((y, c2))) if c == c2 => Some((x + y, c.clone())),
                (Some(x), _) => Some(x.clone()),
                (None, y) => y.clone(),
            },
        }
    }
}

impl From<&entity::analytics_snapshots::Model> for Metrics {
    fn from(row: &entity::analytics_snapshots::Model) -> Self {
        Metrics {
            views: row.views,
            likes: row.likes,
            comments: row.comments,
            shares: row.shares,
            saves: row.saves,
            watch_time_secs: row.watch_time_secs,
            follower_delta: row.follower_delta,
            revenue: row.revenue_micros.zip(row.revenue_currency.clone()),
        }
    }
}

impl From<&entity::analytics_latest::Model> for Metrics {
    fn from(row: &entity::analytics_latest::Model) -> Self {
        Metrics {
            views: row.views,
            likes: row.likes,
            comments: row.comments,
            shares: row.shares,
            saves: row.saves,
            watch_time_secs: row.watch_time_secs,
            follower_delta: row.follower_delta,
            revenue: row.revenue_micros.zip(row.revenue_currency.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_follow_the_counters_either_way() {
        let before = Metrics { views: 100, likes: 10, revenue: Some((5_000_000, "USD".into())), ..Metrics::default() };
        let now = Metrics { views: 150, likes: 9, revenue: Some((7_500_000, "USD".into())), ..Metrics::default() };
        let delta = &now - &before;
        assert_eq!((delta.views, delta.likes), (50, -1));
        assert_eq!(delta.revenue, Some((2_500_000, "USD".into())));
    }
}
