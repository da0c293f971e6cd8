//! Reading the connected account's profile: its id at the platform, a display name and
//! an avatar. Also the shared way of calling a platform API with a token.

use super::Provider;
use entity::sea_orm_active_enums::Platform;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub account_id: String,
    pub name: String,
    pub avatar_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiCallError {
    /// The platform no longer accepts the token.
    #[error("the platform rejected the token")]
    Unauthorized,
    #[error("the platform answered with status {0}")]
    Status(u16),
    #[error("the platform could not be reached")]
    Transport,
    #[error("the platform's answer was not understood: {0}")]
    Shape(&'static str),
}

/// GET with the token as a bearer; never puts the token in a URL or an error.
pub async fn get_json(http: &reqwest::Client, url: &str, token: &SecretString) -> Result<Value, ApiCallError> {
    let response =
        http.get(url).bearer_auth(token.expose_secret()).send().await.map_err(|_| ApiCallError::Transport)?;
    match response.status().as_u16() {
        200..=299 => response.json::<Value>().await.map_err(|_| ApiCallError::Shape("not JSON")),
        401 | 403 => Err(ApiCallError::Unauthorized),
        status => Err(ApiCallError::Status(status)),
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub async fn fetch(provider: &Provider, http: &reqwest::Client, token: &SecretString) -> Result<Profile, ApiCallError> {
    let (path, id, name, avatar): (&str, &[&str], &[&str], &[&str]) = match provider.def.platform {
        Platform::Youtube => (
            "/youtube/v3/channels?part=snippet&mine=true",
            &["items", "0", "id"],
            &["items", "0", "snippet", "title"],
            &["items", "0", "snippet", "thumbnails", "default", "url"],
        ),
        Platform::Tiktok => (
            "/v2/user/info/?fields=open_id,display_name,avatar_url",
            &["data", "user", "open_id"],
            &["data", "user", "display_name"],
            &["data", "user", "avatar_url"],
        ),
        Platform::Facebook | Platform::Instagram => {
            ("/v21.0/me?fields=id,name,picture", &["id"], &["name"], &["picture", "data", "url"])
        }
        Platform::Linkedin => ("/v2/userinfo", &["sub"], &["name"], &["picture"]),
        Platform::X => (
            "/2/users/me?user.fields=profile_image_url",
            &["data", "id"],
            &["data", "name"],
            &["data", "profile_image_url"],
        ),
        Platform::Pinterest => ("/v5/user_account", &["id"], &["username"], &["profile_image"]),
        Platform::Telegram => return Err(ApiCallError::Shape("Telegram has no OAuth profile")),
    };
    let body = get_json(http, &provider.api(path), token).await?;
    let at = |path: &[&str]| -> Option<String> {
        let mut value = &body;
        for key in path {
            value = match key.parse::<usize>() {
                Ok(index) => value.get(index)?,
                Err(_) => value.get(key)?,
            };
        }
        text(value)
    };
    let name = at(name);
    // Pinterest's account id arrived late in its API; the username identifies it as well.
    let account_id = at(id).or_else(|| name.clone()).ok_or(ApiCallError::Shape("no account id"))?;
    Ok(Profile { name: name.unwrap_or_else(|| account_id.clone()), account_id, avatar_url: at(avatar) })
}
