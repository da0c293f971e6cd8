//! Opaque bearer secrets. Only their SHA-256 is stored: they carry 256 bits of randomness,
//! so a fast hash is enough and lets the database index the lookup.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub const SESSION_PREFIX: &str = "pws_";
pub const API_KEY_PREFIX: &str = "pwk_";

fn random_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// A new session token and the hash to store.
pub fn new_session_token() -> (SecretString, String) {
    let token = format!("{SESSION_PREFIX}{}", random_secret());
    let hash = sha256_hex(&token);
    (SecretString::from(token), hash)
}

pub struct NewApiKey {
    pub full: SecretString,
    /// Shown in listings so a person can tell keys apart; not secret.
    pub prefix: String,
    pub secret_hash: String,
}

pub fn new_api_key() -> NewApiKey {
    let prefix_bytes: [u8; 6] = rand::random();
    let prefix = hex::encode(prefix_bytes);
    let secret = random_secret();
    NewApiKey {
        full: SecretString::from(format!("{API_KEY_PREFIX}{prefix}_{secret}")),
        secret_hash: sha256_hex(&secret),
        prefix,
    }
}

/// Splits `pwk_<prefix>_<secret>`; `None` when it is not shaped like a key.
pub fn parse_api_key(key: &SecretString) -> Option<(String, SecretString)> {
    let rest = key.expose_secret().strip_prefix(API_KEY_PREFIX)?;
    let (prefix, secret) = rest.split_once('_')?;
    (prefix.len() == 12 && !secret.is_empty()).then(|| (prefix.to_owned(), SecretString::from(secret.to_owned())))
}

pub fn secret_matches(secret: &SecretString, stored_hash: &str) -> bool {
    let computed = sha256_hex(secret.expose_secret());
    computed.as_bytes().ct_eq(stored_hash.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_round_trips_and_only_its_secret_matches() {
        let key = new_api_key();
        let (prefix, secret) = parse_api_key(&key.full).expect("well-formed");
        assert_eq!(prefix, key.prefix);
        assert!(secret_matches(&secret, &key.secret_hash));
        assert!(!secret_matches(&SecretString::from("nope".to_owned()), &key.secret_hash));
    }

    #[test]
    fn malformed_keys_are_rejected() {
        for bad in ["", "pwk_", "pwk_short_x", "pws_abc", "pwk_0123456789ab_"] {
            assert!(parse_api_key(&SecretString::from(bad.to_owned())).is_none(), "{bad}");
        }
    }

    #[test]
    fn session_tokens_are_unique_and_hashed() {
        let (a, ha) = new_session_token();
        let (b, hb) = new_session_token();
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert_ne!(ha, hb);
        assert_eq!(ha, sha256_hex(a.expose_secret()));
        assert!(!format!("{a:?}").contains(a.expose_secret()));
    }
}
