//! The object store port: bytes by storage key, as the media table's `storage_key` names
//! them (`<workspace>/<random hex>`), and whatever keys export and erasure add.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::pin::Pin;
use tokio::io::AsyncRead;

/// An object's bytes as they arrive, or bytes to store as they are produced; never held
/// whole in memory by the port.
pub type ObjectReader = Pin<Box<dyn AsyncRead + Send>>;

/// The longest key accepted, in bytes (S3's limit).
pub const MAX_KEY_BYTES: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMeta {
    pub key: String,
    pub size: u64,
    pub last_modified: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum ObjectStoreError {
    #[error("no object is stored at `{key}`")]
    NotFound { key: String },
    #[error("`{key}` is not a storage key: {reason}")]
    InvalidKey { key: String, reason: &'static str },
    /// Reading the bytes to store failed; nothing was stored.
    #[error("reading the bytes to store failed")]
    Source(#[source] std::io::Error),
    /// The store itself failed (a disk error, S3 unreachable): worth retrying later.
    #[error("the object store failed")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ObjectStoreError {
    pub fn backend(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Backend(Box::new(err))
    }
}

/// Objects by storage key. Every implementation accepts exactly the keys [`validate_key`]
/// accepts and the prefixes [`validate_prefix`] accepts, so an engine tested against the
/// in-memory store sees the same refusals as in production.
#[async_trait]
pub trait ObjectStore: Send + Sync {
    /// Stores `bytes` at `key`, replacing what was there.
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), ObjectStoreError>;

    /// Stores everything `reader` yields at `key`, in parts, and returns the size stored. A
    /// failure part-way leaves no partial object behind.
    async fn put_stream(&self, key: &str, reader: ObjectReader) -> Result<u64, ObjectStoreError>;

    /// The whole object; [`ObjectStoreError::NotFound`] when there is none. For small objects:
    /// large ones are read with [`ObjectStore::get_stream`].
    async fn get(&self, key: &str) -> Result<Vec<u8>, ObjectStoreError>;

    /// The object as a reader that streams it from the store.
    async fn get_stream(&self, key: &str) -> Result<ObjectReader, ObjectStoreError>;

    /// What is known of the object without reading it; `None` when there is none.
    async fn head(&self, key: &str) -> Result<Option<ObjectMeta>, ObjectStoreError>;

    async fn exists(&self, key: &str) -> Result<bool, ObjectStoreError> {
        Ok(self.head(key).await?.is_some())
    }

    /// Deletes the object. Deleting what is not there succeeds: erasure and purges repeat
    /// deletes after a crash or an outage.
    async fn delete(&self, key: &str) -> Result<(), ObjectStoreError>;

    /// Every object whose key starts with `prefix` (a plain string prefix, so `ab/c` finds
    /// `ab/cd` and `ab/c/d`; end it with `/` to mean one folder), ordered by key. An empty
    /// prefix lists everything.
    async fn list(&self, prefix: &str) -> Result<Vec<ObjectMeta>, ObjectStoreError>;
}

fn segment_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=')
}

fn invalid(key: &str, reason: &'static str) -> ObjectStoreError {
    ObjectStoreError::InvalidKey { key: key.to_owned(), reason }
}

/// A storage key: segments joined by `/`, each of ASCII letters, digits, `-`, `_`, `.` and
/// `=`, none empty, `.` or `..`, at most [`MAX_KEY_BYTES`] in all. Such a key means the same
/// object on a local folder and on S3, and comes back from a listing exactly as it was given.
pub fn validate_key(key: &str) -> Result<(), ObjectStoreError> {
    if key.is_empty() {
        return Err(invalid(key, "it is empty"));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(invalid(key, "it is longer than 1024 bytes"));
    }
    for segment in key.split('/') {
        check_segment(key, segment)?;
    }
    Ok(())
}

/// A listing prefix: empty, or whole segments as in [`validate_key`] optionally followed by
/// `/` and the start of a further segment.
pub fn validate_prefix(prefix: &str) -> Result<(), ObjectStoreError> {
    if prefix.len() > MAX_KEY_BYTES {
        return Err(invalid(prefix, "it is longer than 1024 bytes"));
    }
    let Some((folders, partial)) = prefix.rsplit_once('/') else {
        return check_chars(prefix, prefix);
    };
    for segment in folders.split('/') {
        check_segment(prefix, segment)?;
    }
    check_chars(prefix, partial)
}

fn check_segment(key: &str, segment: &str) -> Result<(), ObjectStoreError> {
    if segment.is_empty() {
        return Err(invalid(key, "it has an empty segment (a leading, trailing or doubled `/`)"));
    }
    if segment == "." || segment == ".." {
        return Err(invalid(key, "it has a `.` or `..` segment"));
    }
    check_chars(key, segment)
}

fn check_chars(key: &str, segment: &str) -> Result<(), ObjectStoreError> {
    if segment.chars().all(segment_char) {
        Ok(())
    } else {
        Err(invalid(key, "only ASCII letters, digits, `-`, `_`, `.`, `=` and `/` are allowed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_portable_segments() {
        for ok in ["a", "0123abcd/9f8e", "exports/2026-11-23/user_1.json", "a=b/c.d-e"] {
            assert!(validate_key(ok).is_ok(), "{ok}");
        }
        let long = "a".repeat(MAX_KEY_BYTES + 1);
        for bad in ["", "/a", "a/", "a//b", "../a", "a/./b", "a/..", "a b", "a#1", "é", "a\\b", "a\n", long.as_str()] {
            assert!(matches!(validate_key(bad), Err(ObjectStoreError::InvalidKey { .. })), "{bad:?}");
        }
    }

    #[test]
    fn prefixes_may_end_mid_segment_or_on_a_slash() {
        for ok in ["", "a", "a/", "a/b", "a/b/", "a/.", "ws/ab"] {
            assert!(validate_prefix(ok).is_ok(), "{ok:?}");
        }
        for bad in ["/", "/a", "a//", "../", "a/../b", "a b", "a/%"] {
            assert!(matches!(validate_prefix(bad), Err(ObjectStoreError::InvalidKey { .. })), "{bad:?}");
        }
    }
}
