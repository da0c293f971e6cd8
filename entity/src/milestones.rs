use sea_orm::entity::prelude::*;

/// A view threshold a post crossed. The key makes "never twice" a database fact.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "milestones")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub post_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub threshold: i64,
    pub reached_at: DateTimeUtc,
    /// Whether an alert was queued (only with the author's consent).
    pub notified: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
