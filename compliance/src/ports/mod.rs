//! Ports: the effects outside the database that erasure, export and retention need, as small
//! traits the engine calls and the API implements. The engine stays free of HTTP, platform
//! and storage code; the API hands it `Arc<dyn …>` implementations built from its state, and
//! the engine's own tests use the in-memory ones in [`memory`].
//!
//! - [`ObjectStore`]: stored objects (uploaded media, export archives) by storage key.
//!   Deleting is idempotent, so a sweep that stopped half-way can simply run again.
//! - [`TokenRevoker`]: ends our access at a platform for one connection, revoking its tokens
//!   where the platform supports it and deleting its vault secrets, and says what happened in
//!   a [`RevokeOutcome`]. When the platform cannot be reached the secrets are kept, so the
//!   revocation can be retried, unless the caller says it is the last try.
//!
//! # Mail has no port: the outbox is it
//!
//! Telling a person something is [`crate::outbox::enqueue`] (or `enqueue_many`) on the same
//! connection or transaction as the change it reports. The message is then committed exactly
//! when the change is, never sent for a change that rolled back and never lost to a mail
//! server that was down; the API's mail job drains the outbox, with retries, through SMTP or
//! into files. A mailer trait called from the engine would send outside the transaction and
//! lose both guarantees, so there is none: erasure, export and retention queue their notices
//! in the outbox like every other feature.
//!
//! # Order of effects
//!
//! A port call is not part of a database transaction and cannot be rolled back. An engine
//! records its intent in the database first, calls the ports, then records the outcome, and
//! calls them again for whatever a crash or an outage left undone: that is why deleting and
//! revoking accept being repeated.

pub mod memory;
mod objects;
mod tokens;

pub use objects::{
    MAX_KEY_BYTES, ObjectMeta, ObjectReader, ObjectStore, ObjectStoreError, validate_key, validate_prefix,
};
pub use tokens::{RevokeError, RevokeOutcome, RevokeRequest, TokenRevoker};
