//! Telegram: a bot token and a chat id instead of OAuth. The token sits in the Bot API's
//! URL path, so no URL of these calls may ever reach a log or an error.

use super::profile::Profile;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TelegramError {
    #[error("Telegram did not accept the bot token")]
    InvalidToken,
    #[error("the bot cannot see that chat")]
    ChatNotFound,
    #[error("Telegram could not be reached")]
    Transport,
}

/// The shape Telegram issues: `<bot id>:<secret>`.
pub fn token_is_well_formed(token: &str) -> bool {
    let Some((id, secret)) = token.split_once(':') else { return false };
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && secret.len() >= 20
        && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A numeric chat id or a public `@channel`.
pub fn chat_is_well_formed(chat: &str) -> bool {
    let numeric = chat.strip_prefix('-').unwrap_or(chat);
    (!numeric.is_empty() && numeric.bytes().all(|b| b.is_ascii_digit()))
        || chat
            .strip_prefix('@')
            .is_some_and(|name| name.len() >= 4 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

async fn call(
    http: &reqwest::Client,
    base: &str,
    token: &SecretString,
    method: &str,
    query: &[(&str, &str)],
) -> Result<Option<Value>, TelegramError> {
    let url = format!("{base}/bot{}/{method}", token.expose_secret());
    let response = http.get(url).query(query).send().await.map_err(|_| TelegramError::Transport)?;
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    if status == 200 && body["ok"] == Value::Bool(true) {
        Ok(Some(body["result"].clone()))
    } else if status >= 500 {
        Err(TelegramError::Transport)
    } else {
        Ok(None)
    }
}

/// Checks the token with `getMe` and the chat with `getChat`; the chat is the account.
pub async fn verify(
    http: &reqwest::Client,
    base: &str,
    token: &SecretString,
    chat: &str,
) -> Result<Profile, TelegramError> {
    call(http, base, token, "getMe", &[]).await?.ok_or(TelegramError::InvalidToken)?;
    let chat = call(http, base, token, "getChat", &[("chat_id", chat)]).await?.ok_or(TelegramError::ChatNotFound)?;
    let account_id = match &chat["id"] {
        Value::Number(n) => n.to_string(),
        _ => return Err(TelegramError::ChatNotFound),
    };
    let name = ["title", "username", "first_name"]
        .iter()
        .find_map(|k| chat[*k].as_str().map(str::to_owned))
        .unwrap_or_else(|| account_id.clone());
    Ok(Profile { account_id, name, avatar_url: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_checked_before_any_call() {
        assert!(token_is_well_formed("123456789:AAEhBOweik9ai_bvJ-Xxxxxxxxxxxxxxxxx"));
        assert!(!token_is_well_formed("123456789"));
        assert!(!token_is_well_formed("abc:AAEhBOweik9ai_bvJ-Xxxxxxxxxxxxxxxxx"));
        assert!(chat_is_well_formed("-1001234567890") && chat_is_well_formed("@my_channel"));
        assert!(!chat_is_well_formed("my channel") && !chat_is_well_formed("@ab"));
    }
}
