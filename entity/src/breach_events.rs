use super::sea_orm_active_enums::{BreachEventKind, RiskLevel};
use sea_orm::entity::prelude::*;

/// Something that happened to a breach after it was recorded; append-only.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "breach_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub breach_id: Uuid,
    pub kind: BreachEventKind,
    /// When it happened (e.g. when the authority was notified), which may precede
    /// `recorded_at`.
    pub occurred_at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
    pub recorded_by: Option<Uuid>,
    /// For `authority_notified`: the jurisdiction id.
    pub jurisdiction: Option<String>,
    /// For `authority_notified`: the authority's case reference.
    pub reference: Option<String>,
    /// For `assessment_updated`: the new risk level, when it changed.
    pub risk_level: Option<RiskLevel>,
    /// For `assessment_updated`: the new containment note, when it changed.
    #[sea_orm(column_type = "Text", nullable)]
    pub containment: Option<String>,
    /// For `subjects_notified`: how many notices were queued.
    pub notices_queued: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
