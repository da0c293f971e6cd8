//! Restriction of processing (GDPR Art. 18) and objection to it (Art. 21). While either is
//! in force for a person, non-essential processing of their data stops: analytics pulls,
//! milestone alerts and the like ask [`processing_allowed`] first. Requests of the
//! data-subject-request workflow record and lift them through this module.

use crate::{Clock, Result};
use chrono::{DateTime, Utc};
use entity::processing_restrictions;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Restriction,
    Objection,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Restriction => "restriction",
            Kind::Objection => "objection",
        }
    }
}

pub async fn record<C: ConnectionTrait>(db: &C, clock: &dyn Clock, user_id: Uuid, kind: Kind) -> Result<Uuid> {
    let row = processing_restrictions::Model {
        id: Uuid::now_v7(),
        user_id,
        kind: kind.as_str().to_owned(),
        started_at: clock.now(),
        lifted_at: None,
    };
    let id = row.id;
    processing_restrictions::Entity::insert(row.into_active_model()).exec_without_returning(db).await?;
    Ok(id)
}

/// Lifts every restriction and objection of the person in force.
pub async fn lift<C: ConnectionTrait>(db: &C, clock: &dyn Clock, user_id: Uuid) -> Result<u64> {
    Ok(processing_restrictions::Entity::update_many()
        .col_expr(processing_restrictions::Column::LiftedAt, Expr::value(clock.now()))
        .filter(processing_restrictions::Column::UserId.eq(user_id))
        .filter(processing_restrictions::Column::LiftedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Whether non-essential processing of these people's data may go on at `at`: false if any
/// of them has a restriction or objection in force.
pub async fn processing_allowed<C: ConnectionTrait>(db: &C, user_ids: &[Uuid], at: DateTime<Utc>) -> Result<bool> {
    if user_ids.is_empty() {
        return Ok(true);
    }
    let in_force = processing_restrictions::Entity::find()
        .filter(processing_restrictions::Column::UserId.is_in(user_ids.iter().copied()))
        .filter(processing_restrictions::Column::StartedAt.lte(at))
        .filter(
            Condition::any()
                .add(processing_restrictions::Column::LiftedAt.is_null())
                .add(processing_restrictions::Column::LiftedAt.gt(at)),
        )
        .count(db)
        .await?;
    Ok(in_force == 0)
}
