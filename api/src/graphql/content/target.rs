use super::{Post, inputs::Visibility};
use crate::{
    auth::{ApiScope, require_scope},
    error::ApiResult,
    graphql::{
        analytics::{MetricsBucket, MetricsPoint, MetricsView},
        connections::SocialAccount,
        enums::{Platform, PublishStatus},
        loaders::{ConnectionLoader, LatestByTarget, PostLoader, load},
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
    },
    service::posts::compose::Overrides,
};
use async_graphql::{Context, ID, Object, SimpleObject};
use entity::post_targets;

/// One post on one social account: its own status, attempts and the platform's answer.
/// `retryTarget` sends a `FAILED` or `UNCONFIRMED` target again; `markTargetPublished`
/// settles an `UNCONFIRMED` one; `deleteFromPlatform` removes a `PUBLISHED` one.
pub struct PostTarget(pub post_targets::Model);

/// What this target sends instead of the post's own fields; null fields use the post's.
#[derive(SimpleObject)]
pub struct TargetOverrides {
    /// The text for this account only (for example a shorter one for X).
    pub text: Option<String>,
    /// The title for this account only (for example a YouTube title).
    pub title: Option<String>,
    /// The description for this account only.
    pub description: Option<String>,
    /// Who may see the post on this account, where the platform supports it.
    pub visibility: Option<Visibility>,
}

/// One post on one social account: its own status, attempts and the platform's answer.
/// `retryTarget` sends a `FAILED` or `UNCONFIRMED` target again; `markTargetPublished`
/// settles an `UNCONFIRMED` one; `deleteFromPlatform` removes a `PUBLISHED` one.
#[Object]
impl PostTarget {
    /// The target's global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::PostTarget, self.0.id)
    }

    /// The post this target belongs to.
    async fn post(&self, ctx: &Context<'_>) -> ApiResult<Option<Post>> {
        Ok(load::<PostLoader, _>(ctx, self.0.post_id).await?.map(Post))
    }

    /// The platform the target posts to.
    async fn platform(&self) -> Platform {
        self.0.platform.into()
    }

    /// Where this target stands.
    async fn status(&self) -> PublishStatus {
        self.0.status.into()
    }

    /// The social account posted to; null once the account was disconnected.
    async fn account(&self, ctx: &Context<'_>) -> ApiResult<Option<SocialAccount>> {
        let Some(id) = self.0.connection_id else { return Ok(None) };
        Ok(load::<ConnectionLoader, _>(ctx, id).await?.map(SocialAccount))
    }

    /// What this target sends instead of the post's own fields.
    async fn overrides(&self) -> TargetOverrides {
        let o = Overrides::parse(&self.0.overrides);
        TargetOverrides {
            text: o.text,
            title: o.title,
            description: o.description,
            visibility: o.visibility.map(Into::into),
        }
    }

    /// How many times sending was tried since the target was last queued.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }

    /// When the next try is due, after a passing failure; null when none is planned.
    async fn next_attempt_at(&self) -> Option<DateTime> {
        self.0.next_attempt_at.map(Into::into)
    }

    /// The platform's id for the published post.
    async fn remote_id(&self) -> Option<&str> {
        self.0.remote_id.as_deref()
    }

    /// Where the published post can be seen.
    async fn remote_url(&self) -> Option<&str> {
        self.0.remote_url.as_deref()
    }

    /// The platform's own message, when it refused.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }

    /// When the target went out.
    async fn published_at(&self) -> Option<DateTime> {
        self.0.published_at.map(Into::into)
    }

    /// When the post was removed from the platform with `deleteFromPlatform`.
    async fn removed_from_platform_at(&self) -> Option<DateTime> {
        self.0.removed_from_platform_at.map(Into::into)
    }

    /// The newest figures the platform reported; null before any (API keys need the
    /// `ANALYTICS_READ` scope).
    async fn latest_metrics(&self, ctx: &Context<'_>) -> ApiResult<Option<MetricsView>> {
        require_scope(ctx, ApiScope::AnalyticsRead)?;
        Ok(load::<LatestByTarget, _>(ctx, self.0.id)
            .await?
            .map(|row| MetricsView::new(&crate::analytics::Metrics::from(&row), Some(row.captured_at))))
    }

    /// This target's figures over time, one point per bucket; `to` must be after `from`
    /// and at most two years later (API keys need `ANALYTICS_READ`).
    async fn metrics_series(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The start of the range (inclusive).")] from: DateTime,
        #[graphql(desc = "The end of the range (exclusive).")] to: DateTime,
        #[graphql(desc = "How long each point covers.")] bucket: MetricsBucket,
    ) -> ApiResult<Vec<MetricsPoint>> {
        require_scope(ctx, ApiScope::AnalyticsRead)?;
        super::post::series(ctx, &[self.0.id], from.0, to.0, bucket).await
    }
}
