//! The token vault: AES-256-GCM with a fresh 96-bit nonce per encryption, associated data
//! that binds each ciphertext to its owner row and field, and a key ring whose every
//! ciphertext records the key that sealed it, so keys can rotate.

mod keyring;
mod rotate;
mod store;

pub use keyring::{KeyRing, VaultError};
pub use rotate::{RotationReport, rotate};
pub use store::{Owner, StoreError, delete_all, get, put};
