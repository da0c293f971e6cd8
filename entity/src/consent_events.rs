use super::sea_orm_active_enums::ConsentSource;
use sea_orm::entity::prelude::*;

/// The consent ledger: one row per grant or withdrawal, never updated.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consent_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub subject_id: Uuid,
    /// A purpose id from configuration, e.g. `product_updates`.
    pub purpose: String,
    pub granted: bool,
    pub occurred_at: DateTimeUtc,
    /// The privacy-policy version in force when the event was recorded.
    pub policy_version: Option<String>,
    pub source: ConsentSource,
    /// A browser or client family such as `Firefox`; never the raw user agent.
    pub user_agent_family: Option<String>,
    /// ISO 3166-1 alpha-2, when a trusted proxy told us.
    pub country: Option<String>,
    /// For `gpc` events: the session or API key whose requests carried the signal.
    pub signal_context: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
