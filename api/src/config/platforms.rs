use secrecy::SecretString;
use serde::Deserialize;

/// One OAuth application's settings. URLs left unset use the platform's real endpoints.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OAuthAppConfig {
    /// Empty means this platform is not offered.
    pub client_id: String,
    pub client_secret: Option<SecretString>,
    pub auth_url: Option<String>,
    pub token_url: Option<String>,
    pub revoke_url: Option<String>,
    /// Base of the platform's API (profile, publishing, analytics).
    pub api_base: Option<String>,
    /// Where a platform keeps its analytics API apart from the rest (YouTube).
    pub analytics_base: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelegramConfig {
    /// Base of the Bot API; `https://api.telegram.org` when unset.
    pub api_base: Option<String>,
    /// Telegram needs no app registration; this switch withdraws the platform if wanted.
    pub disabled: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlatformsConfig {
    pub youtube: OAuthAppConfig,
    pub tiktok: OAuthAppConfig,
    pub facebook: OAuthAppConfig,
    pub instagram: OAuthAppConfig,
    pub linkedin: OAuthAppConfig,
    pub x: OAuthAppConfig,
    pub pinterest: OAuthAppConfig,
    pub telegram: TelegramConfig,
}
