use crate::{
    analytics::{
        Metrics,
        queries::{Bucket, Ranked, Totals},
    },
    graphql::enums::Platform,
};
use async_graphql::{Enum, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

/// Estimated revenue in one currency.
#[derive(SimpleObject, Clone)]
pub struct Revenue {
    /// ISO 4217 code.
    pub currency: String,
    /// Millionths of the currency unit.
    pub micros: i64,
}

/// Lifetime counters as the platform reported them.
#[derive(SimpleObject, Clone)]
pub struct MetricsView {
    pub views: i64,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub saves: i64,
    pub watch_time_seconds: i64,
    pub follower_delta: Option<i64>,
    pub revenue: Vec<Revenue>,
    pub captured_at: Option<DateTime<Utc>>,
}

impl MetricsView {
    pub fn new(m: &Metrics, captured_at: Option<DateTime<Utc>>) -> Self {
        Self {
            views: m.views,
            likes: m.likes,
            comments: m.comments,
            shares: m.shares,
            saves: m.saves,
            watch_time_seconds: m.watch_time_secs,
            follower_delta: m.follower_delta,
            revenue: m
                .revenue
                .iter()
                .map(|(micros, currency)| Revenue { currency: currency.clone(), micros: *micros })
                .collect(),
            captured_at,
        }
    }
}

/// Sums over a period.
#[derive(SimpleObject, Clone)]
pub struct TotalsView {
    pub views: i64,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub saves: i64,
    pub watch_time_seconds: i64,
    pub follower_delta: i64,
    pub revenue: Vec<Revenue>,
}

impl From<&Totals> for TotalsView {
    fn from(t: &Totals) -> Self {
        Self {
            views: t.views,
            likes: t.likes,
            comments: t.comments,
            shares: t.shares,
            saves: t.saves,
            watch_time_seconds: t.watch_time_secs,
            follower_delta: t.follower_delta,
            revenue: revenue(&t.revenue),
        }
    }
}

fn revenue(by_currency: &BTreeMap<String, i64>) -> Vec<Revenue> {
    by_currency.iter().map(|(currency, micros)| Revenue { currency: currency.clone(), micros: *micros }).collect()
}

#[derive(SimpleObject)]
pub struct PlatformTotals {
    pub platform: Platform,
    pub totals: TotalsView,
}

#[derive(SimpleObject)]
pub struct DailyPoint {
    pub date: NaiveDate,
    /// What was gained that day.
    pub gained: TotalsView,
}

#[derive(SimpleObject)]
pub struct MetricsPoint {
    /// The start of the bucket.
    pub at: DateTime<Utc>,
    /// The figures at the end of the bucket.
    pub metrics: MetricsView,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "Bucket")]
pub enum MetricsBucket {
    Hour,
    Day,
    Week,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "Ranked")]
pub enum RankBy {
    Views,
    Likes,
    Comments,
    Shares,
    Saves,
    WatchTime,
}
