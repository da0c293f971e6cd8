//! Signing secrets and signatures. A receiver recomputes
//! `HMAC-SHA256(secret, "<t>.<body>")` over the raw body, compares it in constant time with
//! `v1` from the `Postwarden-Signature: t=<unix>,v1=<hex>` header, and rejects a `t` too far
//! from its own clock, which stops replays.

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

pub const SECRET_PREFIX: &str = "whsec_";

/// A new signing secret: 256 random bits, hex, with a prefix that makes it recognisable
/// (to people, and to secret scanners).
pub fn new_secret() -> SecretString {
    let bytes: [u8; 32] = rand::random();
    SecretString::from(format!("{SECRET_PREFIX}{}", hex::encode(bytes)))
}

/// The `Postwarden-Signature` header value. The key is the secret exactly as shown to the
/// person, prefix included.
pub fn sign(secret: &SecretString, timestamp: i64, body: &str) -> anyhow::Result<String> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.expose_secret().as_bytes())
        .map_err(|_| anyhow::anyhow!("HMAC refused the key"))?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    Ok(format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_match_a_known_vector_and_depend_on_every_part() {
        // HMAC-SHA256("whsec_test", "1700000000.{}"), computed independently.
        let secret = SecretString::from("whsec_test");
        let signed = sign(&secret, 1_700_000_000, "{}").expect("signed");
        assert_eq!(signed, "t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91");
        assert_ne!(sign(&secret, 1_700_000_001, "{}").ok(), Some(signed.clone()));
        assert_ne!(sign(&secret, 1_700_000_000, "{ }").ok(), Some(signed.clone()));
        assert_ne!(sign(&new_secret(), 1_700_000_000, "{}").ok(), Some(signed));
    }

    #[test]
    fn secrets_are_fresh_and_prefixed() {
        let (a, b) = (new_secret(), new_secret());
        assert!(a.expose_secret().starts_with(SECRET_PREFIX));
        assert_eq!(a.expose_secret().len(), SECRET_PREFIX.len() + 64);
        assert_ne!(a.expose_secret(), b.expose_secret());
    }
}
