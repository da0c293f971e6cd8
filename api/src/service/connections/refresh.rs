//! The refresh job: renews tokens that lapse within the window, keeping the stored refresh
//! token when the platform sends no new one. A dead grant (`invalid_grant`) marks the
//! connection for reconnecting; a passing failure is retried on the next run.

use super::{ACCESS_TOKEN, REFRESH_TOKEN, health::mark_needs_reauth};
use crate::{
    platforms::{
        Provider,
        oauth::{self, OAuthError},
    },
    service::Svc,
    state::AppState,
    vault::{self, Owner},
};
use chrono::Duration;
use compliance::{audit::Actor, db::begin_write};
use entity::{connections, sea_orm_active_enums::ConnectionStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, Set, sea_query::Expr,
};

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RefreshReport {
    pub refreshed: u64,
    pub needs_reauth: u64,
    /// Passing failures (platform down, misconfigured); retried next run.
    pub failed: u64,
    /// Held by another worker.
    pub skipped: u64,
}

pub async fn run(state: &AppState) -> anyhow::Result<RefreshReport> {
    let config = &state.config.connections;
    let now = state.clock.now();
    let svc = Svc::system(state);
    let mut report = RefreshReport::default();
    let due = connections::Entity::find()
        .filter(connections::Column::Status.eq(ConnectionStatus::Active))
        .filter(connections::Column::ExpiresAt.lte(now + Duration::minutes(config.refresh_window_minutes)))
        // Without a refresh token nothing can be done until the token has actually lapsed.
        .filter(
            Condition::any().add(connections::Column::CanRefresh.eq(true)).add(connections::Column::ExpiresAt.lte(now)),
        )
        .filter(
            Condition::any()
                .add(connections::Column::LeaseUntil.is_null())
                .add(connections::Column::LeaseUntil.lt(now)),
        )
        .all(&state.db)
        .await?;
    for connection in due {
        // Claim it, so that two replicas never spend the same (often single-use) refresh token.
        let claimed = connections::Entity::update_many()
            .col_expr(
                connections::Column::LeaseUntil,
                Expr::value(now + Duration::seconds(config.refresh_lease_seconds)),
            )
            .filter(connections::Column::Id.eq(connection.id))
            .filter(
                Condition::any()
                    .add(connections::Column::LeaseUntil.is_null())
                    .add(connections::Column::LeaseUntil.lt(now)),
            )
            .exec(&state.db)
            .await?
            .rows_affected;
        if claimed == 0 {
            report.skipped += 1;
            continue;
        }
        match refresh_one(state, &svc, connection).await? {
            Outcome::Refreshed => report.refreshed += 1,
            Outcome::NeedsReauth => report.needs_reauth += 1,
            Outcome::Failed => report.failed += 1,
        }
    }
    Ok(report)
}

enum Outcome {
    Refreshed,
    NeedsReauth,
    Failed,
}

async fn refresh_one(state: &AppState, svc: &Svc<'_>, connection: connections::Model) -> anyhow::Result<Outcome> {
    let now = state.clock.now();
    let owner = Owner::Connection(connection.id);
    let reauth = |reason: &'static str, connection: connections::Model| async move {
        let txn = begin_write(&state.db).await?;
        mark_needs_reauth(&txn, svc, connection, reason, Actor::System).await?;
        txn.commit().await?;
        anyhow::Ok(Outcome::NeedsReauth)
    };
    if !connection.can_refresh {
        return reauth("token_expired", connection).await;
    }
    let refresh_token = match vault::get(&state.db, &state.vault, owner, REFRESH_TOKEN).await {
        Ok(Some(token)) => token,
        Ok(None) => return reauth("token_missing", connection).await,
        Err(_) => return reauth("token_unreadable", connection).await,
    };
    let Some(provider) = Provider::resolve(connection.platform, &state.config.platforms) else {
        tracing::warn!(connection_id = %connection.id, "platform no longer configured; cannot refresh");
        release(state, &connection).await?;
        return Ok(Outcome::Failed);
    };
    match oauth::refresh(&provider, &state.http, &refresh_token).await {
        Ok(tokens) => {
            let txn = begin_write(&state.db).await?;
            vault::put(&txn, &state.vault, now, owner, ACCESS_TOKEN, &tokens.access).await?;
            if let Some(refresh) = &tokens.refresh {
                vault::put(&txn, &state.vault, now, owner, REFRESH_TOKEN, refresh).await?;
            }
            let mut active = connection.into_active_model();
            active.expires_at = Set(tokens.expires_in.map(|d| now + d));
            if let Some(lifetime) = tokens.refresh_expires_in {
                active.refresh_expires_at = Set(Some(now + lifetime));
            }
            active.last_refreshed_at = Set(Some(now));
            active.updated_at = Set(now);
            active.lease_until = Set(None);
            active.update(&txn).await?;
            txn.commit().await?;
            Ok(Outcome::Refreshed)
        }
        Err(OAuthError::InvalidGrant) => reauth("refresh_rejected", connection).await,
        Err(err) => {
            tracing::warn!(connection_id = %connection.id, error = %err, "token refresh failed; will retry");
            release(state, &connection).await?;
            Ok(Outcome::Failed)
        }
    }
}

async fn release(state: &AppState, connection: &connections::Model) -> anyhow::Result<()> {
    connections::Entity::update_many()
        .col_expr(connections::Column::LeaseUntil, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
        .filter(connections::Column::Id.eq(connection.id))
        .exec(&state.db)
        .await?;
    Ok(())
}
