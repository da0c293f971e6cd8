//! A post's status history, as a connection: a busy post's history grows without bound.

use super::PostTarget;
use crate::{
    error::{ApiError, ApiResult},
    graphql::{
        enums::PublishStatus,
        loaders::{HistoryByPost, TargetLoader, load},
        scalars::DateTime,
    },
};
use async_graphql::{
    Context, Object, SimpleObject,
    connection::{Connection, CursorType, Edge, EmptyFields, OpaqueCursor},
};
use entity::post_status_history;
use uuid::Uuid;

const DEFAULT_PAGE: usize = 20;
const MAX_PAGE: i32 = 100;

/// One change of status, of the post as a whole or of one of its targets.
pub struct StatusChange(pub post_status_history::Model);

/// One change of status, of the post as a whole or of one of its targets.
#[Object]
impl StatusChange {
    /// The target that changed; null when the post as a whole did, or when the target no
    /// longer exists.
    async fn target(&self, ctx: &Context<'_>) -> ApiResult<Option<PostTarget>> {
        let Some(id) = self.0.target_id else { return Ok(None) };
        Ok(load::<TargetLoader, _>(ctx, id).await?.map(PostTarget))
    }

    /// The status before; null for the first entry.
    async fn from(&self) -> Option<PublishStatus> {
        self.0.from_status.map(Into::into)
    }

    /// The status after.
    async fn to(&self) -> PublishStatus {
        self.0.to_status.into()
    }

    /// Why it changed (for example `scheduled`, `publish_now`, or the platform's answer).
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    /// When it changed.
    async fn at(&self) -> DateTime {
        self.0.at.into()
    }
}

/// A post's history is read in one batch with the other posts of a page (a post has a
/// handful of changes), then paged here, so a page of posts costs the same statements
/// whatever its size.
pub type HistoryConnection = Connection<OpaqueCursor<Uuid>, StatusChange, HistoryTotal, EmptyFields>;

/// How many changes the whole history holds.
#[derive(SimpleObject)]
pub struct HistoryTotal {
    /// How many changes the history holds, across every page.
    pub total_count: i32,
}

pub async fn page(
    ctx: &Context<'_>,
    post_id: Uuid,
    after: Option<String>,
    before: Option<String>,
    first: Option<i32>,
    last: Option<i32>,
) -> ApiResult<HistoryConnection> {
    let size = |field: &str, n: Option<i32>| match n {
        Some(n) if !(0..=MAX_PAGE).contains(&n) => {
            Err(ApiError::bad_input(field, format!("must be between 0 and {MAX_PAGE}")))
        }
        n => Ok(n.map(|n| n as usize)),
    };
    let (first, last) = (size("first", first)?, size("last", last)?);
    if first.is_some() && last.is_some() {
        return Err(ApiError::bad_input("last", "give first or last, not both"));
    }
    let cursor = |field: &str, raw: Option<String>| {
        raw.map(|raw| {
            OpaqueCursor::<Uuid>::decode_cursor(&raw)
                .map(|c| c.0)
                .map_err(|_| ApiError::bad_input(field, "is not a cursor from this list"))
        })
        .transpose()
    };
    let (after, before) = (cursor("after", after)?, cursor("before", before)?);
    // Oldest first: ids are UUIDv7, so id order is the order the changes were written.
    let all = load::<HistoryByPost, _>(ctx, post_id).await?.unwrap_or_default();
    let total = i32::try_from(all.len()).unwrap_or(i32::MAX);
    let mut rows: Vec<_> =
        all.into_iter().filter(|h| after.is_none_or(|a| h.id > a) && before.is_none_or(|b| h.id < b)).collect();
    let (has_previous, has_next) = match last {
        Some(n) => {
            let more = rows.len() > n;
            rows.drain(..rows.len().saturating_sub(n));
            (more, before.is_some())
        }
        None => {
            let n = first.unwrap_or(DEFAULT_PAGE);
            let more = rows.len() > n;
            rows.truncate(n);
            (after.is_some(), more)
        }
    };
    let mut connection =
        Connection::with_additional_fields(has_previous, has_next, HistoryTotal { total_count: total });
    connection.edges.extend(rows.into_iter().map(|h| Edge::new(OpaqueCursor(h.id), StatusChange(h))));
    Ok(connection)
}
