use super::sea_orm_active_enums::{ConnectionStatus, Platform};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "connections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub platform: Platform,
    /// The account's id at the platform (a Telegram chat id for Telegram).
    pub platform_account_id: String,
    pub account_name: String,
    pub avatar_url: Option<String>,
    /// Space-separated scopes the platform granted.
    pub scopes: String,
    pub status: ConnectionStatus,
    pub status_reason: Option<String>,
    pub connected_by: Option<Uuid>,
    pub connected_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_refreshed_at: Option<DateTimeUtc>,
    /// When the access token lapses, from the platform's `expires_in`.
    pub expires_at: Option<DateTimeUtc>,
    pub refresh_expires_at: Option<DateTimeUtc>,
    /// A refresh token is held, so the refresh job can renew the access token.
    pub can_refresh: bool,
    /// Held by a worker while it refreshes the token.
    pub lease_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
