use crate::config::{Config, Mode};
use aes_gcm::{
    Aes256Gcm, Nonce,
    aead::{Aead, Generate, KeyInit, Payload},
};
use anyhow::{Context as _, anyhow, bail};
use base64::{Engine, engine::general_purpose::STANDARD};
use secrecy::{ExposeSecret, zeroize::Zeroizing};
use std::{collections::BTreeMap, path::Path};

const NONCE_LEN: usize = 12;
const DEV_KEY_ID: &str = "local";
const DEV_KEY_FILE: &str = "vault.key";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VaultError {
    #[error("no key with id `{0}` is configured")]
    UnknownKey(String),
    #[error("the ciphertext is malformed")]
    Malformed,
    /// Wrong key, wrong owner (a copied ciphertext) or tampered bytes: GCM cannot tell
    /// which, and neither may we.
    #[error("the ciphertext does not open")]
    Decrypt,
    #[error("encryption failed")]
    Encrypt,
}

pub struct KeyRing {
    ciphers: BTreeMap<String, Aes256Gcm>,
    active: String,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("key_ids", &self.ciphers.keys().collect::<Vec<_>>())
            .field("active", &self.active)
            .finish()
    }
}

fn cipher(id: &str, encoded: &str) -> anyhow::Result<Aes256Gcm> {
    let bytes = Zeroizing::new(STANDARD.decode(encoded.trim()).map_err(|_| anyhow!("vault key `{id}` is not base64"))?);
    if bytes.len() != 32 {
        bail!("vault key `{id}` must be 32 bytes (base64 of 32 random bytes), found {}", bytes.len());
    }
    Aes256Gcm::new_from_slice(&bytes).map_err(|_| anyhow!("vault key `{id}` is not a valid AES-256 key"))
}

impl KeyRing {
    /// Builds the ring from configuration. In development with no key configured, a key is
    /// generated into the data folder once and reused; production refuses to start.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let mut ciphers = BTreeMap::new();
        for (id, key) in &config.vault.keys {
            ciphers.insert(id.clone(), cipher(id, key.expose_secret())?);
        }
        for (id, path) in &config.vault.key_files {
            let encoded = Zeroizing::new(
                std::fs::read_to_string(path)
                    .with_context(|| format!("vault.key_files.{id}: cannot read {}", path.display()))?,
            );
            ciphers.insert(id.clone(), cipher(id, &encoded)?);
        }
        if ciphers.is_empty() {
            if config.mode == Mode::Production {
                bail!(
                    "vault: no key configured; production mode refuses to start without vault.keys or vault.key_files"
                );
            }
            let encoded = Zeroizing::new(dev_key(&config.data_dir)?);
            ciphers.insert(DEV_KEY_ID.to_owned(), cipher(DEV_KEY_ID, &encoded)?);
        }
        let active = match &config.vault.active_key {
            Some(id) if ciphers.contains_key(id) => id.clone(),
            Some(id) => bail!("vault.active_key `{id}` names no configured key"),
            None if ciphers.len() == 1 => ciphers.keys().next().cloned().unwrap_or_default(),
            None => bail!("vault.active_key must name one of the configured keys"),
        };
        Ok(Self { ciphers, active })
    }

    /// A ring from raw keys, for tools and tests.
    pub fn from_keys(keys: &[(&str, &[u8; 32])], active: &str) -> anyhow::Result<Self> {
        let mut ciphers = BTreeMap::new();
        for (id, key) in keys {
            ciphers.insert((*id).to_owned(), Aes256Gcm::new_from_slice(*key).map_err(|_| anyhow!("bad key"))?);
        }
        if !ciphers.contains_key(active) {
            bail!("active key `{active}` is not in the ring");
        }
        Ok(Self { ciphers, active: active.to_owned() })
    }

    pub fn active_id(&self) -> &str {
        &self.active
    }

    /// `nonce || ciphertext || tag`, sealed under the active key.
    pub fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Result<(String, Vec<u8>), VaultError> {
        let cipher = self.ciphers.get(&self.active).ok_or_else(|| VaultError::UnknownKey(self.active.clone()))?;
        let nonce = Nonce::generate();
        let sealed = cipher.encrypt(&nonce, Payload { msg: plaintext, aad }).map_err(|_| VaultError::Encrypt)?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(nonce.as_slice());
        out.extend_from_slice(&sealed);
        Ok((self.active.clone(), out))
    }

    pub fn open(&self, key_id: &str, aad: &[u8], bytes: &[u8]) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let cipher = self.ciphers.get(key_id).ok_or_else(|| VaultError::UnknownKey(key_id.to_owned()))?;
        if bytes.len() < NONCE_LEN + 16 {
            return Err(VaultError::Malformed);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_from(nonce).map_err(|_| VaultError::Malformed)?;
        cipher.decrypt(&nonce, Payload { msg: sealed, aad }).map(Zeroizing::new).map_err(|_| VaultError::Decrypt)
    }
}

fn dev_key(data_dir: &Path) -> anyhow::Result<String> {
    let path = data_dir.join(DEV_KEY_FILE);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return Ok(existing);
    }
    std::fs::create_dir_all(data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
    let bytes: Zeroizing<[u8; 32]> = Zeroizing::new(rand::random());
    let encoded = STANDARD.encode(*bytes);
    write_private(&path, &encoded)?;
    tracing::warn!(
        path = %path.display(),
        "NO VAULT KEY CONFIGURED: generated a development key. Platform tokens are encrypted with a key that \
         sits next to the database. Configure vault.keys (or vault.key_files) before real use; production \
         mode refuses to start without one."
    );
    Ok(encoded)
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(contents.as_bytes()).with_context(|| format!("writing {}", path.display()))
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring() -> KeyRing {
        KeyRing::from_keys(&[("a", &[1; 32]), ("b", &[2; 32])], "a").expect("ring")
    }

    #[test]
    fn seals_and_opens_with_the_same_owner() {
        let ring = ring();
        let (key, sealed) = ring.seal(b"owner-1|access_token", b"secret token").expect("seal");
        assert_eq!(key, "a");
        assert_eq!(ring.open(&key, b"owner-1|access_token", &sealed).expect("open").as_slice(), b"secret token");
    }

    #[test]
    fn every_seal_uses_a_fresh_nonce() {
        let ring = ring();
        let (_, one) = ring.seal(b"x", b"same").expect("seal");
        let (_, two) = ring.seal(b"x", b"same").expect("seal");
        assert_ne!(one[..NONCE_LEN], two[..NONCE_LEN]);
        assert_ne!(one, two);
    }

    #[test]
    fn another_owner_a_tampered_byte_or_the_wrong_key_fail_cleanly() {
        let ring = ring();
        let (key, sealed) = ring.seal(b"owner-1|access_token", b"secret token").expect("seal");
        assert_eq!(ring.open(&key, b"owner-2|access_token", &sealed), Err(VaultError::Decrypt));
        assert_eq!(ring.open(&key, b"owner-1|refresh_token", &sealed), Err(VaultError::Decrypt));
        let mut tampered = sealed.clone();
        tampered[NONCE_LEN + 2] ^= 1;
        assert_eq!(ring.open(&key, b"owner-1|access_token", &tampered), Err(VaultError::Decrypt));
        assert_eq!(ring.open("b", b"owner-1|access_token", &sealed), Err(VaultError::Decrypt));
        assert_eq!(ring.open("zz", b"owner-1|access_token", &sealed), Err(VaultError::UnknownKey("zz".into())));
        assert_eq!(ring.open(&key, b"owner-1|access_token", &sealed[..10]), Err(VaultError::Malformed));
    }

    #[test]
    fn debug_shows_key_ids_only() {
        let shown = format!("{:?}", ring());
        assert!(shown.contains("\"a\"") && !shown.contains("[1, 1"));
    }
}
