use sea_orm::entity::prelude::*;

/// A data subject's restriction of processing (GDPR Art. 18) or objection to it (Art. 21).
/// While one is in force, non-essential processing of the subject's data stops.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "processing_restrictions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    /// `restriction` or `objection`.
    pub kind: String,
    pub started_at: DateTimeUtc,
    pub lifted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
