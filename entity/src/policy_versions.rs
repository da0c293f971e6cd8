use sea_orm::entity::prelude::*;

/// A published privacy-policy version. Never edited: a correction is a new version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub version: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub url: String,
    pub material: bool,
    pub published_at: DateTimeUtc,
    pub effective_at: DateTimeUtc,
    pub published_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
