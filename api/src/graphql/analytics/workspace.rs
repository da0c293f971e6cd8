//! `Workspace.analytics`: a workspace's totals, daily series and rankings over a range.

use super::types::{DailyPoint, PlatformTotals, RankBy, TotalsView};
use crate::{
    analytics::queries,
    auth::{Access, Action, Domain, authorize},
    error::{ApiError, ApiResult},
    graphql::{
        content::Post,
        context::svc,
        enums::Platform,
        scalars::{BigInt, Date},
    },
    service,
};
use async_graphql::{Context, Object, SimpleObject};
use chrono::NaiveDate;
use entity::posts;
use sea_orm::{ActiveEnum, ColumnTrait, QueryFilter};
use uuid::Uuid;

/// The longest range `Workspace.analytics` accepts, in days.
pub const MAX_DAYS: i64 = 732;

/// A workspace's analytics over a range of days (UTC, both ends included).
pub struct WorkspaceAnalytics {
    workspace_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
}

/// A post and the figure it was ranked by.
#[derive(SimpleObject)]
pub struct TopPost {
    /// The figure the post was ranked by (its newest, all platforms summed).
    pub value: BigInt,
    /// The post.
    pub post: Post,
}

/// Viewers and up; API keys need `ANALYTICS_READ`.
pub async fn analytics(ctx: &Context<'_>, workspace_id: Uuid, from: Date, to: Date) -> ApiResult<WorkspaceAnalytics> {
    authorize(ctx, workspace_id, Action(Domain::Analytics, Access::Read)).await?;
    let (from, to) = (from.0, to.0);
    if to < from {
        return Err(ApiError::bad_input("to", "must not be before from"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(ApiError::bad_input("to", format!("the range may span at most {MAX_DAYS} days")));
    }
    Ok(WorkspaceAnalytics { workspace_id, from, to })
}

/// A workspace's analytics over a range of days (UTC, both ends included).
#[Object]
impl WorkspaceAnalytics {
    /// What each platform gained over the range.
    async fn totals(&self, ctx: &Context<'_>) -> ApiResult<Vec<PlatformTotals>> {
        let svc = svc(ctx)?;
        let totals = queries::totals(&svc.state.db, self.workspace_id, self.from, self.to).await?;
        Ok(totals
            .iter()
            .filter_map(|(platform, t)| {
                <entity::sea_orm_active_enums::Platform as ActiveEnum>::try_from_value(platform)
                    .ok()
                    .map(|p| PlatformTotals { platform: p.into(), totals: TotalsView::from(t) })
            })
            .collect())
    }

    /// What the workspace gained each day of the range, optionally on one platform.
    async fn daily(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this platform's gains; all platforms when null.")] platform: Option<Platform>,
    ) -> ApiResult<Vec<DailyPoint>> {
        let svc = svc(ctx)?;
        let days =
            queries::daily(&svc.state.db, self.workspace_id, self.from, self.to, platform.map(Into::into)).await?;
        Ok(days.iter().map(|(date, t)| DailyPoint { date: (*date).into(), gained: TotalsView::from(t) }).collect())
    }

    /// The posts with the most of a figure (their newest, all platforms summed), best
    /// first; the caller must also be able to read content.
    async fn top_posts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The figure to rank by.")] by: RankBy,
        #[graphql(default = 10, desc = "How many posts, 1 to 100.")] limit: i32,
    ) -> ApiResult<Vec<TopPost>> {
        let access = authorize(ctx, self.workspace_id, Action(Domain::Content, Access::Read)).await?;
        let svc = svc(ctx)?;
        let limit = u64::try_from(limit.clamp(1, 100)).unwrap_or(10);
        let ranked = queries::top_posts(&svc.state.db, self.workspace_id, by.into(), limit).await?;
        let ids: Vec<Uuid> = ranked.iter().map(|(id, _)| *id).collect();
        let mut rows: std::collections::HashMap<Uuid, posts::Model> = service::posts::in_workspace(&access)
            .filter(posts::Column::Id.is_in(ids))
            .all(&svc.state.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        Ok(ranked
            .into_iter()
            .filter_map(|(id, value)| rows.remove(&id).map(|p| TopPost { value: value.into(), post: Post(p) }))
            .collect())
    }
}
