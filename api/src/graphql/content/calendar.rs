//! Posts per day over a range, counted in the viewer's time zone.

use super::Post;
use crate::{
    auth::WorkspaceAccess,
    error::{ApiError, ApiResult},
    graphql::scalars::Date,
    service::{self, Svc},
};
use async_graphql::SimpleObject;
use chrono::{Days, NaiveDate, TimeZone};
use entity::{posts, sea_orm_active_enums::PublishStatus};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
use std::{collections::BTreeMap, str::FromStr};

/// The longest range `Workspace.calendar` accepts, in days.
pub const MAX_DAYS: u64 = 62;

/// One day of the calendar, in the time zone asked for.
#[derive(SimpleObject)]
pub struct CalendarDay {
    /// The day.
    pub date: Date,
    /// How many posts are due that day.
    pub count: i32,
    /// The posts due that day (drafts never scheduled are left out), by when they are due.
    pub posts: Vec<Post>,
}

pub async fn days(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    from: NaiveDate,
    to: NaiveDate,
    zone: &str,
) -> ApiResult<Vec<CalendarDay>> {
    let tz = chrono_tz::Tz::from_str(zone).map_err(|_| ApiError::bad_input("timeZone", "is not an IANA time zone"))?;
    if to < from {
        return Err(ApiError::bad_input("to", "must not be before from"));
    }
    if (to - from).num_days() as u64 >= MAX_DAYS {
        return Err(ApiError::bad_input("to", format!("the range may span at most {MAX_DAYS} days")));
    }
    let start = tz.from_local_datetime(&from.and_time(chrono::NaiveTime::MIN)).earliest();
    let end_day = to.checked_add_days(Days::new(1)).ok_or_else(|| ApiError::bad_input("to", "is out of range"))?;
    let end = tz.from_local_datetime(&end_day.and_time(chrono::NaiveTime::MIN)).earliest();
    let (Some(start), Some(end)) = (start, end) else {
        return Err(ApiError::bad_input("from", "falls in a time-zone gap"));
    };
    let rows = service::posts::in_workspace(access)
        .filter(posts::Column::ScheduledAt.gte(start.with_timezone(&chrono::Utc)))
        .filter(posts::Column::ScheduledAt.lt(end.with_timezone(&chrono::Utc)))
        .filter(posts::Column::Status.ne(PublishStatus::Draft))
        .order_by_asc(posts::Column::ScheduledAt)
        .all(&svc.state.db)
        .await?;
    let mut by_day: BTreeMap<NaiveDate, Vec<posts::Model>> = BTreeMap::new();
    let mut day = from;
    while day <= to {
        by_day.insert(day, Vec::new());
        day = day.checked_add_days(Days::new(1)).unwrap_or(to + Days::new(1));
    }
    for post in rows {
        if let Some(at) = post.scheduled_at {
            by_day.entry(at.with_timezone(&tz).date_naive()).or_default().push(post);
        }
    }
    Ok(by_day
        .into_iter()
        .map(|(date, posts)| CalendarDay {
            date: date.into(),
            count: i32::try_from(posts.len()).unwrap_or(i32::MAX),
            posts: posts.into_iter().map(Post).collect(),
        })
        .collect())
}
