use sea_orm::entity::prelude::*;

/// When each published target's metrics are next pulled.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "analytics_schedules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_id: Uuid,
    pub connection_id: Option<Uuid>,
    pub published_at: DateTimeUtc,
    pub next_pull_at: DateTimeUtc,
    pub last_pulled_at: Option<DateTimeUtc>,
    pub lease_until: Option<DateTimeUtc>,
    pub failures: i32,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
