use sea_orm::entity::prelude::*;

/// An encrypted secret. Exactly one owner column is set; the ciphertext's associated data
/// names that owner and the field, so it opens nowhere else.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vault_secrets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub connection_id: Option<Uuid>,
    pub oauth_state_id: Option<Uuid>,
    pub webhook_id: Option<Uuid>,
    /// e.g. `access_token`, `refresh_token`, `bot_token`, `pkce_verifier`.
    pub field: String,
    pub key_id: String,
    /// nonce (12 bytes) followed by the AES-256-GCM ciphertext and tag.
    #[sea_orm(column_type = "Blob")]
    pub ciphertext: Vec<u8>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
