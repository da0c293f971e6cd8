//! Media URLs signed with an HMAC over the media id and an expiry.

use anyhow::{Context as _, bail};
use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretBox, zeroize::Zeroizing};
use sha2::Sha256;
use std::path::Path;
use uuid::Uuid;

pub struct UrlSigner {
    key: SecretBox<[u8; 32]>,
    public_url: String,
}

impl std::fmt::Debug for UrlSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UrlSigner").field("public_url", &self.public_url).finish_non_exhaustive()
    }
}

const DEV_KEY_FILE: &str = "media-url.key";

impl UrlSigner {
    pub fn new(key: [u8; 32], public_url: &str) -> Self {
        Self { key: SecretBox::new(Box::new(key)), public_url: public_url.trim_end_matches('/').to_owned() }
    }

    /// From configuration; development generates a key into the data folder once.
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<Self> {
        let encoded = match &config.media.url_signing_key {
            Some(key) => Zeroizing::new(key.expose_secret().to_owned()),
            None if config.mode == crate::config::Mode::Production => {
                bail!("media.url_signing_key: production mode refuses to start without one")
            }
            None => Zeroizing::new(dev_key(&config.data_dir)?),
        };
        let bytes = Zeroizing::new(STANDARD.decode(encoded.trim()).context("media.url_signing_key is not base64")?);
        let key: [u8; 32] =
            bytes.as_slice().try_into().map_err(|_| anyhow::anyhow!("media.url_signing_key must be 32 bytes"))?;
        Ok(Self::new(key, &config.server.public_url))
    }

    fn mac(&self, id: Uuid, expires: i64) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.key.expose_secret()).expect("any key length");
        mac.update(format!("{id}.{expires}").as_bytes());
        mac
    }

    pub fn url(&self, id: Uuid, expires_at: DateTime<Utc>) -> String {
        let expires = expires_at.timestamp();
        let signature = hex::encode(self.mac(id, expires).finalize().into_bytes());
        format!("{}/media/{id}?expires={expires}&signature={signature}", self.public_url)
    }

    /// Constant-time check of the signature, then of the expiry.
    pub fn verify(&self, id: Uuid, expires: i64, signature: &str, now: DateTime<Utc>) -> bool {
        let Ok(signature) = hex::decode(signature) else { return false };
        self.mac(id, expires).verify_slice(&signature).is_ok() && now.timestamp() < expires
    }
}

fn dev_key(data_dir: &Path) -> anyhow::Result<String> {
    let path = data_dir.join(DEV_KEY_FILE);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return Ok(existing);
    }
    std::fs::create_dir_all(data_dir)?;
    let encoded = STANDARD.encode(rand::random::<[u8; 32]>());
    std::fs::write(&path, &encoded).with_context(|| format!("writing {}", path.display()))?;
    tracing::warn!(path = %path.display(), "no media.url_signing_key configured: generated a development key");
    Ok(encoded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_url_verifies_until_it_expires_and_not_when_altered() {
        let signer = UrlSigner::new([9; 32], "https://api.example/");
        let id = Uuid::now_v7();
        let now = Utc::now();
        let url = signer.url(id, now + Duration::minutes(5));
        assert!(url.starts_with(&format!("https://api.example/media/{id}?expires=")));
        let query: std::collections::HashMap<_, _> = url
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default()
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .collect();
        let expires: i64 = query["expires"].parse().unwrap_or_default();
        assert!(signer.verify(id, expires, query["signature"], now));
        assert!(!signer.verify(id, expires, query["signature"], now + Duration::minutes(6)));
        assert!(!signer.verify(id, expires + 60, query["signature"], now));
        assert!(!signer.verify(Uuid::now_v7(), expires, query["signature"], now));
        assert!(!UrlSigner::new([8; 32], "x").verify(id, expires, query["signature"], now));
    }
}
