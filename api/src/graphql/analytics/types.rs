use crate::{
    analytics::{
        Metrics,
        queries::{Bucket, Ranked, Totals},
    },
    graphql::{
        enums::Platform,
        scalars::{BigInt, Date, DateTime, Money},
    },
};
use async_graphql::{Enum, SimpleObject};
use std::collections::BTreeMap;

/// Lifetime counters as the platform last reported them.
#[derive(SimpleObject, Clone)]
pub struct MetricsView {
    /// How many times it was viewed.
    pub views: BigInt,
    /// How many likes (or reactions) it has.
    pub likes: BigInt,
    /// How many comments it has.
    pub comments: BigInt,
    /// How many times it was shared or reposted.
    pub shares: BigInt,
    /// How many times it was saved or bookmarked.
    pub saves: BigInt,
    /// How long it was watched in total, in seconds (videos).
    pub watch_time_seconds: BigInt,
    /// Followers gained (or lost, if negative) with it, where the platform says.
    pub follower_delta: Option<BigInt>,
    /// Estimated revenue, one entry per currency.
    pub revenue: Vec<Money>,
    /// When the platform reported these figures; null for a point of a series.
    pub captured_at: Option<DateTime>,
}

impl MetricsView {
    pub fn new(m: &Metrics, captured_at: Option<chrono::DateTime<chrono::Utc>>) -> Self {
        Self {
            views: m.views.into(),
            likes: m.likes.into(),
            comments: m.comments.into(),
            shares: m.shares.into(),
            saves: m.saves.into(),
            watch_time_seconds: m.watch_time_secs.into(),
            follower_delta: m.follower_delta.map(Into::into),
            revenue: m.revenue.iter().map(|(micros, currency)| Money::new(*micros, currency.clone())).collect(),
            captured_at: captured_at.map(Into::into),
        }
    }
}

/// What was gained over a period.
#[derive(SimpleObject, Clone)]
pub struct TotalsView {
    /// Views gained.
    pub views: BigInt,
    /// Likes gained.
    pub likes: BigInt,
    /// Comments gained.
    pub comments: BigInt,
    /// Shares gained.
    pub shares: BigInt,
    /// Saves gained.
    pub saves: BigInt,
    /// Watch time gained, in seconds.
    pub watch_time_seconds: BigInt,
    /// Followers gained (negative when lost).
    pub follower_delta: BigInt,
    /// Estimated revenue gained, one entry per currency.
    pub revenue: Vec<Money>,
}

impl From<&Totals> for TotalsView {
    fn from(t: &Totals) -> Self {
        Self {
            views: t.views.into(),
            likes: t.likes.into(),
            comments: t.comments.into(),
            shares: t.shares.into(),
            saves: t.saves.into(),
            watch_time_seconds: t.watch_time_secs.into(),
            follower_delta: t.follower_delta.into(),
            revenue: revenue(&t.revenue),
        }
    }
}

fn revenue(by_currency: &BTreeMap<String, i64>) -> Vec<Money> {
    by_currency.iter().map(|(currency, micros)| Money::new(*micros, currency.clone())).collect()
}

/// What one platform gained over the range.
#[derive(SimpleObject)]
pub struct PlatformTotals {
    /// The platform.
    pub platform: Platform,
    /// Its gains over the range.
    pub totals: TotalsView,
}

/// What was gained on one day (UTC).
#[derive(SimpleObject)]
pub struct DailyPoint {
    /// The day.
    pub date: Date,
    /// What was gained that day.
    pub gained: TotalsView,
}

/// One bucket of a metrics series.
#[derive(SimpleObject)]
pub struct MetricsPoint {
    /// The start of the bucket.
    pub at: DateTime,
    /// The figures at the end of the bucket.
    pub metrics: MetricsView,
}

/// How long each point of a series covers.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "Bucket")]
pub enum MetricsBucket {
    /// One point per hour.
    Hour,
    /// One point per day (UTC).
    Day,
    /// One point per week (weeks start on Monday, UTC).
    Week,
}

/// The figure posts are ranked by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "Ranked")]
pub enum RankBy {
    /// Views.
    Views,
    /// Likes.
    Likes,
    /// Comments.
    Comments,
    /// Shares.
    Shares,
    /// Saves.
    Saves,
    /// Watch time.
    WatchTime,
}
