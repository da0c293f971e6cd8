use super::store::{Credentials, Upsert, upsert};
use crate::{
    auth::WorkspaceAccess,
    error::{Error, Result},
    platforms::{provider::telegram_api_base, telegram},
    service::Svc,
};
use compliance::db::begin_write;
use entity::{connections, sea_orm_active_enums::Platform};
use secrecy::{ExposeSecret, SecretString};

/// Connects a Telegram chat through a bot the person controls. Telegram has no OAuth and
/// no revocation: disconnecting deletes the token, and the person can revoke it with
/// @BotFather.
pub async fn connect_telegram(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    bot_token: SecretString,
    chat_id: &str,
) -> Result<connections::Model> {
    let config = &svc.state.config.platforms;
    if config.telegram.disabled {
        return Err(Error::bad_input("bot_token", "Telegram is not available on this server"));
    }
    let mut problems = Vec::new();
    if !telegram::token_is_well_formed(bot_token.expose_secret().trim()) {
        problems.push(crate::error::Problem::new("bot_token", "is not a Telegram bot token"));
    }
    let chat_id = chat_id.trim();
    if !telegram::chat_is_well_formed(chat_id) {
        problems.push(crate::error::Problem::new("chat_id", "must be a numeric chat id or an @channel name"));
    }
    if !problems.is_empty() {
        return Err(Error::invalid(problems));
    }
    let bot_token = SecretString::from(bot_token.expose_secret().trim().to_owned());
    let profile =
        telegram::verify(&svc.state.http, &telegram_api_base(config), &bot_token, chat_id).await.map_err(|err| {
            match err {
                telegram::TelegramError::InvalidToken => Error::bad_input("bot_token", err.to_string()),
                telegram::TelegramError::ChatNotFound => Error::bad_input("chat_id", err.to_string()),
                telegram::TelegramError::Transport => Error::internal(anyhow::anyhow!("{err}")),
            }
        })?;
    let now = svc.now();
    let txn = begin_write(&svc.state.db).await?;
    let connection = upsert(
        &txn,
        Upsert {
            workspace_id: access.workspace_id(),
            platform: Platform::Telegram,
            profile,
            credentials: Credentials::Bot(bot_token),
            actor: access.actor(),
            user_id: access.user_id(),
            now,
            svc,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(connection)
}
