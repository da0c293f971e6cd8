//! In-memory ports that record every call, for tests of the engine.
//!
//! Always compiled, not behind `cfg(test)`: `cfg(test)` reaches only this crate's own unit
//! tests, while the engine's integration tests (`compliance/tests/`) and the API's tests need
//! these too, and a `testing` feature would have to be switched on in every crate that uses
//! them. They are small, depend on nothing outside this crate, and nothing in a server builds
//! them.

use super::{
    ObjectMeta, ObjectReader, ObjectStore, ObjectStoreError, RevokeError, RevokeOutcome, RevokeRequest, TokenRevoker,
    validate_key, validate_prefix,
};
use crate::{SharedClock, SystemClock};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};
use tokio::io::AsyncReadExt;
use uuid::Uuid;

/// One call made to a [`MemoryObjectStore`], with its key or prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectCall {
    Put(String),
    PutStream(String),
    Get(String),
    GetStream(String),
    Head(String),
    Delete(String),
    List(String),
}

#[derive(Default)]
struct Objects {
    objects: BTreeMap<String, (Vec<u8>, DateTime<Utc>)>,
    calls: Vec<ObjectCall>,
    unavailable: bool,
}

/// Objects in a map, stamped with the clock's time when stored.
pub struct MemoryObjectStore {
    clock: SharedClock,
    state: Mutex<Objects>,
}

impl Default for MemoryObjectStore {
    fn default() -> Self {
        Self::new(Arc::new(SystemClock))
    }
}

impl MemoryObjectStore {
    pub fn new(clock: SharedClock) -> Self {
        Self { clock, state: Mutex::new(Objects::default()) }
    }

    fn lock(&self) -> MutexGuard<'_, Objects> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores an object without recording a call, to set up a test.
    pub fn insert(&self, key: &str, bytes: impl Into<Vec<u8>>) {
        let now = self.clock.now();
        self.lock().objects.insert(key.to_owned(), (bytes.into(), now));
    }

    pub fn keys(&self) -> Vec<String> {
        self.lock().objects.keys().cloned().collect()
    }

    pub fn contents(&self, key: &str) -> Option<Vec<u8>> {
        self.lock().objects.get(key).map(|(bytes, _)| bytes.clone())
    }

    /// Every call made, in order, refused ones included.
    pub fn calls(&self) -> Vec<ObjectCall> {
        self.lock().calls.clone()
    }

    /// The keys of every delete asked for, in order.
    pub fn deletes(&self) -> Vec<String> {
        self.lock()
            .calls
            .iter()
            .filter_map(|call| match call {
                ObjectCall::Delete(key) => Some(key.clone()),
                _ => None,
            })
            .collect()
    }

    /// From now on every call fails with [`ObjectStoreError::Backend`] (the store is down)
    /// and changes nothing, until set back.
    pub fn set_unavailable(&self, unavailable: bool) {
        self.lock().unavailable = unavailable;
    }

    /// Records the call, then checks the key and whether the store is up.
    fn begin(&self, call: ObjectCall) -> Result<MutexGuard<'_, Objects>, ObjectStoreError> {
        let mut state = self.lock();
        let checked = match &call {
            ObjectCall::List(prefix) => validate_prefix(prefix),
            ObjectCall::Put(key)
            | ObjectCall::PutStream(key)
            | ObjectCall::Get(key)
            | ObjectCall::GetStream(key)
            | ObjectCall::Head(key)
            | ObjectCall::Delete(key) => validate_key(key),
        };
        state.calls.push(call);
        checked?;
        if state.unavailable {
            return Err(ObjectStoreError::backend(std::io::Error::other("the in-memory store is unavailable")));
        }
        Ok(state)
    }

    fn store(&self, key: &str, bytes: Vec<u8>) -> Result<(), ObjectStoreError> {
        let now = self.clock.now();
        let mut state = self.lock();
        if state.unavailable {
            return Err(ObjectStoreError::backend(std::io::Error::other("the in-memory store is unavailable")));
        }
        state.objects.insert(key.to_owned(), (bytes, now));
        Ok(())
    }

    fn read(&self, call: ObjectCall, key: &str) -> Result<Vec<u8>, ObjectStoreError> {
        let state = self.begin(call)?;
        state
            .objects
            .get(key)
            .map(|(bytes, _)| bytes.clone())
            .ok_or_else(|| ObjectStoreError::NotFound { key: key.into() })
    }
}

#[async_trait]
impl ObjectStore for MemoryObjectStore {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), ObjectStoreError> {
        drop(self.begin(ObjectCall::Put(key.to_owned()))?);
        self.store(key, bytes)
    }

    async fn put_stream(&self, key: &str, mut reader: ObjectReader) -> Result<u64, ObjectStoreError> {
        drop(self.begin(ObjectCall::PutStream(key.to_owned()))?);
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await.map_err(ObjectStoreError::Source)?;
        let size = bytes.len() as u64;
        self.store(key, bytes)?;
        Ok(size)
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>, ObjectStoreError> {
        self.read(ObjectCall::Get(key.to_owned()), key)
    }

    async fn get_stream(&self, key: &str) -> Result<ObjectReader, ObjectStoreError> {
        let bytes = self.read(ObjectCall::GetStream(key.to_owned()), key)?;
        Ok(Box::pin(std::io::Cursor::new(bytes)))
    }

    async fn head(&self, key: &str) -> Result<Option<ObjectMeta>, ObjectStoreError> {
        let state = self.begin(ObjectCall::Head(key.to_owned()))?;
        Ok(state.objects.get(key).map(|(bytes, at)| ObjectMeta {
            key: key.to_owned(),
            size: bytes.len() as u64,
            last_modified: *at,
        }))
    }

    async fn delete(&self, key: &str) -> Result<(), ObjectStoreError> {
        let mut state = self.begin(ObjectCall::Delete(key.to_owned()))?;
        state.objects.remove(key);
        Ok(())
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ObjectMeta>, ObjectStoreError> {
        let state = self.begin(ObjectCall::List(prefix.to_owned()))?;
        Ok(state
            .objects
            .range(prefix.to_owned()..)
            .take_while(|(key, _)| key.starts_with(prefix))
            .map(|(key, (bytes, at))| ObjectMeta { key: key.clone(), size: bytes.len() as u64, last_modified: *at })
            .collect())
    }
}

/// How the pretend platform of a [`MemoryRevoker`] connection treats revocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoryPlatform {
    /// Revokes when asked (X, YouTube, Meta).
    Revocable,
    /// Offers no revocation (Pinterest, Telegram).
    NotRevocable,
    /// Answers, but refuses to confirm.
    Refusing,
}

#[derive(Default)]
struct Tokens {
    /// The connections whose secrets are still held.
    held: HashMap<Uuid, MemoryPlatform>,
    unavailable: bool,
    calls: Vec<RevokeRequest>,
    revoked: Vec<Uuid>,
}

/// Connections whose secrets it holds, a pretend platform that can be down, and a record of
/// every request and of every revocation the platform carried out.
#[derive(Default)]
pub struct MemoryRevoker {
    state: Mutex<Tokens>,
}

/// The retry hint: five minutes, doubling per earlier try, at most six hours.
pub fn memory_retry_after(attempts: u32) -> Duration {
    Duration::minutes(5 << attempts.min(7)).min(Duration::hours(6))
}

impl MemoryRevoker {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Tokens> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A connection whose tokens are held in the vault.
    pub fn connect(&self, connection_id: Uuid, platform: MemoryPlatform) {
        self.lock().held.insert(connection_id, platform);
    }

    /// The pretend platform is down (or back up).
    pub fn set_unavailable(&self, unavailable: bool) {
        self.lock().unavailable = unavailable;
    }

    pub fn holds_secrets(&self, connection_id: Uuid) -> bool {
        self.lock().held.contains_key(&connection_id)
    }

    /// Every request, in order.
    pub fn calls(&self) -> Vec<RevokeRequest> {
        self.lock().calls.clone()
    }

    /// The connections the platform revoked, in order.
    pub fn revoked(&self) -> Vec<Uuid> {
        self.lock().revoked.clone()
    }
}

#[async_trait]
impl TokenRevoker for MemoryRevoker {
    async fn revoke(&self, request: RevokeRequest) -> Result<RevokeOutcome, RevokeError> {
        let mut state = self.lock();
        state.calls.push(request);
        let id = request.connection_id;
        let Some(platform) = state.held.get(&id).copied() else {
            return Ok(RevokeOutcome::AlreadyGone);
        };
        if platform == MemoryPlatform::NotRevocable {
            state.held.remove(&id);
            return Ok(RevokeOutcome::NotSupported);
        }
        if state.unavailable {
            let retry_after = memory_retry_after(request.attempts);
            if !request.final_attempt {
                return Ok(RevokeOutcome::PlatformUnavailable { retry_after, secrets_kept: true });
            }
            state.held.remove(&id);
            return Ok(RevokeOutcome::PlatformUnavailable { retry_after, secrets_kept: false });
        }
        state.held.remove(&id);
        if platform == MemoryPlatform::Refusing {
            return Ok(RevokeOutcome::NotConfirmed);
        }
        state.revoked.push(id);
        Ok(RevokeOutcome::Revoked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Clock, ManualClock};
    use chrono::TimeZone;
    use tokio::io::AsyncReadExt;

    fn clock() -> Arc<ManualClock> {
        Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).single().unwrap_or_default()))
    }

    /// What an erasure does with the ports, through trait objects only.
    async fn erase(
        objects: &Arc<dyn ObjectStore>,
        tokens: &Arc<dyn TokenRevoker>,
        prefix: &str,
        connections: &[Uuid],
    ) -> (usize, Vec<RevokeOutcome>) {
        let mut deleted = 0;
        for meta in objects.list(prefix).await.expect("list") {
            objects.delete(&meta.key).await.expect("delete");
            deleted += 1;
        }
        let mut outcomes = Vec::new();
        for id in connections {
            outcomes.push(tokens.revoke(RevokeRequest::new(*id)).await.expect("revoke"));
        }
        (deleted, outcomes)
    }

    #[tokio::test]
    async fn deleting_is_idempotent_and_missing_objects_are_not_found() {
        let store = MemoryObjectStore::new(clock());
        store.put("ws1/a", b"hello".to_vec()).await.expect("put");
        assert!(store.exists("ws1/a").await.expect("exists"));
        store.delete("ws1/a").await.expect("delete");
        store.delete("ws1/a").await.expect("deleting again succeeds");
        store.delete("never/there").await.expect("deleting what never was succeeds");
        assert!(!store.exists("ws1/a").await.expect("exists"));
        assert!(store.keys().is_empty());
        assert!(matches!(store.get("ws1/a").await, Err(ObjectStoreError::NotFound { key }) if key == "ws1/a"));
        assert!(matches!(store.get_stream("ws1/a").await, Err(ObjectStoreError::NotFound { .. })));
        assert_eq!(store.head("ws1/a").await.expect("head"), None);
        assert_eq!(store.deletes(), ["ws1/a", "ws1/a", "never/there"]);
    }

    #[tokio::test]
    async fn listing_is_by_string_prefix_in_key_order() {
        let clock = clock();
        let store = MemoryObjectStore::new(clock.clone());
        let stored_at = clock.now();
        for (key, bytes) in [("ws2/d", "dddd"), ("ws1/b", "bb"), ("ws10/c", "ccc"), ("ws1/a", "a")] {
            store.put(key, bytes.into()).await.expect("put");
        }
        clock.advance(Duration::days(3));
        store.put("ws1/new", b"later".to_vec()).await.expect("put");
        let keys = |list: Vec<ObjectMeta>| list.into_iter().map(|m| m.key).collect::<Vec<_>>();

        assert_eq!(keys(store.list("ws1/").await.expect("list")), ["ws1/a", "ws1/b", "ws1/new"]);
        assert_eq!(keys(store.list("ws1").await.expect("list")), ["ws1/a", "ws1/b", "ws1/new", "ws10/c"]);
        assert_eq!(keys(store.list("ws1/n").await.expect("list")), ["ws1/new"]);
        assert_eq!(keys(store.list("").await.expect("list")), ["ws1/a", "ws1/b", "ws1/new", "ws10/c", "ws2/d"]);
        assert!(store.list("ws3/").await.expect("list").is_empty());

        let listed = store.list("ws1/").await.expect("list");
        assert_eq!(listed[1], ObjectMeta { key: "ws1/b".into(), size: 2, last_modified: stored_at });
        assert_eq!(listed[2].last_modified, stored_at + Duration::days(3), "retention can tell old from new");
        assert_eq!(store.head("ws2/d").await.expect("head").map(|m| m.size), Some(4));
    }

    #[tokio::test]
    async fn streams_round_trip_and_a_failed_stream_stores_nothing() {
        let store = MemoryObjectStore::default();
        let big = tokio::io::repeat(0x2A).take(3 * 1024 * 1024 + 17);
        assert_eq!(store.put_stream("exports/u1.zip", Box::pin(big)).await.expect("put"), 3 * 1024 * 1024 + 17);
        let mut back = Vec::new();
        store.get_stream("exports/u1.zip").await.expect("get").read_to_end(&mut back).await.expect("read");
        assert_eq!(back.len(), 3 * 1024 * 1024 + 17);
        assert!(back.iter().all(|b| *b == 0x2A));

        let failing = std::io::Cursor::new(b"partial".to_vec()).chain(failing_reader());
        assert!(matches!(
            store.put_stream("exports/u2.zip", Box::pin(failing)).await,
            Err(ObjectStoreError::Source(_))
        ));
        assert_eq!(store.keys(), ["exports/u1.zip"], "no partial object is left");
    }

    /// A reader that fails on first read.
    fn failing_reader() -> impl tokio::io::AsyncRead + Send {
        struct Failing;
        impl tokio::io::AsyncRead for Failing {
            fn poll_read(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
                _: &mut tokio::io::ReadBuf<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                std::task::Poll::Ready(Err(std::io::Error::other("the source broke")))
            }
        }
        Failing
    }

    #[tokio::test]
    async fn invalid_keys_are_refused_and_store_nothing() {
        let store = MemoryObjectStore::default();
        for key in ["", "../etc/passwd", "/abs", "a//b", "a b"] {
            assert!(matches!(store.put(key, b"x".to_vec()).await, Err(ObjectStoreError::InvalidKey { .. })), "{key}");
            assert!(matches!(store.delete(key).await, Err(ObjectStoreError::InvalidKey { .. })), "{key}");
        }
        assert!(matches!(store.list("../").await, Err(ObjectStoreError::InvalidKey { .. })));
        assert!(store.keys().is_empty());
        assert_eq!(store.calls().len(), 11, "refused calls are recorded too");
    }

    #[tokio::test]
    async fn a_store_that_is_down_fails_and_changes_nothing() {
        let store = MemoryObjectStore::default();
        store.insert("ws1/a", "kept");
        store.set_unavailable(true);
        assert!(matches!(store.delete("ws1/a").await, Err(ObjectStoreError::Backend(_))));
        assert!(matches!(store.put("ws1/b", b"x".to_vec()).await, Err(ObjectStoreError::Backend(_))));
        assert!(matches!(store.list("").await, Err(ObjectStoreError::Backend(_))));
        assert_eq!(store.keys(), ["ws1/a"]);
        store.set_unavailable(false);
        store.delete("ws1/a").await.expect("delete once back");
        assert!(store.keys().is_empty());
    }

    #[tokio::test]
    async fn the_revoker_revokes_each_connection_once() {
        let revoker = MemoryRevoker::new();
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        revoker.connect(a, MemoryPlatform::Revocable);
        revoker.connect(b, MemoryPlatform::Revocable);
        assert_eq!(revoker.revoke(RevokeRequest::new(a)).await.expect("revoke"), RevokeOutcome::Revoked);
        let again = revoker.revoke(RevokeRequest::new(a).retry(1)).await.expect("revoke");
        assert_eq!(again, RevokeOutcome::AlreadyGone);
        assert!(again.is_settled());
        assert_eq!(revoker.revoke(RevokeRequest::new(b)).await.expect("revoke"), RevokeOutcome::Revoked);
        assert_eq!(revoker.revoked(), [a, b], "each connection is revoked at the platform once");
        assert_eq!(revoker.calls().iter().map(|r| r.connection_id).collect::<Vec<_>>(), [a, a, b]);
        assert!(!revoker.holds_secrets(a) && !revoker.holds_secrets(b));
        let unknown = Uuid::now_v7();
        assert_eq!(revoker.revoke(RevokeRequest::new(unknown)).await.expect("revoke"), RevokeOutcome::AlreadyGone);
        assert_eq!(revoker.revoked(), [a, b]);
    }

    #[tokio::test]
    async fn a_platform_that_is_down_keeps_the_secrets_until_the_final_attempt() {
        let revoker = MemoryRevoker::new();
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        revoker.connect(a, MemoryPlatform::Revocable);
        revoker.connect(b, MemoryPlatform::Revocable);
        revoker.set_unavailable(true);

        let first = revoker.revoke(RevokeRequest::new(a)).await.expect("revoke");
        assert_eq!(first, RevokeOutcome::PlatformUnavailable { retry_after: Duration::minutes(5), secrets_kept: true });
        assert!(!first.is_settled());
        let later = revoker.revoke(RevokeRequest::new(a).retry(3)).await.expect("revoke");
        assert_eq!(later.retry_after(), Some(Duration::minutes(40)), "the hint grows with the tries");
        assert_eq!(memory_retry_after(30), Duration::hours(6));
        assert!(revoker.holds_secrets(a), "kept, so the revocation can still be retried");

        let last = revoker.revoke(RevokeRequest::new(b).final_attempt()).await.expect("revoke");
        assert!(matches!(last, RevokeOutcome::PlatformUnavailable { secrets_kept: false, .. }));
        assert!(last.is_settled() && last.retry_after().is_none());
        assert!(!revoker.holds_secrets(b), "the final attempt deletes them anyway");

        revoker.set_unavailable(false);
        assert_eq!(revoker.revoke(RevokeRequest::new(a).retry(4)).await.expect("revoke"), RevokeOutcome::Revoked);
        assert_eq!(revoker.revoked(), [a]);
    }

    #[tokio::test]
    async fn platforms_without_revocation_or_refusing_still_lose_the_secrets() {
        let revoker = MemoryRevoker::new();
        let (pinterest, refusing) = (Uuid::now_v7(), Uuid::now_v7());
        revoker.connect(pinterest, MemoryPlatform::NotRevocable);
        revoker.connect(refusing, MemoryPlatform::Refusing);
        revoker.set_unavailable(true);
        let outcome = revoker.revoke(RevokeRequest::new(pinterest)).await.expect("revoke");
        assert_eq!(outcome, RevokeOutcome::NotSupported, "nothing to ask, so an outage does not matter");
        revoker.set_unavailable(false);
        assert_eq!(revoker.revoke(RevokeRequest::new(refusing)).await.expect("revoke"), RevokeOutcome::NotConfirmed);
        assert!(revoker.revoked().is_empty());
        assert!(!revoker.holds_secrets(pinterest) && !revoker.holds_secrets(refusing));
        assert_eq!(RevokeOutcome::NotConfirmed.as_str(), "not_confirmed");
    }

    #[tokio::test]
    async fn an_engine_uses_the_ports_as_shared_trait_objects() {
        let store = Arc::new(MemoryObjectStore::default());
        let revoker = Arc::new(MemoryRevoker::new());
        for key in ["ws1/a", "ws1/b", "ws2/c"] {
            store.insert(key, "x");
        }
        let connection = Uuid::now_v7();
        revoker.connect(connection, MemoryPlatform::Revocable);
        let objects: Arc<dyn ObjectStore> = store.clone();
        let tokens: Arc<dyn TokenRevoker> = revoker.clone();

        let (deleted, outcomes) = erase(&objects, &tokens, "ws1/", &[connection]).await;
        assert_eq!((deleted, outcomes.as_slice()), (2, [RevokeOutcome::Revoked].as_slice()));
        assert_eq!(store.keys(), ["ws2/c"]);
        // Run again after a crash: nothing more is deleted or revoked, and nothing fails.
        let (deleted, outcomes) = erase(&objects, &tokens, "ws1/", &[connection]).await;
        assert_eq!((deleted, outcomes.as_slice()), (0, [RevokeOutcome::AlreadyGone].as_slice()));
        assert_eq!(revoker.revoked(), [connection]);
    }
}
