use super::inputs::Visibility;
use crate::{
    auth::{ApiScope, require_scope},
    graphql::{
        analytics::{MetricsBucket, MetricsPoint, MetricsView},
        loaders::LatestByTarget,
    },
};
use crate::{
    error::ApiResult,
    graphql::{
        connections::PlatformConnection,
        enums::{Platform, PublishStatus},
        loaders::{ConnectionLoader, load},
        relay::{GlobalId, NodeKind},
    },
    service::posts::compose::Overrides,
};
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::post_targets;

/// One post on one connected account.
pub struct PostTarget(pub post_targets::Model);

/// What this target sends instead of the post's own fields.
#[derive(SimpleObject)]
pub struct TargetOverrides {
    pub text: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

#[Object]
impl PostTarget {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::PostTarget, self.0.id)
    }

    async fn post_id(&self) -> ID {
        GlobalId::id(NodeKind::Post, self.0.post_id)
    }

    async fn platform(&self) -> Platform {
        self.0.platform.into()
    }

    async fn status(&self) -> PublishStatus {
        self.0.status.into()
    }

    /// Null once the account was disconnected.
    async fn connection(&self, ctx: &Context<'_>) -> ApiResult<Option<PlatformConnection>> {
        let Some(id) = self.0.connection_id else { return Ok(None) };
        Ok(load::<ConnectionLoader, _>(ctx, id).await?.map(PlatformConnection))
    }

    async fn overrides(&self) -> TargetOverrides {
        let o = Overrides::parse(&self.0.overrides);
        TargetOverrides {
            text: o.text,
            title: o.title,
            description: o.description,
            visibility: o.visibility.map(Into::into),
        }
    }

    async fn attempts(&self) -> i32 {
        self.0.attempts
    }

    /// When the worker will try again, after a passing failure.
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_attempt_at
    }

    async fn remote_id(&self) -> Option<&str> {
        self.0.remote_id.as_deref()
    }

    async fn remote_url(&self) -> Option<&str> {
        self.0.remote_url.as_deref()
    }

    /// The platform's own message, when it refused.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }

    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn removed_from_platform_at(&self) -> Option<DateTime<Utc>> {
        self.0.removed_from_platform_at
    }

    /// The newest metrics the platform reported (API keys need `ANALYTICS_READ`).
    async fn latest_metrics(&self, ctx: &Context<'_>) -> ApiResult<Option<MetricsView>> {
        require_scope(ctx, ApiScope::AnalyticsRead)?;
        Ok(load::<LatestByTarget, _>(ctx, self.0.id)
            .await?
            .map(|row| MetricsView::new(&crate::analytics::Metrics::from(&row), Some(row.captured_at))))
    }

    /// This target's figures over time, per bucket.
    async fn metrics_series(
        &self,
        ctx: &Context<'_>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        bucket: MetricsBucket,
    ) -> ApiResult<Vec<MetricsPoint>> {
        require_scope(ctx, ApiScope::AnalyticsRead)?;
        super::post::series(ctx, &[self.0.id], from, to, bucket).await
    }
}
