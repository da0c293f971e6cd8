//! Removing what has outlived its purpose: expired OAuth handshakes (with their sealed
//! PKCE verifiers), expired sessions, stale sign-in throttles, media copies of published
//! posts whose purge did not finish when they went out, media past its retention, and
//! per-post analytics past theirs.

use crate::state::AppState;
use chrono::Duration;
use entity::{login_throttles, oauth_states, sessions};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HousekeepingReport {
    pub oauth_states: u64,
    pub sessions: u64,
    pub login_throttles: u64,
    pub media_purged: u64,
    pub media_expired: u64,
    pub analytics: compliance::retention::AnalyticsSwept,
}

pub async fn run(state: &AppState) -> anyhow::Result<HousekeepingReport> {
    let now = state.clock.now();
    let throttle = &state.config.auth.throttle;
    let stale_before = now - Duration::minutes(throttle.window_minutes.max(throttle.lockout_minutes));
    Ok(HousekeepingReport {
        oauth_states: oauth_states::Entity::delete_many()
            .filter(oauth_states::Column::ExpiresAt.lte(now))
            .exec(&state.db)
            .await?
            .rows_affected,
        sessions: sessions::Entity::delete_many()
            .filter(sessions::Column::ExpiresAt.lte(now))
            .exec(&state.db)
            .await?
            .rows_affected,
        login_throttles: login_throttles::Entity::delete_many()
            .filter(login_throttles::Column::WindowStartedAt.lte(stale_before))
            .filter(
                Condition::any()
                    .add(login_throttles::Column::LockedUntil.is_null())
                    .add(login_throttles::Column::LockedUntil.lte(now)),
            )
            .exec(&state.db)
            .await?
            .rows_affected,
        media_purged: crate::service::media_purge::unfinished(state, now).await?,
        media_expired: crate::service::media_purge::expired(state, now).await?,
        analytics: compliance::retention::sweep_analytics(
            &state.db,
            state.clock.as_ref(),
            now - Duration::days(state.config.analytics.retention_days),
            10_000,
        )
        .await?,
    })
}
