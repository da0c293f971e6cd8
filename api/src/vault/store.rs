//! Reading and writing sealed secrets in `vault_secrets`.

use super::{KeyRing, VaultError};
use chrono::{DateTime, Utc};
use entity::vault_secrets;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, Set};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

/// The row a secret belongs to. It is part of the associated data, so a ciphertext copied
/// onto another row does not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Connection(Uuid),
    OAuthState(Uuid),
    Webhook(Uuid),
}

impl Owner {
    pub(super) fn aad(self, field: &str) -> Vec<u8> {
        let (kind, id) = match self {
            Owner::Connection(id) => ("connection", id),
            Owner::OAuthState(id) => ("oauth_state", id),
            Owner::Webhook(id) => ("webhook", id),
        };
        format!("postwarden.vault.v1|{kind}|{id}|{field}").into_bytes()
    }

    pub(super) fn of(row: &vault_secrets::Model) -> Option<Self> {
        match (row.connection_id, row.oauth_state_id, row.webhook_id) {
            (Some(id), None, None) => Some(Owner::Connection(id)),
            (None, Some(id), None) => Some(Owner::OAuthState(id)),
            (None, None, Some(id)) => Some(Owner::Webhook(id)),
            _ => None,
        }
    }

    fn filter(self) -> sea_orm::Condition {
        match self {
            Owner::Connection(id) => vault_secrets::Column::ConnectionId.eq(id).into(),
            Owner::OAuthState(id) => vault_secrets::Column::OauthStateId.eq(id).into(),
            Owner::Webhook(id) => vault_secrets::Column::WebhookId.eq(id).into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Seals `secret` for `owner.field`, replacing what was there.
pub async fn put<C: ConnectionTrait>(
    db: &C,
    ring: &KeyRing,
    now: DateTime<Utc>,
    owner: Owner,
    field: &str,
    secret: &SecretString,
) -> Result<(), StoreError> {
    let (key_id, ciphertext) = ring.seal(&owner.aad(field), secret.expose_secret().as_bytes())?;
    let existing = vault_secrets::Entity::find()
        .filter(owner.filter())
        .filter(vault_secrets::Column::Field.eq(field))
        .one(db)
        .await?;
    match existing {
        Some(row) => {
            let mut active = row.into_active_model();
            active.key_id = Set(key_id);
            active.ciphertext = Set(ciphertext);
            active.updated_at = Set(now);
            active.update(db).await?;
        }
        None => {
            let (connection_id, oauth_state_id, webhook_id) = match owner {
                Owner::Connection(id) => (Some(id), None, None),
                Owner::OAuthState(id) => (None, Some(id), None),
                Owner::Webhook(id) => (None, None, Some(id)),
            };
            let row = vault_secrets::Model {
                id: Uuid::now_v7(),
                connection_id,
                oauth_state_id,
                webhook_id,
                field: field.to_owned(),
                key_id,
                ciphertext,
                created_at: now,
                updated_at: now,
            };
            vault_secrets::Entity::insert(row.into_active_model()).exec_without_returning(db).await?;
        }
    }
    Ok(())
}

/// The secret, `None` if there is none, or an error if it does not open.
pub async fn get<C: ConnectionTrait>(
    db: &C,
    ring: &KeyRing,
    owner: Owner,
    field: &str,
) -> Result<Option<SecretString>, StoreError> {
    let Some(row) = vault_secrets::Entity::find()
        .filter(owner.filter())
        .filter(vault_secrets::Column::Field.eq(field))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let plain = ring.open(&row.key_id, &owner.aad(field), &row.ciphertext)?;
    let text = String::from_utf8(plain.to_vec()).map_err(|_| VaultError::Malformed)?;
    Ok(Some(SecretString::from(text)))
}

pub async fn delete_all<C: ConnectionTrait>(db: &C, owner: Owner) -> Result<u64, DbErr> {
    Ok(vault_secrets::Entity::delete_many().filter(owner.filter()).exec(db).await?.rows_affected)
}
