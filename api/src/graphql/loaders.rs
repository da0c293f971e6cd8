//! DataLoaders, built per request, so a page of rows costs one query per relation.

use crate::{config::Config, state::AppState};
use async_graphql::dataloader::{DataLoader, Loader};
use compliance::breach::{self, BreachState};
use entity::{
    api_keys, breaches, connections, media, post_media, post_status_history, post_targets, posts, users, workspaces,
};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::{collections::HashMap, sync::Arc};
use uuid::Uuid;

macro_rules! by_id {
    ($loader:ident, $entity:ident) => {
        pub struct $loader(pub DatabaseConnection);

        impl Loader<Uuid> for $loader {
            type Value = $entity::Model;
            type Error = Arc<DbErr>;

            async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
                let rows = $entity::Entity::find()
                    .filter($entity::Column::Id.is_in(keys.iter().copied()))
                    .all(&self.0)
                    .await?;
                Ok(rows.into_iter().map(|row| (row.id, row)).collect())
            }
        }
    };
}

by_id!(UserLoader, users);
by_id!(WorkspaceLoader, workspaces);
by_id!(ConnectionLoader, connections);
by_id!(ApiKeyLoader, api_keys);
by_id!(PostLoader, posts);
by_id!(TargetLoader, post_targets);

macro_rules! by_post {
    ($(#[$doc:meta])* $loader:ident, $entity:ident) => {
        $(#[$doc])*
        pub struct $loader(pub DatabaseConnection);

        impl Loader<Uuid> for $loader {
            type Value = Vec<$entity::Model>;
            type Error = Arc<DbErr>;

            async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
                let rows = $entity::Entity::find()
                    .filter($entity::Column::PostId.is_in(keys.iter().copied()))
                    .order_by_asc($entity::Column::Id)
                    .all(&self.0)
                    .await?;
                let mut out: HashMap<Uuid, Self::Value> = HashMap::new();
                for row in rows {
                    out.entry(row.post_id).or_default().push(row);
                }
                Ok(out)
            }
        }
    };
}

by_post!(
    /// A post's targets, keyed by post.
    TargetsByPost,
    post_targets
);
by_post!(
    /// A post's status changes, oldest first (ids are UUIDv7), keyed by post.
    HistoryByPost,
    post_status_history
);

/// A post's media, in the post's order, keyed by post.
pub struct MediaByPost(pub DatabaseConnection);

impl Loader<Uuid> for MediaByPost {
    type Value = Vec<media::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let links = post_media::Entity::find()
            .filter(post_media::Column::PostId.is_in(keys.iter().copied()))
            .order_by_asc(post_media::Column::Position)
            .all(&self.0)
            .await?;
        let rows: HashMap<Uuid, media::Model> = media::Entity::find()
            .filter(media::Column::Id.is_in(links.iter().map(|l| l.media_id)))
            .all(&self.0)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let mut out: HashMap<Uuid, Self::Value> = HashMap::new();
        for link in links {
            if let Some(row) = rows.get(&link.media_id) {
                out.entry(link.post_id).or_default().push(row.clone());
            }
        }
        Ok(out)
    }
}

/// A breach's derived state (assessment, deadlines, notices): two queries per page.
pub struct BreachStateLoader {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
}

impl Loader<Uuid> for BreachStateLoader {
    type Value = BreachState;
    type Error = Arc<compliance::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = breaches::Entity::find()
            .filter(breaches::Column::Id.is_in(keys.iter().copied()))
            .all(&self.db)
            .await
            .map_err(|e| Arc::new(e.into()))?;
        Ok(breach::load_many(&self.db, &self.config.compliance.breach, rows)
            .await?
            .into_iter()
            .map(|s| (s.breach.id, s))
            .collect())
    }
}

/// How long a loader collects keys before it queries. Under load one pass over a page's
/// nodes can outlast async-graphql's 1 ms default, splitting a batch (measured: 11 to 25
/// statements for the same 50-post page right after a 10,000-post dispatch).
const BATCH_WINDOW: std::time::Duration = std::time::Duration::from_millis(3);

/// Every loader an operation may use. They batch but do not cache, so a long-lived
/// WebSocket never serves stale rows.
pub fn attach(data: &mut async_graphql::Data, state: &AppState) {
    let db = &state.db;
    data.insert(DataLoader::new(UserLoader(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(DataLoader::new(WorkspaceLoader(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(DataLoader::new(ConnectionLoader(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(DataLoader::new(ApiKeyLoader(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(DataLoader::new(PostLoader(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(DataLoader::new(TargetLoader(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(DataLoader::new(TargetsByPost(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(DataLoader::new(MediaByPost(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(DataLoader::new(HistoryByPost(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(DataLoader::new(LatestByTarget(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(DataLoader::new(LatestByPost(db.clone()), tokio::spawn).delay(BATCH_WINDOW));
    data.insert(
        DataLoader::new(BreachStateLoader { db: db.clone(), config: state.config.clone() }, tokio::spawn)
            .delay(BATCH_WINDOW),
    );
}

/// Fetches through a loader, mapping its error to the API's.
pub async fn load<L, V>(ctx: &async_graphql::Context<'_>, key: Uuid) -> crate::error::ApiResult<Option<V>>
where
    L: Loader<Uuid, Value = V, Error = Arc<DbErr>>,
    V: Clone + Send + Sync + 'static,
{
    let loader = ctx
        .data::<DataLoader<L>>()
        .map_err(|_| crate::error::ApiError::internal(anyhow::anyhow!("loader missing from request data")))?;
    loader.load_one(key).await.map_err(|e| crate::error::ApiError::internal(anyhow::anyhow!("{e}")))
}

/// Each target's newest metrics.
pub struct LatestByTarget(pub DatabaseConnection);

impl Loader<Uuid> for LatestByTarget {
    type Value = entity::analytics_latest::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(crate::analytics::queries::latest_by_target(&self.0, keys).await?)
    }
}

/// Each post's newest metrics, summed over its targets.
pub struct LatestByPost(pub DatabaseConnection);

impl Loader<Uuid> for LatestByPost {
    type Value = (crate::analytics::Metrics, chrono::DateTime<chrono::Utc>);
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(crate::analytics::queries::latest_by_post(&self.0, keys).await?)
    }
}
