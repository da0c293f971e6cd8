//! argon2id password hashing with parameters from configuration. Hashing runs on the
//! blocking pool so it never stalls the async workers.

use crate::{config::AuthConfig, error::Error};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;

pub struct Passwords {
    argon: Argon2<'static>,
    /// Verified against when an email is unknown, so a miss costs what a hit costs.
    dummy_hash: String,
}

impl Passwords {
    pub fn new(config: &AuthConfig) -> anyhow::Result<Arc<Self>> {
        let params = Params::new(config.argon2_memory_kib, config.argon2_iterations, config.argon2_parallelism, None)
            .map_err(|e| anyhow::anyhow!("auth.argon2_*: {e}"))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let random: [u8; 32] = rand::random();
        let dummy_hash = argon.hash_password(&random).map_err(|e| anyhow::anyhow!("argon2: {e}"))?.to_string();
        Ok(Arc::new(Self { argon, dummy_hash }))
    }

    pub async fn hash(self: &Arc<Self>, password: SecretString) -> Result<String, Error> {
        let this = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            this.argon
                .hash_password(password.expose_secret().as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| Error::internal(anyhow::anyhow!("argon2: {e}")))
        })
        .await
        .map_err(Error::internal)?
    }

    /// `None` stands for an unknown account: the work is done all the same and fails.
    pub async fn verify(self: &Arc<Self>, password: SecretString, hash: Option<String>) -> bool {
        let this = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let known = hash.is_some();
            let hash = hash.unwrap_or_else(|| this.dummy_hash.clone());
            let ok = this.argon.verify_password(password.expose_secret().as_bytes(), hash.as_str()).is_ok();
            ok && known
        })
        .await
        .unwrap_or(false)
    }
}
