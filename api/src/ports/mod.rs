//! The API's implementations of the engine's ports (`compliance::ports`): objects in the
//! media store, and revocation through the vault and the platform clients. Mail needs none:
//! the engine queues it in the outbox and the mail job sends it.

mod objects;
mod tokens;

pub use objects::MediaObjects;
pub use tokens::VaultRevoker;

use crate::state::AppState;
use compliance::ports::{ObjectStore, TokenRevoker};
use std::sync::Arc;

/// Every port, ready to hand to the engine.
#[derive(Clone)]
pub struct Ports {
    pub objects: Arc<dyn ObjectStore>,
    pub tokens: Arc<dyn TokenRevoker>,
}

impl std::fmt::Debug for Ports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Ports")
    }
}

impl Ports {
    /// The ports over this server's own media store, vault, database and platform clients.
    pub fn from_state(state: &AppState) -> Self {
        Self {
            objects: Arc::new(MediaObjects::new(state.media.clone())),
            tokens: Arc::new(VaultRevoker::new(state.clone())),
        }
    }
}
