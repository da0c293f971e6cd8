use super::sea_orm_active_enums::RiskLevel;
use sea_orm::entity::prelude::*;

/// An incident as first recorded. Never edited: later assessments and notifications are
/// rows in `breach_events`, and the current state is derived from them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "breaches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub detected_at: DateTimeUtc,
    pub became_aware_at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
    pub recorded_by: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// A JSON array of data-category names, e.g. `["email addresses","OAuth tokens"]`.
    #[sea_orm(column_type = "Text")]
    pub data_categories: String,
    pub subjects_estimate: i64,
    pub risk_level: RiskLevel,
    #[sea_orm(column_type = "Text")]
    pub containment: String,
    /// Space-separated jurisdiction ids whose authority deadlines apply, e.g. `eu uk`.
    pub jurisdictions: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
