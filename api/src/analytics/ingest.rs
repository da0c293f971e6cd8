//! Storing one pull: the immutable snapshot, the target's newest figures, the day's
//! anonymous aggregate, and any milestone the post just passed.

use super::Metrics;
use crate::{error::Result, service::Svc};
use chrono::{DateTime, Utc};
use compliance::mailings::{self, Message, Queued};
use entity::{analytics_daily, analytics_latest, analytics_snapshots, milestones, post_targets, posts, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect,
    TryInsertResult,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

pub async fn ingest<C: ConnectionTrait>(
    db: &C,
    svc: &Svc<'_>,
    target: &post_targets::Model,
    metrics: &Metrics,
    at: DateTime<Utc>,
) -> Result<()> {
    let previous = analytics_latest::Entity::find_by_id(target.id).one(db).await?;
    let (micros, currency) = metrics.revenue.clone().map_or((None, None), |(m, c)| (Some(m), Some(c)));
    let snapshot = analytics_snapshots::Model {
        id: Uuid::now_v7(),
        target_id: target.id,
        post_id: target.post_id,
        workspace_id: target.workspace_id,
        platform: target.platform,
        captured_at: at,
        views: metrics.views,
        likes: metrics.likes,
        comments: metrics.comments,
        shares: metrics.shares,
        saves: metrics.saves,
        watch_time_secs: metrics.watch_time_secs,
        follower_delta: metrics.follower_delta,
        revenue_micros: micros,
        revenue_currency: currency,
    };
    let latest = analytics_latest::Model {
        target_id: snapshot.target_id,
        post_id: snapshot.post_id,
        workspace_id: snapshot.workspace_id,
        platform: snapshot.platform,
        captured_at: snapshot.captured_at,
        views: snapshot.views,
        likes: snapshot.likes,
        comments: snapshot.comments,
        shares: snapshot.shares,
        saves: snapshot.saves,
        watch_time_secs: snapshot.watch_time_secs,
        follower_delta: snapshot.follower_delta,
        revenue_micros: snapshot.revenue_micros,
        revenue_currency: snapshot.revenue_currency.clone(),
    };
    analytics_snapshots::Entity::insert(snapshot.into_active_model()).exec_without_returning(db).await?;
    match &previous {
        Some(_) => {
            latest.clone().into_active_model().reset_all().update(db).await?;
        }
        None => {
            analytics_latest::Entity::insert(latest.clone().into_active_model()).exec_without_returning(db).await?;
        }
    }

    let delta = match &previous {
        Some(before) => metrics - &Metrics::from(before),
        None => metrics.clone(),
    };
    add_to_day(db, target, &delta, at).await?;
    milestones_for(db, svc, target.post_id, at).await
}

/// Adds a change to the day's aggregate in one statement, so concurrent pulls never lose
/// each other's counts.
async fn add_to_day<C: ConnectionTrait>(
    db: &C,
    target: &post_targets::Model,
    d: &Metrics,
    at: DateTime<Utc>,
) -> Result<()> {
    use analytics_daily::Column as C;
    let (revenue, currency) = d.revenue.clone().unwrap_or((0, String::new()));
    let row = analytics_daily::Model {
        workspace_id: target.workspace_id,
        day: at.date_naive(),
        platform: target.platform,
        currency,
        views: d.views,
        likes: d.likes,
        comments: d.comments,
        shares: d.shares,
        saves: d.saves,
        watch_time_secs: d.watch_time_secs,
        follower_delta: d.follower_delta.unwrap_or(0),
        revenue_micros: revenue,
    };
    let add = |col: C, name: &str| (col, Expr::cust(format!("analytics_daily.{name} + excluded.{name}")));
    analytics_daily::Entity::insert(row.into_active_model())
        .on_conflict(
            OnConflict::columns([C::WorkspaceId, C::Day, C::Platform, C::Currency])
                .values([
                    add(C::Views, "views"),
                    add(C::Likes, "likes"),
                    add(C::Comments, "comments"),
                    add(C::Shares, "shares"),
                    add(C::Saves, "saves"),
                    add(C::WatchTimeSecs, "watch_time_secs"),
                    add(C::FollowerDelta, "follower_delta"),
                    add(C::RevenueMicros, "revenue_micros"),
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Records every threshold the post's total views have passed. Each is recorded once; the
/// author hears about the highest new one, and only with their consent.
async fn milestones_for<C: ConnectionTrait>(db: &C, svc: &Svc<'_>, post_id: Uuid, at: DateTime<Utc>) -> Result<()> {
    let total: Option<i64> = analytics_latest::Entity::find()
        .select_only()
        .column_as(super::queries::sum(analytics_latest::Column::Views), "total")
        .filter(analytics_latest::Column::PostId.eq(post_id))
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    let total = total.unwrap_or(0);
    let mut new = Vec::new();
    for threshold in svc.state.config.analytics.milestone_thresholds.iter().copied().filter(|t| total >= *t) {
        let row = milestones::Model { post_id, threshold, reached_at: at, notified: false };
        let inserted = milestones::Entity::insert(row.into_active_model())
            .on_conflict_do_nothing_on([milestones::Column::PostId, milestones::Column::Threshold])
            .exec_without_returning(db)
            .await?;
        // Zero rows means the milestone was already on record.
        if matches!(inserted, TryInsertResult::Inserted(1)) {
            new.push(threshold);
        }
    }
    let Some(highest) = new.iter().max().copied() else { return Ok(()) };
    let Some(post) = posts::Entity::find_by_id(post_id).one(db).await? else { return Ok(()) };
    let Some(author) = post.author_id else { return Ok(()) };
    if !compliance::restrictions::processing_allowed(db, &[author], at).await? {
        return Ok(());
    }
    let Some(user) = users::Entity::find_by_id(author).one(db).await? else { return Ok(()) };
    let preview: String = post.text.chars().take(60).collect();
    let message = Message {
        to_address: user.email,
        subject: format!("Your post passed {} views", group(highest)),
        body: format!("\"{preview}\" has now been seen {} times across its platforms.", group(total)),
    };
    let config = &svc.state.config.compliance;
    if let Queued::Queued(_) =
        mailings::milestone_alert(db, svc.state.clock.as_ref(), &config.purposes, author, message).await?
    {
        milestones::Entity::update_many()
            .col_expr(milestones::Column::Notified, Expr::value(true))
            .filter(milestones::Column::PostId.eq(post_id))
            .filter(milestones::Column::Threshold.eq(highest))
            .exec(db)
            .await?;
    }
    Ok(())
}

fn group(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_read_with_thousands_separators() {
        assert_eq!(super::group(1_000), "1,000");
        assert_eq!(super::group(1_234_567), "1,234,567");
        assert_eq!(super::group(999), "999");
    }
}
