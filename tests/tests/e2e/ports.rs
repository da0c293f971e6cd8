//! The engine's ports as the server implements them: objects in the server's own media
//! folder, and revocation through its vault against the fake platform.

use compliance::ports::{ObjectReader, ObjectStoreError, RevokeOutcome, RevokeRequest};
use entity::{connections, sea_orm_active_enums::Platform, vault_secrets};
use postwarden::ports::Ports;
use postwarden_tests::{PNG, Session, TestApp, fakes::platform::FakePlatform};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::path::{Path, PathBuf};
use tokio::io::AsyncReadExt;
use uuid::Uuid;

const BIG: u64 = 6 * 1024 * 1024 + 3;

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Bytes with a position-dependent pattern, so a reordered or dropped part would show.
fn pattern(len: u64) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn objects_round_trip_through_the_servers_media_folder() {
    let app = TestApp::spawn().await;
    let objects = Ports::from_state(&app.state).objects;
    let folder = app.data_dir.join("media");

    objects.put("exports/u1/profile.json", br#"{"name":"Ada"}"#.to_vec()).await.expect("put");
    assert_eq!(std::fs::read(folder.join("exports/u1/profile.json")).expect("on disk"), br#"{"name":"Ada"}"#);

    let big = pattern(BIG);
    let stored = objects.put_stream("exports/u1/archive.bin", Box::pin(std::io::Cursor::new(big.clone()))).await;
    assert_eq!(stored.expect("streamed in parts"), BIG);
    assert_eq!(std::fs::metadata(folder.join("exports/u1/archive.bin")).expect("on disk").len(), BIG);
    let small: ObjectReader = Box::pin(&b"short"[..]);
    assert_eq!(objects.put_stream("exports/u1/note.txt", small).await.expect("one request"), 5);
    let empty: ObjectReader = Box::pin(tokio::io::empty());
    assert_eq!(objects.put_stream("exports/u1/empty", empty).await.expect("empty"), 0);

    assert_eq!(objects.get("exports/u1/note.txt").await.expect("get"), b"short");
    let mut streamed = Vec::new();
    objects.get_stream("exports/u1/archive.bin").await.expect("get").read_to_end(&mut streamed).await.expect("read");
    assert!(streamed == big, "the streamed object differs from what was stored");
    let head = objects.head("exports/u1/archive.bin").await.expect("head").expect("there");
    assert_eq!((head.key.as_str(), head.size), ("exports/u1/archive.bin", BIG));
    assert!(objects.exists("exports/u1/empty").await.expect("exists"));

    let listed = |prefix: &'static str| {
        let objects = objects.clone();
        async move {
            let list = objects.list(prefix).await.expect("list");
            list.into_iter().map(|m| (m.key, m.size)).collect::<Vec<_>>()
        }
    };
    let all = vec![
        ("exports/u1/archive.bin".to_owned(), BIG),
        ("exports/u1/empty".to_owned(), 0),
        ("exports/u1/note.txt".to_owned(), 5),
        ("exports/u1/profile.json".to_owned(), 14),
    ];
    assert_eq!(listed("exports/u1/").await, all);
    assert_eq!(listed("exports/u").await, all, "a prefix may end mid-segment");
    assert_eq!(listed("exports/u1/p").await, all[3..]);
    assert!(listed("exports/u2/").await.is_empty());
    assert!(listed("nothing/").await.is_empty(), "a folder that does not exist lists as empty");

    objects.delete("exports/u1/archive.bin").await.expect("delete");
    objects.delete("exports/u1/archive.bin").await.expect("deleting again succeeds");
    objects.delete("exports/never/there").await.expect("deleting what never was succeeds");
    assert!(!folder.join("exports/u1/archive.bin").exists(), "the file is gone from the folder");
    assert!(matches!(objects.get("exports/u1/archive.bin").await, Err(ObjectStoreError::NotFound { .. })));
    assert!(matches!(objects.get_stream("exports/u1/archive.bin").await, Err(ObjectStoreError::NotFound { .. })));
    assert_eq!(objects.head("exports/u1/archive.bin").await.expect("head"), None);
    assert!(!objects.exists("exports/u1/archive.bin").await.expect("exists"));
    assert_eq!(listed("exports/").await.len(), 3);

    for key in ["../outside", "/abs", "exports//x", "a b"] {
        let refused = objects.put(key, b"x".to_vec()).await;
        assert!(matches!(refused, Err(ObjectStoreError::InvalidKey { .. })), "{key}: {refused:?}");
        assert!(matches!(objects.delete(key).await, Err(ObjectStoreError::InvalidKey { .. })), "{key}");
    }
    assert!(!app.data_dir.join("outside").exists(), "nothing was written outside the media folder");
    assert!(matches!(objects.list("../").await, Err(ObjectStoreError::InvalidKey { .. })));
}

#[tokio::test]
async fn uploaded_media_is_found_read_and_erased_by_its_storage_key() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    let (_, resp) = app.upload(&owner.token, &workspace, "pixel.png", PNG.to_vec()).await;
    assert!(resp["errors"].is_null(), "{resp}");
    let row = entity::media::Entity::find().one(&app.state.db).await.expect("query").expect("a media row");
    let (folder, _) = row.storage_key.split_once('/').expect("workspace/name");

    let objects = Ports::from_state(&app.state).objects;
    let listed = objects.list(&format!("{folder}/")).await.expect("list");
    assert_eq!(
        listed.iter().map(|m| (m.key.as_str(), m.size)).collect::<Vec<_>>(),
        [(row.storage_key.as_str(), PNG.len() as u64)]
    );
    assert_eq!(objects.get(&row.storage_key).await.expect("get"), PNG);

    objects.delete(&row.storage_key).await.expect("delete");
    assert!(files_under(&app.data_dir.join("media")).is_empty(), "the upload is gone from the folder");
    assert!(objects.list("").await.expect("list").is_empty());
}

/// Yields `len` bytes, then fails.
struct BreaksAfter {
    left: usize,
}

impl tokio::io::AsyncRead for BreaksAfter {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if self.left == 0 {
            return std::task::Poll::Ready(Err(std::io::Error::other("the source broke")));
        }
        let n = self.left.min(buf.remaining());
        buf.put_slice(&vec![7u8; n]);
        self.left -= n;
        std::task::Poll::Ready(Ok(()))
    }
}

#[tokio::test]
async fn a_stream_that_breaks_leaves_nothing_behind() {
    let app = TestApp::spawn().await;
    let objects = Ports::from_state(&app.state).objects;
    for (key, len) in [("exports/u9/large.bin", 11 * 1024 * 1024), ("exports/u9/small.bin", 1000)] {
        let broken = objects.put_stream(key, Box::pin(BreaksAfter { left: len })).await;
        assert!(matches!(broken, Err(ObjectStoreError::Source(_))), "{key}: {broken:?}");
        assert!(!objects.exists(key).await.expect("exists"), "{key}");
    }
    let left = files_under(&app.data_dir.join("media"));
    assert!(left.is_empty(), "partial uploads were left behind: {left:?}");
    assert!(objects.list("exports/").await.expect("list").is_empty());
}

struct World {
    app: TestApp,
    fake: FakePlatform,
    owner: Session,
    workspace: String,
}

async fn world_with(adjust: impl FnOnce(&FakePlatform, &mut postwarden::config::Config)) -> World {
    let fake = FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| adjust(&fake, c)).await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    World { app, fake, owner, workspace }
}

async fn world() -> World {
    world_with(|fake, c| fake.configure(c)).await
}

impl World {
    /// Connects `platform` through the OAuth dance and returns the connection's row id.
    async fn connect(&self, platform: &str, kind: Platform) -> Uuid {
        self.app.connect(&self.owner, &self.workspace, platform).await;
        self.row_id(kind).await
    }

    async fn row_id(&self, kind: Platform) -> Uuid {
        connections::Entity::find()
            .filter(connections::Column::Platform.eq(kind))
            .one(&self.app.state.db)
            .await
            .expect("query")
            .expect("connected")
            .id
    }

    async fn secrets(&self, connection: Uuid) -> u64 {
        vault_secrets::Entity::find()
            .filter(vault_secrets::Column::ConnectionId.eq(connection))
            .count(&self.app.state.db)
            .await
            .expect("count")
    }

    async fn connection_exists(&self, connection: Uuid) -> bool {
        connections::Entity::find_by_id(connection).one(&self.app.state.db).await.expect("query").is_some()
    }

    async fn revoke(&self, request: RevokeRequest) -> RevokeOutcome {
        Ports::from_state(&self.app.state).tokens.revoke(request).await.expect("revoke")
    }

    /// The tokens the fake has seen revoked for `platform`.
    fn revoked(&self, platform: &str) -> Vec<String> {
        self.fake.lock().revoked.iter().filter(|(p, _)| p == platform).map(|(_, t)| t.clone()).collect()
    }

    fn current(&self, prefix: &str) -> String {
        self.fake.lock().issued.iter().rev().find(|t| t.starts_with(prefix)).cloned().expect("issued")
    }
}

#[tokio::test]
async fn the_revoker_revokes_at_the_platform_and_deletes_the_vault_secrets() {
    let w = world().await;
    let x = w.connect("X", Platform::X).await;
    assert_eq!(w.secrets(x).await, 2, "an access and a refresh token");

    assert_eq!(w.revoke(RevokeRequest::new(x)).await, RevokeOutcome::Revoked);
    assert_eq!(
        w.revoked("x"),
        [w.current("rt-x-"), w.current("at-x-")],
        "the refresh token first, then the access token"
    );
    assert_eq!(w.secrets(x).await, 0, "the vault rows are gone");
    assert!(w.connection_exists(x).await, "the connection row is the caller's to delete");

    // A repeat (after a crash, say) asks the platform nothing more.
    let again = w.revoke(RevokeRequest::new(x).retry(1)).await;
    assert_eq!(again, RevokeOutcome::AlreadyGone);
    assert_eq!(w.revoked("x").len(), 2);
    let unknown = w.revoke(RevokeRequest::new(Uuid::now_v7())).await;
    assert_eq!(unknown, RevokeOutcome::AlreadyGone);
}

#[tokio::test]
async fn google_and_meta_revocations_count_as_revoked() {
    let w = world().await;
    let youtube = w.connect("YOUTUBE", Platform::Youtube).await;
    let facebook = w.connect("FACEBOOK", Platform::Facebook).await;

    // Google answers the access token's revocation 400 invalid_token: the refresh token's
    // revocation already ended it.
    assert_eq!(w.revoke(RevokeRequest::new(youtube)).await, RevokeOutcome::Revoked);
    assert_eq!(w.revoked("youtube").iter().map(|t| &t[..3]).collect::<Vec<_>>(), ["rt-", "at-"]);
    assert_eq!(w.revoke(RevokeRequest::new(facebook)).await, RevokeOutcome::Revoked);
    assert_eq!(w.revoked("meta"), [w.current("at-facebook-")]);
    assert_eq!((w.secrets(youtube).await, w.secrets(facebook).await), (0, 0));
}

#[tokio::test]
async fn a_platform_that_is_down_keeps_the_tokens_for_a_retry() {
    let w = world().await;
    let x = w.connect("X", Platform::X).await;
    w.fake.lock().denied_revocations.insert("x".into());

    let first = w.revoke(RevokeRequest::new(x)).await;
    let RevokeOutcome::PlatformUnavailable { retry_after, secrets_kept: true } = first else {
        panic!("expected the platform to be unavailable, got {first:?}");
    };
    assert!((150..=300).contains(&retry_after.num_seconds()), "first retry hint: {retry_after}");
    assert!(!first.is_settled());
    assert_eq!(w.secrets(x).await, 2, "kept, so the revocation can be retried");

    let second = w.revoke(RevokeRequest::new(x).retry(1)).await;
    let hint = second.retry_after().expect("still unavailable").num_seconds();
    assert!((300..=600).contains(&hint), "the hint grows with the tries: {hint}");
    assert_eq!(w.secrets(x).await, 2);
    assert!(w.revoked("x").is_empty(), "the platform revoked nothing");

    w.fake.lock().denied_revocations.clear();
    assert_eq!(w.revoke(RevokeRequest::new(x).retry(2)).await, RevokeOutcome::Revoked);
    assert_eq!(w.revoked("x"), [w.current("rt-x-"), w.current("at-x-")]);
    assert_eq!(w.secrets(x).await, 0);
}

#[tokio::test]
async fn an_unreachable_platform_is_unavailable_until_the_final_attempt_deletes_anyway() {
    // An address nothing listens on any more.
    let dead = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind").local_addr().expect("addr");
    let w = world_with(|fake, c| {
        fake.configure(c);
        c.platforms.x.revoke_url = Some(format!("http://{dead}/revoke/x"));
    })
    .await;
    let x = w.connect("X", Platform::X).await;

    let outcome = w.revoke(RevokeRequest::new(x)).await;
    assert!(matches!(outcome, RevokeOutcome::PlatformUnavailable { secrets_kept: true, .. }), "{outcome:?}");
    assert_eq!(w.secrets(x).await, 2);

    let last = w.revoke(RevokeRequest::new(x).retry(5).final_attempt()).await;
    assert!(matches!(last, RevokeOutcome::PlatformUnavailable { secrets_kept: false, .. }), "{last:?}");
    assert!(last.is_settled());
    assert_eq!(w.secrets(x).await, 0, "an outage does not hold back an erasure for good");
    assert!(w.fake.lock().revoked.is_empty());
}

#[tokio::test]
async fn a_refusing_platform_is_not_confirmed_and_loses_the_secrets() {
    let w = world().await;
    let x = w.connect("X", Platform::X).await;
    // The fake checks client credentials at its token endpoint too, so the secret goes wrong
    // only after connecting: in a copy of the server's state.
    let mut config = (*w.app.state.config).clone();
    config.platforms.x.client_secret = Some("not-the-secret".to_owned().into());
    let mut state = w.app.state.clone();
    state.config = std::sync::Arc::new(config);

    let outcome = Ports::from_state(&state).tokens.revoke(RevokeRequest::new(x)).await.expect("revoke");
    assert_eq!(outcome, RevokeOutcome::NotConfirmed, "401 invalid_client: a retry would not change it");
    assert_eq!(w.secrets(x).await, 0);
    assert!(w.revoked("x").is_empty());
}

#[tokio::test]
async fn platforms_without_revocation_lose_their_secrets_without_a_call() {
    let w = world().await;
    let pinterest = w.connect("PINTEREST", Platform::Pinterest).await;
    w.app.connect_telegram(&w.owner, &w.workspace).await;
    let telegram = w.row_id(Platform::Telegram).await;
    assert!(w.secrets(pinterest).await > 0 && w.secrets(telegram).await > 0);

    assert_eq!(w.revoke(RevokeRequest::new(pinterest)).await, RevokeOutcome::NotSupported);
    assert_eq!(w.revoke(RevokeRequest::new(telegram)).await, RevokeOutcome::NotSupported);
    assert!(w.fake.lock().revoked.is_empty());
    assert_eq!((w.secrets(pinterest).await, w.secrets(telegram).await), (0, 0));
    assert_eq!(w.revoke(RevokeRequest::new(pinterest)).await, RevokeOutcome::AlreadyGone);
}
