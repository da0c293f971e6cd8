use super::sea_orm_active_enums::Platform;
use sea_orm::entity::prelude::*;

/// What a workspace gained on one platform on one day: the sum of every snapshot's
/// increase. No person, post or platform id: this is what outlives erasure.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "analytics_daily")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub workspace_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    #[sea_orm(primary_key, auto_increment = false)]
    pub platform: Platform,
    /// ISO 4217 code of `revenue_micros`, or empty when the row carries no revenue.
    #[sea_orm(primary_key, auto_increment = false)]
    pub currency: String,
    pub views: i64,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub saves: i64,
    pub watch_time_secs: i64,
    pub follower_delta: i64,
    pub revenue_micros: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
