//! Questions about a workspace's analytics, answered by aggregation in the database: the
//! daily aggregates for totals and series, the newest-snapshot table for rankings and
//! lists. Only a single post's (bounded) history is read into memory.

use super::Metrics;
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, TimeZone, Timelike, Utc};
use entity::{analytics_daily, analytics_latest, analytics_snapshots, sea_orm_active_enums::Platform};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ExprTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, Func, Order},
};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// `CAST(SUM(col) AS BIGINT)`: PostgreSQL sums bigints into numerics.
pub(super) fn sum(col: impl sea_orm::sea_query::IntoColumnRef) -> Expr {
    Func::cast_as(Func::sum(Expr::col(col)), Alias::new("bigint")).into()
}

/// Sums of every counter, with revenue kept apart per currency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub views: i64,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub saves: i64,
    pub watch_time_secs: i64,
    pub follower_delta: i64,
    /// Micros per ISO 4217 currency.
    pub revenue: BTreeMap<String, i64>,
}

#[derive(Debug, FromQueryResult)]
struct Row {
    key: String,
    currency: String,
    views: i64,
    likes: i64,
    comments: i64,
    shares: i64,
    saves: i64,
    watch_time_secs: i64,
    follower_delta: i64,
    revenue_micros: i64,
}

impl Totals {
    fn add(&mut self, r: &Row) {
        self.views += r.views;
        self.likes += r.likes;
        self.comments += r.comments;
        self.shares += r.shares;
        self.saves += r.saves;
        self.watch_time_secs += r.watch_time_secs;
        self.follower_delta += r.follower_delta;
        if !r.currency.is_empty() {
            *self.revenue.entry(r.currency.clone()).or_default() += r.revenue_micros;
        }
    }
}

async fn grouped<C: ConnectionTrait>(
    db: &C,
    workspace_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    platform: Option<Platform>,
    key: analytics_daily::Column,
) -> Result<Vec<Row>, DbErr> {
    use analytics_daily::Column as C;
    let mut query = analytics_daily::Entity::find()
        .select_only()
        .column_as(Expr::col(key).cast_as(Alias::new("text")), "key")
        .column(C::Currency)
        .filter(C::WorkspaceId.eq(workspace_id))
        .filter(C::Day.gte(from))
        .filter(C::Day.lte(to));
    for (col, name) in [
        (C::Views, "views"),
        (C::Likes, "likes"),
        (C::Comments, "comments"),
        (C::Shares, "shares"),
        (C::Saves, "saves"),
        (C::WatchTimeSecs, "watch_time_secs"),
        (C::FollowerDelta, "follower_delta"),
        (C::RevenueMicros, "revenue_micros"),
    ] {
        query = query.column_as(sum(col), name);
    }
    if let Some(platform) = platform {
        query = query.filter(C::Platform.eq(platform));
    }
    query.group_by(key).group_by(C::Currency).into_model::<Row>().all(db).await
}

/// What each platform gained between two days (inclusive).
pub async fn totals<C: ConnectionTrait>(
    db: &C,
    workspace_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BTreeMap<String, Totals>, DbErr> {
    let rows = grouped(db, workspace_id, from, to, None, analytics_daily::Column::Platform).await?;
    let mut out: BTreeMap<String, Totals> = BTreeMap::new();
    for row in &rows {
        out.entry(row.key.clone()).or_default().add(row);
    }
    Ok(out)
}

/// What the workspace gained each day, every day of the range present.
pub async fn daily<C: ConnectionTrait>(
    db: &C,
    workspace_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    platform: Option<Platform>,
) -> Result<Vec<(NaiveDate, Totals)>, DbErr> {
    let rows = grouped(db, workspace_id, from, to, platform, analytics_daily::Column::Day).await?;
    let mut days: BTreeMap<NaiveDate, Totals> = BTreeMap::new();
    let mut day = from;
    while day <= to {
        days.insert(day, Totals::default());
        let Some(next) = day.checked_add_days(Days::new(1)) else { break };
        day = next;
    }
    for row in &rows {
        if let Ok(day) = NaiveDate::parse_from_str(&row.key[..row.key.len().min(10)], "%Y-%m-%d") {
            days.entry(day).or_default().add(row);
        }
    }
    Ok(days.into_iter().collect())
}

/// The columns a ranking may order by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranked {
    Views,
    Likes,
    Comments,
    Shares,
    Saves,
    WatchTime,
}

impl Ranked {
    fn column(self) -> analytics_latest::Column {
        use analytics_latest::Column as C;
        match self {
            Ranked::Views => C::Views,
            Ranked::Likes => C::Likes,
            Ranked::Comments => C::Comments,
            Ranked::Shares => C::Shares,
            Ranked::Saves => C::Saves,
            Ranked::WatchTime => C::WatchTimeSecs,
        }
    }
}

/// The posts with the most of `metric`, summed over their targets.
pub async fn top_posts<C: ConnectionTrait>(
    db: &C,
    workspace_id: Uuid,
    metric: Ranked,
    limit: u64,
) -> Result<Vec<(Uuid, i64)>, DbErr> {
    analytics_latest::Entity::find()
        .select_only()
        .column(analytics_latest::Column::PostId)
        .column_as(sum(metric.column()), "value")
        .filter(analytics_latest::Column::WorkspaceId.eq(workspace_id))
        .group_by(analytics_latest::Column::PostId)
        .order_by(Expr::col(Alias::new("value")), Order::Desc)
        .order_by(analytics_latest::Column::PostId, Order::Asc)
        .limit(limit)
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await
}

/// The newest figures of each target.
pub async fn latest_by_target<C: ConnectionTrait>(
    db: &C,
    targets: &[Uuid],
) -> Result<HashMap<Uuid, analytics_latest::Model>, DbErr> {
    Ok(analytics_latest::Entity::find()
        .filter(analytics_latest::Column::TargetId.is_in(targets.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.target_id, row))
        .collect())
}

/// The newest figures of each post, summed over its targets.
pub async fn latest_by_post<C: ConnectionTrait>(
    db: &C,
    posts: &[Uuid],
) -> Result<HashMap<Uuid, (Metrics, DateTime<Utc>)>, DbErr> {
    let mut out: HashMap<Uuid, (Metrics, DateTime<Utc>)> = HashMap::new();
    let rows = analytics_latest::Entity::find()
        .filter(analytics_latest::Column::PostId.is_in(posts.iter().copied()))
        .all(db)
        .await?;
    for row in rows {
        let entry = out.entry(row.post_id).or_insert_with(|| (Metrics::default(), row.captured_at));
        let m = Metrics::from(&row);
        entry.0 = &entry.0 + &m;
        entry.1 = Ord::max(entry.1, row.captured_at);
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Hour,
    Day,
    Week,
}

/// The start of the bucket `at` falls in (weeks start on Monday, UTC).
pub fn bucket_start(at: DateTime<Utc>, bucket: Bucket) -> DateTime<Utc> {
    let hour = at.date_naive().and_hms_opt(at.hour(), 0, 0).unwrap_or_default();
    let day = at.date_naive().and_hms_opt(0, 0, 0).unwrap_or_default();
    let start = match bucket {
        Bucket::Hour => hour,
        Bucket::Day => day,
        Bucket::Week => day - Duration::days(i64::from(at.weekday().num_days_from_monday())),
    };
    Utc.from_utc_datetime(&start)
}

/// The cumulative figures at the end of each bucket with data, summed over `targets`; a
/// target without a pull in a bucket counts with its latest earlier figures.
pub async fn series<C: ConnectionTrait>(
    db: &C,
    targets: &[Uuid],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    bucket: Bucket,
) -> Result<Vec<(DateTime<Utc>, Metrics)>, DbErr> {
    let rows = analytics_snapshots::Entity::find()
        .filter(analytics_snapshots::Column::TargetId.is_in(targets.iter().copied()))
        .filter(analytics_snapshots::Column::CapturedAt.gte(from))
        .filter(analytics_snapshots::Column::CapturedAt.lt(to))
        .order_by_asc(analytics_snapshots::Column::CapturedAt)
        .all(db)
        .await?;
    // Each target starts from its figures before the range, so one not pulled in the
    // range's first buckets (older posts are pulled weekly, on their own days) still counts.
    let mut last: HashMap<Uuid, Metrics> = HashMap::new();
    for target in targets {
        let before = analytics_snapshots::Entity::find()
            .filter(analytics_snapshots::Column::TargetId.eq(*target))
            .filter(analytics_snapshots::Column::CapturedAt.lt(from))
            .order_by_desc(analytics_snapshots::Column::CapturedAt)
            .one(db)
            .await?;
        if let Some(row) = before {
            last.insert(*target, Metrics::from(&row));
        }
    }
    let mut points: Vec<(DateTime<Utc>, Metrics)> = Vec::new();
    for row in rows {
        let at = bucket_start(row.captured_at, bucket);
        last.insert(row.target_id, Metrics::from(&row));
        let total = last.values().fold(Metrics::default(), |acc, m| &acc + m);
        match points.last_mut() {
            Some((bucket_at, metrics)) if *bucket_at == at => *metrics = total,
            _ => points.push((at, total)),
        }
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_start_on_the_hour_the_day_and_monday() {
        // A Wednesday afternoon.
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 15, 42, 7).unwrap();
        assert_eq!(bucket_start(at, Bucket::Hour), Utc.with_ymd_and_hms(2026, 11, 25, 15, 0, 0).unwrap());
        assert_eq!(bucket_start(at, Bucket::Day), Utc.with_ymd_and_hms(2026, 11, 25, 0, 0, 0).unwrap());
        assert_eq!(bucket_start(at, Bucket::Week), Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap());
        let monday = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
        assert_eq!(bucket_start(monday, Bucket::Week), monday);
        let sunday = Utc.with_ymd_and_hms(2026, 11, 29, 23, 59, 59).unwrap();
        assert_eq!(bucket_start(sunday, Bucket::Week), monday);
    }
}
