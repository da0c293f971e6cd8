use super::{Media, PostTarget, history};
use crate::{
    auth::{ApiScope, require_scope},
    error::ApiResult,
    graphql::{
        actor::{Person, person},
        analytics::{MetricsBucket, MetricsPoint, MetricsView},
        context::svc,
        enums::PublishStatus,
        loaders::{LatestByPost, MediaByPost, TargetsByPost, WorkspaceLoader, load},
        payload::UserError,
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
        workspaces::Workspace,
    },
    service,
};
use async_graphql::{Context, ID, Object};
use entity::posts;

/// A post composed once and sent to several social accounts, one `PostTarget` each. Its
/// `status` sums up its targets' statuses and decides which mutations it allows (see
/// `PublishStatus`).
pub struct Post(pub posts::Model);

/// A post composed once and sent to several social accounts, one `PostTarget` each. Its
/// `status` sums up its targets' statuses and decides which mutations it allows (see
/// `PublishStatus`).
#[Object]
impl Post {
    /// The post's global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Post, self.0.id)
    }

    /// The workspace the post belongs to.
    async fn workspace(&self, ctx: &Context<'_>) -> ApiResult<Option<Workspace>> {
        Ok(load::<WorkspaceLoader, _>(ctx, self.0.workspace_id).await?.map(Workspace))
    }

    /// Who wrote the post; null when it was created without a person (for example by a
    /// key whose owner is gone).
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        match self.0.author_id {
            Some(id) => Ok(Some(person(ctx, id).await?)),
            None => Ok(None),
        }
    }

    /// The text every target sends unless it overrides it; links and hashtags are
    /// appended per platform.
    async fn text(&self) -> &str {
        &self.0.text
    }

    /// A title, for platforms that show one (YouTube, Pinterest).
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    /// A longer description, for platforms that show one.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// Hashtags without the `#`, in order.
    async fn hashtags(&self) -> Vec<String> {
        serde_json::from_str(&self.0.hashtags).unwrap_or_default()
    }

    /// Links appended to the text, in order.
    async fn links(&self) -> Vec<String> {
        serde_json::from_str(&self.0.links).unwrap_or_default()
    }

    /// Where the post stands, summed over its targets; decides which mutations it allows.
    async fn status(&self) -> PublishStatus {
        self.0.status.into()
    }

    /// When the post is due to go out; null for a draft never scheduled. Show it in
    /// `timeZone`.
    async fn scheduled_at(&self) -> Option<DateTime> {
        self.0.scheduled_at.map(Into::into)
    }

    /// The IANA zone the post was scheduled in (for example `Europe/Berlin`).
    async fn time_zone(&self) -> Option<&str> {
        self.0.time_zone.as_deref()
    }

    /// When the post was created.
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }

    /// When the post was last changed.
    async fn updated_at(&self) -> DateTime {
        self.0.updated_at.into()
    }

    /// When the last of its targets went out; null until then.
    async fn published_at(&self) -> Option<DateTime> {
        self.0.published_at.map(Into::into)
    }

    /// The attached images and videos, in the order they appear.
    async fn media(&self, ctx: &Context<'_>) -> ApiResult<Vec<Media>> {
        Ok(load::<MediaByPost, _>(ctx, self.0.id).await?.unwrap_or_default().into_iter().map(Media).collect())
    }

    /// One entry per social account the post goes to, in the order they were given.
    async fn targets(&self, ctx: &Context<'_>) -> ApiResult<Vec<PostTarget>> {
        Ok(load::<TargetsByPost, _>(ctx, self.0.id).await?.unwrap_or_default().into_iter().map(PostTarget).collect())
    }

    /// Warnings, not failures: what the platforms would refuse about the post as it
    /// stands (code `PLATFORM_RULE`, `field` a path in the post such as
    /// `["targets", "0", "text"]`). A draft may have some; `schedulePost` and
    /// `publishPostNow` are refused until there are none.
    async fn platform_problems(&self, ctx: &Context<'_>) -> ApiResult<Vec<UserError>> {
        // Both at once: a load awaited after another joins a later batch, and a page would
        // then pay for its targets and media twice.
        let (targets, media) =
            futures::try_join!(load::<TargetsByPost, _>(ctx, self.0.id), load::<MediaByPost, _>(ctx, self.0.id))?;
        let (targets, media) = (targets.unwrap_or_default(), media.unwrap_or_default());
        Ok(service::posts::problems_of(&self.0, &targets, &media).into_iter().map(user_error).collect())
    }

    /// The newest figures of every target, summed; null before any were collected
    /// (API keys need the `ANALYTICS_READ` scope).
    async fn latest_metrics(&self, ctx: &Context<'_>) -> ApiResult<Option<MetricsView>> {
        require_scope(ctx, ApiScope::AnalyticsRead)?;
        Ok(load::<LatestByPost, _>(ctx, self.0.id).await?.map(|(m, at)| MetricsView::new(&m, Some(at))))
    }

    /// The post's figures over time, all targets summed, one point per bucket; `to` must
    /// be after `from` and at most two years later (API keys need `ANALYTICS_READ`).
    async fn metrics_series(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The start of the range (inclusive).")] from: DateTime,
        #[graphql(desc = "The end of the range (exclusive).")] to: DateTime,
        #[graphql(desc = "How long each point covers.")] bucket: MetricsBucket,
    ) -> ApiResult<Vec<MetricsPoint>> {
        require_scope(ctx, ApiScope::AnalyticsRead)?;
        let targets = load::<TargetsByPost, _>(ctx, self.0.id).await?.unwrap_or_default();
        let ids: Vec<_> = targets.iter().map(|t| t.id).collect();
        series(ctx, &ids, from.0, to.0, bucket).await
    }

    /// Every status change of the post and its targets, oldest first (page size at most
    /// 100, 20 by default).
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
    ) -> ApiResult<history::HistoryConnection> {
        history::page(ctx, self.0.id, after, before, first, last).await
    }
}

/// A stored post's problem, with its domain path in the schema's spelling
/// (`targets.0.mediaIds`).
fn user_error(p: crate::error::Problem) -> UserError {
    UserError::new(p.code, Some(&crate::error::camel_path(&p.field)), p.message)
}

/// A bounded history of some targets, bucketed.
pub(super) async fn series(
    ctx: &Context<'_>,
    targets: &[uuid::Uuid],
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
    bucket: MetricsBucket,
) -> ApiResult<Vec<MetricsPoint>> {
    if to <= from || to - from > chrono::Duration::days(732) {
        return Err(crate::error::ApiError::bad_input("to", "must be after from, at most two years later"));
    }
    let svc = svc(ctx)?;
    let points = crate::analytics::queries::series(&svc.state.db, targets, from, to, bucket.into()).await?;
    Ok(points.into_iter().map(|(at, m)| MetricsPoint { at: at.into(), metrics: MetricsView::new(&m, None) }).collect())
}
