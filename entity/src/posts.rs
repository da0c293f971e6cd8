use super::sea_orm_active_enums::PublishStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub author_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub title: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    /// JSON array of strings.
    #[sea_orm(column_type = "Text")]
    pub hashtags: String,
    /// JSON array of URLs.
    #[sea_orm(column_type = "Text")]
    pub links: String,
    pub status: PublishStatus,
    pub scheduled_at: Option<DateTimeUtc>,
    /// The list order: when it is (or was) due, or when it was drafted.
    pub sort_at: DateTimeUtc,
    /// IANA zone the author scheduled in, for display; `scheduled_at` is UTC.
    pub time_zone: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
