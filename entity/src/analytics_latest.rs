use super::sea_orm_active_enums::Platform;
use sea_orm::entity::prelude::*;

/// The newest snapshot of each target, kept beside the history so that lists and rankings
/// never scan it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "analytics_latest")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_id: Uuid,
    pub post_id: Uuid,
    pub workspace_id: Uuid,
    pub platform: Platform,
    pub captured_at: DateTimeUtc,
    pub views: i64,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub saves: i64,
    pub watch_time_secs: i64,
    pub follower_delta: Option<i64>,
    pub revenue_micros: Option<i64>,
    pub revenue_currency: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
