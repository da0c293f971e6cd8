use crate::error::{ApiError, ApiResult};
use async_graphql::{
    Context, Object,
    connection::{Connection, Edge, EmptyFields, OpaqueCursor},
    futures_util::future::BoxFuture,
};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, IntoIdentity, PaginatorTrait, Select,
    sea_query::IntoValueTuple,
};
use serde::{Serialize, de::DeserializeOwned};
use std::sync::Arc;

pub const DEFAULT_PAGE: usize = 20;
pub const MAX_PAGE: usize = 100;

/// The standard connection arguments.
#[derive(Debug, Default, Clone)]
pub struct PageArgs {
    pub after: Option<String>,
    pub before: Option<String>,
    pub first: Option<i32>,
    pub last: Option<i32>,
}

impl PageArgs {
    pub fn new(after: Option<String>, before: Option<String>, first: Option<i32>, last: Option<i32>) -> Self {
        Self { after, before, first, last }
    }
}

/// A list's size, counted only when a client selects `totalCount`: most pages never ask.
#[derive(Clone)]
pub struct TotalCount {
    count: Arc<dyn Count>,
}

trait Count: Send + Sync {
    fn count<'a>(&'a self, db: &'a DatabaseConnection) -> BoxFuture<'a, Result<u64, DbErr>>;
}

impl<E> Count for Select<E>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Sync,
{
    fn count<'a>(&'a self, db: &'a DatabaseConnection) -> BoxFuture<'a, Result<u64, DbErr>> {
        Box::pin(PaginatorTrait::count(self.clone(), db))
    }
}

impl TotalCount {
    fn of<E>(select: Select<E>) -> Self
    where
        E: EntityTrait,
        E::Model: FromQueryResult + Sync,
    {
        Self { count: Arc::new(select) }
    }
}

#[Object]
impl TotalCount {
    /// How many items the whole list holds, across every page (capped at 2147483647).
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i32> {
        let db = &crate::auth::app_state(ctx)?.db;
        let n = self.count.count(db).await?;
        Ok(i32::try_from(n).unwrap_or(i32::MAX))
    }
}

pub type Conn<N> = Connection<OpaqueCursor<serde_json::Value>, N, TotalCount, EmptyFields>;

fn size(field: &str, value: Option<i32>) -> ApiResult<Option<usize>> {
    match value {
        None => Ok(None),
        Some(n) if (0..=i32::try_from(MAX_PAGE).unwrap_or(i32::MAX)).contains(&n) => Ok(usize::try_from(n).ok()),
        Some(_) => Err(ApiError::bad_input(field, format!("must be between 0 and {MAX_PAGE}"))),
    }
}

fn decode<K: DeserializeOwned>(field: &str, raw: Option<&str>) -> ApiResult<Option<K>> {
    use async_graphql::connection::CursorType;
    raw.map(|raw| {
        OpaqueCursor::<serde_json::Value>::decode_cursor(raw)
            .ok()
            .and_then(|c| serde_json::from_value(c.0).ok())
            .ok_or_else(|| ApiError::bad_input(field, "is not a cursor from this list"))
    })
    .transpose()
}

/// Keyset pagination over `select`, ordered by `order` (which must be unique, or end in a
/// unique column); `key` reads the cursor value off a row. Every list in the API goes
/// through here.
pub async fn paginate<E, C, K, N>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    order: C,
    key: impl Fn(&E::Model) -> K,
    args: PageArgs,
    node: impl Fn(E::Model) -> N,
) -> ApiResult<Conn<N>>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Sync,
    C: IntoIdentity,
    K: IntoValueTuple + Serialize + DeserializeOwned,
    N: async_graphql::OutputType,
{
    let first = size("first", args.first)?;
    let last = size("last", args.last)?;
    if first.is_some() && last.is_some() {
        return Err(ApiError::bad_input("last", "give first or last, not both"));
    }
    let after: Option<K> = decode("after", args.after.as_deref())?;
    let before: Option<K> = decode("before", args.before.as_deref())?;
    let (has_after, has_before) = (after.is_some(), before.is_some());

    let total_count = TotalCount::of(select.clone());
    let mut cursor = select.cursor_by(order);
    if let Some(after) = after {
        cursor.after(after);
    }
    if let Some(before) = before {
        cursor.before(before);
    }
    let (rows, has_previous, has_next) = match last {
        Some(n) => {
            let mut rows = cursor.last(n as u64 + 1).all(db).await?;
            let more = rows.len() > n;
            if more {
                rows.remove(0);
            }
            (rows, more, has_before)
        }
        None => {
            let n = first.unwrap_or(DEFAULT_PAGE);
            let mut rows = cursor.first(n as u64 + 1).all(db).await?;
            let more = rows.len() > n;
            rows.truncate(n);
            (rows, has_after, more)
        }
    };

    let mut connection = Connection::with_additional_fields(has_previous, has_next, total_count);
    for row in rows {
        let cursor = serde_json::to_value(key(&row)).map_err(ApiError::internal)?;
        connection.edges.push(Edge::new(OpaqueCursor(cursor), node(row)));
    }
    Ok(connection)
}
