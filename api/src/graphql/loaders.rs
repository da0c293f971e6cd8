//! DataLoaders, built per request, so a page of rows costs one query per relation.

use crate::{config::Config, state::AppState};
use async_graphql::dataloader::{DataLoader, Loader};
use compliance::breach::{self, BreachState};
use entity::{breaches, users, workspaces};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use std::{collections::HashMap, sync::Arc};
use uuid::Uuid;

pub struct UserLoader(pub DatabaseConnection);

impl Loader<Uuid> for UserLoader {
    type Value = users::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = users::Entity::find()
            .filter(users::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|u| (u.id, u)).collect())
    }
}

pub struct WorkspaceLoader(pub DatabaseConnection);

impl Loader<Uuid> for WorkspaceLoader {
    type Value = workspaces::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = workspaces::Entity::find()
            .filter(workspaces::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|w| (w.id, w)).collect())
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
        Ok(
            breach::load_many(&self.db, &self.config.compliance.breach, rows)
                .await?
                .into_iter()
                .map(|s| (s.breach.id, s))
                .collect(),
        )
    }
}

/// Every loader an operation may use. They batch but do not cache, so a long-lived
/// WebSocket never serves stale rows.
pub fn attach(data: &mut async_graphql::Data, state: &AppState) {
    let db = &state.db;
    data.insert(DataLoader::new(UserLoader(db.clone()), tokio::spawn));
    data.insert(DataLoader::new(WorkspaceLoader(db.clone()), tokio::spawn));
    data.insert(DataLoader::new(
        BreachStateLoader {
            db: db.clone(),
            config: state.config.clone(),
        },
        tokio::spawn,
    ));
}
