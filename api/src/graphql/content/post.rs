use super::{Media, PostTarget};
use crate::{
    auth::{ApiScope, require_scope},
    graphql::{
        analytics::{MetricsBucket, MetricsPoint, MetricsView},
        loaders::LatestByPost,
    },
};
use crate::{
    error::{ApiResult, Problem},
    graphql::{
        context::svc,
        enums::PublishStatus,
        loaders::{HistoryByPost, MediaByPost, TargetsByPost, UserLoader, load},
        relay::{GlobalId, NodeKind},
    },
    service,
};
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{post_status_history, posts};

/// A post composed once for several accounts.
pub struct Post(pub posts::Model);

#[derive(SimpleObject)]
pub struct Author {
    /// The author's `User` id.
    pub id: ID,
    pub display_name: String,
}

/// One change of status, of the post or of one of its targets.
#[derive(SimpleObject)]
pub struct StatusChange {
    pub target_id: Option<ID>,
    pub from: Option<PublishStatus>,
    pub to: PublishStatus,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// Something a platform would refuse, at its path in the post.
#[derive(SimpleObject)]
pub struct InputProblem {
    pub field: String,
    pub message: String,
}

/// A stored post's problems name domain fields relative to the post; shown in the schema's
/// spelling (`targets.0.mediaIds`).
impl From<Problem> for InputProblem {
    fn from(p: Problem) -> Self {
        Self { field: crate::error::camel_path(&p.field), message: p.message }
    }
}

impl From<post_status_history::Model> for StatusChange {
    fn from(h: post_status_history::Model) -> Self {
        Self {
            target_id: h.target_id.map(|id| GlobalId::id(NodeKind::PostTarget, id)),
            from: h.from_status.map(Into::into),
            to: h.to_status.into(),
            reason: h.reason,
            at: h.at,
        }
    }
}

#[Object]
impl Post {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Post, self.0.id)
    }

    async fn text(&self) -> &str {
        &self.0.text
    }

    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    async fn hashtags(&self) -> Vec<String> {
        serde_json::from_str(&self.0.hashtags).unwrap_or_default()
    }

    async fn links(&self) -> Vec<String> {
        serde_json::from_str(&self.0.links).unwrap_or_default()
    }

    async fn status(&self) -> PublishStatus {
        self.0.status.into()
    }

    /// UTC; show it in `timeZone`.
    async fn scheduled_at(&self) -> Option<DateTime<Utc>> {
        self.0.scheduled_at
    }

    /// The IANA zone the post was scheduled in.
    async fn time_zone(&self) -> Option<&str> {
        self.0.time_zone.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<Author>> {
        let Some(id) = self.0.author_id else { return Ok(None) };
        Ok(load::<UserLoader, _>(ctx, id)
            .await?
            .map(|u| Author { id: GlobalId::id(NodeKind::User, u.id), display_name: u.display_name }))
    }

    async fn media(&self, ctx: &Context<'_>) -> ApiResult<Vec<Media>> {
        Ok(load::<MediaByPost, _>(ctx, self.0.id).await?.unwrap_or_default().into_iter().map(Media).collect())
    }

    async fn targets(&self, ctx: &Context<'_>) -> ApiResult<Vec<PostTarget>> {
        Ok(load::<TargetsByPost, _>(ctx, self.0.id).await?.unwrap_or_default().into_iter().map(PostTarget).collect())
    }

    /// What the platforms would refuse, as the post stands; scheduling needs none.
    async fn problems(&self, ctx: &Context<'_>) -> ApiResult<Vec<InputProblem>> {
        // Both at once: a load awaited after another joins a later batch, and a page would
        // then pay for its targets and media twice.
        let (targets, media) =
            futures::try_join!(load::<TargetsByPost, _>(ctx, self.0.id), load::<MediaByPost, _>(ctx, self.0.id))?;
        let (targets, media) = (targets.unwrap_or_default(), media.unwrap_or_default());
        Ok(service::posts::problems_of(&self.0, &targets, &media).into_iter().map(Into::into).collect())
    }

    /// The newest metrics of every target, summed (API keys need `ANALYTICS_READ`).
    async fn latest_metrics(&self, ctx: &Context<'_>) -> ApiResult<Option<MetricsView>> {
        require_scope(ctx, ApiScope::AnalyticsRead)?;
        Ok(load::<LatestByPost, _>(ctx, self.0.id).await?.map(|(m, at)| MetricsView::new(&m, Some(at))))
    }

    /// The post's figures over time, all targets summed, per bucket.
    async fn metrics_series(
        &self,
        ctx: &Context<'_>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        bucket: MetricsBucket,
    ) -> ApiResult<Vec<MetricsPoint>> {
        require_scope(ctx, ApiScope::AnalyticsRead)?;
        let targets = load::<TargetsByPost, _>(ctx, self.0.id).await?.unwrap_or_default();
        let ids: Vec<_> = targets.iter().map(|t| t.id).collect();
        series(ctx, &ids, from, to, bucket).await
    }

    /// Every status change, oldest first.
    async fn history(&self, ctx: &Context<'_>) -> ApiResult<Vec<StatusChange>> {
        Ok(load::<HistoryByPost, _>(ctx, self.0.id).await?.unwrap_or_default().into_iter().map(Into::into).collect())
    }
}

/// A bounded history of some targets, bucketed.
pub(super) async fn series(
    ctx: &Context<'_>,
    targets: &[uuid::Uuid],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    bucket: MetricsBucket,
) -> ApiResult<Vec<MetricsPoint>> {
    if to <= from || to - from > chrono::Duration::days(732) {
        return Err(crate::error::ApiError::bad_input("to", "must be after from, at most two years later"));
    }
    let svc = svc(ctx)?;
    let points = crate::analytics::queries::series(&svc.state.db, targets, from, to, bucket.into()).await?;
    Ok(points.into_iter().map(|(at, m)| MetricsPoint { at, metrics: MetricsView::new(&m, None) }).collect())
}
