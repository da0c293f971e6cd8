//! How often a post's metrics are pulled: often while it is fresh, less as it ages.

use crate::config::AnalyticsConfig;
use chrono::{DateTime, Duration, Utc};

/// When to pull next, or `None` once the post is old enough that pulling stops.
pub fn next_pull(config: &AnalyticsConfig, published_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let age = now - published_at;
    let interval = if age < Duration::hours(config.hourly_for_hours) {
        Duration::hours(1)
    } else if age < Duration::days(config.daily_for_days) {
        Duration::days(1)
    } else if age < Duration::days(config.stop_after_days) {
        Duration::weeks(1)
    } else {
        return None;
    };
    Some(now + interval)
}

/// Starts pulling a freshly published target's metrics, where its platform reports any.
pub async fn start<C: sea_orm::ConnectionTrait>(
    db: &C,
    target: &entity::post_targets::Model,
    published_at: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    use entity::{analytics_schedules, sea_orm_active_enums::Platform};
    use sea_orm::{EntityTrait, IntoActiveModel};
    if target.platform == Platform::Telegram || target.remote_id.is_none() {
        return Ok(());
    }
    let row = analytics_schedules::Model {
        target_id: target.id,
        connection_id: target.connection_id,
        published_at,
        next_pull_at: published_at + Duration::hours(1),
        last_pulled_at: None,
        lease_until: None,
        failures: 0,
        last_error: None,
    };
    analytics_schedules::Entity::insert(row.into_active_model())
        .on_conflict_do_nothing_on([analytics_schedules::Column::TargetId])
        .exec_without_returning(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_grows_with_age_and_stops() {
        let config = AnalyticsConfig::default();
        let published = Utc::now();
        let gap = |age: Duration| next_pull(&config, published, published + age).map(|next| next - (published + age));
        assert_eq!(gap(Duration::hours(1)), Some(Duration::hours(1)));
        assert_eq!(gap(Duration::hours(49)), Some(Duration::days(1)));
        assert_eq!(gap(Duration::days(31)), Some(Duration::weeks(1)));
        assert_eq!(gap(Duration::days(400)), None);
    }
}
