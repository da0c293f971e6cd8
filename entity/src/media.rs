use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "media")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub uploaded_by: Option<Uuid>,
    /// Random, not derived from anything guessable.
    pub storage_key: String,
    pub original_filename: Option<String>,
    /// Detected from the bytes, never taken from the client.
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub duration_ms: Option<i64>,
    pub uploaded_at: DateTimeUtc,
    pub processed_at: Option<DateTimeUtc>,
    /// When the stored object was deleted (after publishing, or by retention).
    pub purged_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
