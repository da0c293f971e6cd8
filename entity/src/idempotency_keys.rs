use sea_orm::entity::prelude::*;

/// A mutation's idempotency key and, once it finished, its sealed result. A row without
/// `completed_at` is a first attempt still running (or one that never finished).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub operation: String,
    pub key: String,
    /// SHA-256 (hex) of the operation's input, to tell a retry from a reuse.
    pub request_hash: String,
    pub result_key_id: Option<String>,
    /// The result as sealed by the vault: it may hold a secret shown only once.
    #[sea_orm(column_type = "Blob", nullable)]
    pub result_sealed: Option<Vec<u8>>,
    pub created_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
