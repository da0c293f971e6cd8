use super::types::{DailyPoint, PlatformTotals, RankBy, TotalsView};
use crate::{
    analytics::queries,
    auth::{Access, Action, Domain, authorize},
    error::{ApiError, ApiResult},
    graphql::{
        content::Post,
        context::svc,
        enums::Platform,
        relay::{GlobalId, NodeKind},
    },
    service,
};
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::NaiveDate;
use entity::posts;
use sea_orm::{ActiveEnum, ColumnTrait, QueryFilter};
use uuid::Uuid;

const MAX_DAYS: i64 = 732;

#[derive(Default)]
pub struct AnalyticsQuery;

/// A workspace's analytics over a range of days (UTC, inclusive).
pub struct WorkspaceAnalytics {
    workspace_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
}

#[derive(SimpleObject)]
pub struct TopPost {
    pub value: i64,
    pub post: Post,
}

#[Object]
impl AnalyticsQuery {
    /// Totals, daily series and rankings for a workspace (viewers and up; API keys need
    /// `ANALYTICS_READ`).
    async fn workspace_analytics(
        &self,
        ctx: &Context<'_>,
        workspace_id: ID,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ApiResult<WorkspaceAnalytics> {
        let workspace_id = GlobalId::expect("workspaceId", &workspace_id, NodeKind::Workspace)?;
        authorize(ctx, workspace_id, Action(Domain::Analytics, Access::Read)).await?;
        if to < from {
            return Err(ApiError::bad_input("to", "must not be before from"));
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(ApiError::bad_input("to", format!("the range may span at most {MAX_DAYS} days")));
        }
        Ok(WorkspaceAnalytics { workspace_id, from, to })
    }
}

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

    /// What the workspace gained each day, optionally on one platform.
    async fn daily(&self, ctx: &Context<'_>, platform: Option<Platform>) -> ApiResult<Vec<DailyPoint>> {
        let svc = svc(ctx)?;
        let days =
            queries::daily(&svc.state.db, self.workspace_id, self.from, self.to, platform.map(Into::into)).await?;
        Ok(days.iter().map(|(date, t)| DailyPoint { date: *date, gained: TotalsView::from(t) }).collect())
    }

    /// The posts with the most of a metric (their newest figures, all platforms summed).
    async fn top_posts(
        &self,
        ctx: &Context<'_>,
        by: RankBy,
        #[graphql(default = 10)] limit: i32,
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
            .filter_map(|(id, value)| rows.remove(&id).map(|p| TopPost { value, post: Post(p) }))
            .collect())
    }
}
