//! One definition per platform: endpoints, the minimum scopes to publish and read
//! analytics, and the shape of its OAuth dialect.

use crate::config::{OAuthAppConfig, PlatformsConfig};
use entity::sea_orm_active_enums::Platform;
use secrecy::SecretString;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAuth {
    /// Client credentials in an HTTP Basic header.
    Basic,
    /// Client credentials in the form body.
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revocation {
    /// The platform offers no way to revoke a token.
    None,
    /// An RFC 7009 endpoint (`POST token=…`).
    Rfc7009(&'static str),
    /// Meta: `DELETE /me/permissions` with the token.
    MetaPermissions,
}

#[derive(Debug)]
pub struct ProviderDef {
    pub platform: Platform,
    pub auth_url: &'static str,
    pub token_url: &'static str,
    pub revocation: Revocation,
    pub api_base: &'static str,
    pub scopes: &'static [&'static str],
    pub scope_separator: &'static str,
    /// Whether the platform hands out refresh tokens for these scopes.
    pub refresh_tokens: bool,
    pub token_auth: TokenAuth,
    /// TikTok calls the client id `client_key`.
    pub client_id_param: &'static str,
    pub extra_auth_params: &'static [(&'static str, &'static str)],
}

pub static YOUTUBE: ProviderDef = ProviderDef {
    platform: Platform::Youtube,
    auth_url: "https://accounts.google.com/o/oauth2/v2/auth",
    token_url: "https://oauth2.googleapis.com/token",
    revocation: Revocation::Rfc7009("https://oauth2.googleapis.com/revoke"),
    api_base: "https://www.googleapis.com",
    // Upload, read the channel, read its analytics: nothing broader (Google's Limited Use).
    scopes: &[
        "https://www.googleapis.com/auth/youtube.upload",
        "https://www.googleapis.com/auth/youtube.readonly",
        "https://www.googleapis.com/auth/yt-analytics.readonly",
    ],
    scope_separator: " ",
    refresh_tokens: true,
    token_auth: TokenAuth::Body,
    client_id_param: "client_id",
    extra_auth_params: &[("access_type", "offline"), ("prompt", "consent")],
};

pub static TIKTOK: ProviderDef = ProviderDef {
    platform: Platform::Tiktok,
    auth_url: "https://www.tiktok.com/v2/auth/authorize/",
    token_url: "https://open.tiktokapis.com/v2/oauth/token/",
    revocation: Revocation::Rfc7009("https://open.tiktokapis.com/v2/oauth/revoke/"),
    api_base: "https://open.tiktokapis.com",
    scopes: &["user.info.basic", "video.publish", "video.list"],
    scope_separator: ",",
    refresh_tokens: true,
    token_auth: TokenAuth::Body,
    client_id_param: "client_key",
    extra_auth_params: &[],
};

pub static FACEBOOK: ProviderDef = ProviderDef {
    platform: Platform::Facebook,
    auth_url: "https://www.facebook.com/v21.0/dialog/oauth",
    token_url: "https://graph.facebook.com/v21.0/oauth/access_token",
    revocation: Revocation::MetaPermissions,
    api_base: "https://graph.facebook.com",
    scopes: &["pages_show_list", "pages_manage_posts", "pages_read_engagement", "read_insights"],
    scope_separator: ",",
    refresh_tokens: false,
    token_auth: TokenAuth::Body,
    client_id_param: "client_id",
    extra_auth_params: &[],
};

pub static INSTAGRAM: ProviderDef = ProviderDef {
    platform: Platform::Instagram,
    auth_url: "https://www.facebook.com/v21.0/dialog/oauth",
    token_url: "https://graph.facebook.com/v21.0/oauth/access_token",
    revocation: Revocation::MetaPermissions,
    api_base: "https://graph.facebook.com",
    scopes: &["instagram_basic", "instagram_content_publish", "instagram_manage_insights", "pages_show_list"],
    scope_separator: ",",
    refresh_tokens: false,
    token_auth: TokenAuth::Body,
    client_id_param: "client_id",
    extra_auth_params: &[],
};

pub static LINKEDIN: ProviderDef = ProviderDef {
    platform: Platform::Linkedin,
    auth_url: "https://www.linkedin.com/oauth/v2/authorization",
    token_url: "https://www.linkedin.com/oauth/v2/accessToken",
    revocation: Revocation::Rfc7009("https://www.linkedin.com/oauth/v2/revoke"),
    api_base: "https://api.linkedin.com",
    scopes: &["openid", "profile", "w_member_social"],
    scope_separator: " ",
    // Refresh tokens are for approved partners only; others reconnect when a token lapses.
    refresh_tokens: false,
    token_auth: TokenAuth::Body,
    client_id_param: "client_id",
    extra_auth_params: &[],
};

pub static X: ProviderDef = ProviderDef {
    platform: Platform::X,
    auth_url: "https://x.com/i/oauth2/authorize",
    token_url: "https://api.x.com/2/oauth2/token",
    revocation: Revocation::Rfc7009("https://api.x.com/2/oauth2/revoke"),
    api_base: "https://api.x.com",
    scopes: &["tweet.read", "tweet.write", "users.read", "offline.access"],
    scope_separator: " ",
    refresh_tokens: true,
    token_auth: TokenAuth::Basic,
    client_id_param: "client_id",
    extra_auth_params: &[],
};

pub static PINTEREST: ProviderDef = ProviderDef {
    platform: Platform::Pinterest,
    auth_url: "https://www.pinterest.com/oauth/",
    token_url: "https://api.pinterest.com/v5/oauth/token",
    revocation: Revocation::None,
    api_base: "https://api.pinterest.com",
    scopes: &["user_accounts:read", "boards:read", "pins:read", "pins:write"],
    scope_separator: ",",
    refresh_tokens: true,
    token_auth: TokenAuth::Basic,
    client_id_param: "client_id",
    extra_auth_params: &[],
};

pub const TELEGRAM_API: &str = "https://api.telegram.org";
const YOUTUBE_ANALYTICS: &str = "https://youtubeanalytics.googleapis.com";

pub fn definition(platform: Platform) -> Option<&'static ProviderDef> {
    match platform {
        Platform::Youtube => Some(&YOUTUBE),
        Platform::Tiktok => Some(&TIKTOK),
        Platform::Facebook => Some(&FACEBOOK),
        Platform::Instagram => Some(&INSTAGRAM),
        Platform::Linkedin => Some(&LINKEDIN),
        Platform::X => Some(&X),
        Platform::Pinterest => Some(&PINTEREST),
        Platform::Telegram => None,
    }
}

fn app_config(platform: Platform, config: &PlatformsConfig) -> Option<&OAuthAppConfig> {
    match platform {
        Platform::Youtube => Some(&config.youtube),
        Platform::Tiktok => Some(&config.tiktok),
        Platform::Facebook => Some(&config.facebook),
        Platform::Instagram => Some(&config.instagram),
        Platform::Linkedin => Some(&config.linkedin),
        Platform::X => Some(&config.x),
        Platform::Pinterest => Some(&config.pinterest),
        Platform::Telegram => None,
    }
}

/// A platform's definition with this deployment's credentials and endpoints.
#[derive(Debug, Clone)]
pub struct Provider {
    pub def: &'static ProviderDef,
    pub client_id: String,
    pub client_secret: Option<SecretString>,
    pub auth_url: String,
    pub token_url: String,
    pub revoke_url: Option<String>,
    pub api_base: String,
    pub analytics_base: String,
}

impl Provider {
    /// `None` when the platform has no OAuth app configured here.
    pub fn resolve(platform: Platform, config: &PlatformsConfig) -> Option<Self> {
        let def = definition(platform)?;
        let app = app_config(platform, config)?;
        if app.client_id.trim().is_empty() {
            return None;
        }
        let revoke_default = match def.revocation {
            Revocation::Rfc7009(url) => Some(url.to_owned()),
            Revocation::None | Revocation::MetaPermissions => None,
        };
        Some(Self {
            def,
            client_id: app.client_id.clone(),
            client_secret: app.client_secret.clone(),
            auth_url: app.auth_url.clone().unwrap_or_else(|| def.auth_url.to_owned()),
            token_url: app.token_url.clone().unwrap_or_else(|| def.token_url.to_owned()),
            revoke_url: app.revoke_url.clone().or(revoke_default),
            analytics_base: app
                .analytics_base
                .clone()
                .or_else(|| (platform == Platform::Youtube).then(|| YOUTUBE_ANALYTICS.to_owned()))
                .or_else(|| app.api_base.clone())
                .unwrap_or_else(|| def.api_base.to_owned())
                .trim_end_matches('/')
                .to_owned(),
            api_base: app.api_base.clone().unwrap_or_else(|| def.api_base.to_owned()).trim_end_matches('/').to_owned(),
        })
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}{path}", self.api_base)
    }
}

pub fn telegram_api_base(config: &PlatformsConfig) -> String {
    config.telegram.api_base.clone().unwrap_or_else(|| TELEGRAM_API.to_owned()).trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn every_oauth_platform_is_defined_and_unconfigured_ones_are_not_offered() {
        let config = PlatformsConfig::default();
        for platform in Platform::iter().filter(|p| *p != Platform::Telegram) {
            let def = definition(platform).expect("defined");
            assert_eq!(def.platform, platform);
            assert!(!def.scopes.is_empty());
            assert!(Provider::resolve(platform, &config).is_none());
        }
    }

    #[test]
    fn configured_urls_override_the_real_endpoints() {
        let mut config = PlatformsConfig::default();
        config.x.client_id = "id".into();
        config.x.api_base = Some("http://127.0.0.1:9/".into());
        let x = Provider::resolve(Platform::X, &config).expect("configured");
        assert_eq!(x.token_url, X.token_url);
        assert_eq!(x.api("/2/users/me"), "http://127.0.0.1:9/2/users/me");
        assert_eq!(x.revoke_url.as_deref(), Some("https://api.x.com/2/oauth2/revoke"));
    }
}
