use super::sea_orm_active_enums::{Platform, PublishStatus};
use sea_orm::entity::prelude::*;

/// One post on one connected account: the unit the publishing worker claims.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "post_targets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub post_id: Uuid,
    pub workspace_id: Uuid,
    /// Null once the connection is gone; the platform stays for the record.
    pub connection_id: Option<Uuid>,
    pub platform: Platform,
    /// JSON object of per-platform overrides (text, title, description, visibility).
    #[sea_orm(column_type = "Text")]
    pub overrides: String,
    pub status: PublishStatus,
    pub due_at: Option<DateTimeUtc>,
    pub next_attempt_at: Option<DateTimeUtc>,
    pub lease_until: Option<DateTimeUtc>,
    pub lease_owner: Option<String>,
    pub attempts: i32,
    /// Sent with every attempt, so a platform (or our record) can tell a retry from a new post.
    pub idempotency_key: String,
    pub remote_id: Option<String>,
    pub remote_url: Option<String>,
    pub last_error: Option<String>,
    pub published_at: Option<DateTimeUtc>,
    pub removed_from_platform_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
