//! The streamed audit export under the compression a browser asks for, and a client that
//! leaves halfway: the body is whole or cut, never a crash, and only a download that was
//! handed over in full is recorded.

use entity::{audit_chain_heads, audit_log, sea_orm_active_enums::ActorKind};
use futures::StreamExt as _;
use postwarden_tests::TestApp;
use sea_orm::{ActiveValue::Set, EntityTrait};
use std::io::Read as _;

/// Entries written straight to the log (hashes do not matter to the export), enough that
/// the export is many pages and more than socket buffers hold.
async fn bulk_entries(app: &TestApp, n: i64) {
    let db = &app.state.db;
    let head = audit_chain_heads::Entity::find_by_id("main".to_owned()).one(db).await.expect("head").expect("a chain");
    let now = app.clock_now();
    let mut seq = head.last_seq;
    for _ in 0..(n + 499) / 500 {
        let rows: Vec<_> = (0..500)
            .map(|_| {
                seq += 1;
                audit_log::ActiveModel {
                    seq: Set(seq),
                    id: Set(uuid::Uuid::now_v7()),
                    occurred_at: Set(now),
                    actor_kind: Set(ActorKind::System),
                    actor_id: Set(None),
                    action: Set("bulk.entry".into()),
                    subject_id: Set(None),
                    object_type: Set(None),
                    object_id: Set(None),
                    detail: Set(format!("{{\"padding\":\"{}\"}}", "x".repeat(300))),
                    request_id: Set(None),
                    prev_hash: Set("0".repeat(64)),
                    hash: Set("0".repeat(64)),
                }
            })
            .collect();
        audit_log::Entity::insert_many(rows).exec(db).await.expect("bulk insert");
    }
    let mut head: audit_chain_heads::ActiveModel = head.into();
    head.last_seq = Set(seq);
    audit_chain_heads::Entity::update(head).exec(db).await.expect("head moved");
}

fn decode(encoding: Option<&str>, body: &[u8]) -> String {
    let mut out = String::new();
    match encoding {
        Some("gzip") => flate2::read::GzDecoder::new(body).read_to_string(&mut out).map(drop),
        Some("br") => brotli::Decompressor::new(body, 4096).read_to_string(&mut out).map(drop),
        None => String::from_utf8(body.to_vec()).map(|s| out = s).map_err(std::io::Error::other),
        Some(other) => panic!("unexpected content-encoding {other}"),
    }
    .expect("the body decodes whole");
    out
}

#[tokio::test]
async fn every_encoding_a_browser_sends_gets_the_whole_export_and_one_record() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    bulk_entries(&app, 3_000).await;
    // What Chromium, Firefox and Safari send, and a client that asks for none.
    let offers: [(&str, &[&str]); 4] = [
        ("gzip, deflate, br, zstd", &["br", "gzip"]),
        ("gzip, deflate", &["gzip"]),
        ("br", &["br"]),
        ("identity", &[]),
    ];
    for (i, (accept, expected)) in offers.into_iter().enumerate() {
        let response = app
            .http
            .get(app.url("/compliance/audit.csv?action=bulk."))
            .bearer_auth(&officer.token)
            .header("accept-encoding", accept)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 200, "{accept}");
        let encoding = response.headers().get("content-encoding").and_then(|v| v.to_str().ok()).map(str::to_owned);
        match encoding.as_deref() {
            Some(chosen) => assert!(expected.contains(&chosen), "{accept}: {chosen}"),
            None => assert!(expected.is_empty(), "{accept}: not compressed"),
        }
        let body = response.bytes().await.expect("the whole body arrives");
        let csv = decode(encoding.as_deref(), &body);
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("seq,id,"), "{accept}");
        assert_eq!(lines.len(), 3_001, "{accept}: a header and every entry");
        assert_eq!(app.audit_entries("export.downloaded").await.len(), i + 1, "{accept}: one record per download");
    }
}

#[tokio::test]
async fn a_client_that_leaves_halfway_leaves_no_record_of_a_download() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    bulk_entries(&app, 40_000).await;
    for accept in ["gzip", "identity"] {
        let response = app
            .http
            .get(app.url("/compliance/audit.csv"))
            .bearer_auth(&officer.token)
            .header("accept-encoding", accept)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 200);
        let mut body = response.bytes_stream();
        let first = body.next().await.expect("a first chunk").expect("readable");
        assert!(!first.is_empty());
        drop(body);
    }
    // Give the server time to notice and to have finished, had it gone on.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    assert!(app.audit_entries("export.downloaded").await.is_empty(), "an abandoned download was recorded");
    let health = app.http.get(app.url("/healthz")).send().await.expect("sent");
    assert_eq!(health.status(), 200, "the server is still well");
}

#[tokio::test]
async fn media_files_are_served_whole_and_uncompressed_whatever_the_client_offers() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Studio").await;
    let video = postwarden_tests::mp4();
    let (_, resp) = app.upload(&owner.token, &workspace, "clip.mp4", video.clone()).await;
    let url = resp["data"]["uploadMedia"]["media"]["url"].as_str().expect("signed url").to_owned();
    for accept in ["gzip, deflate, br, zstd", "gzip, deflate", "br", "identity"] {
        let served = app.http.get(&url).header("accept-encoding", accept).send().await.expect("served");
        assert_eq!(served.status(), 200, "{accept}");
        assert!(served.headers().get("content-encoding").is_none(), "{accept}: a video is not compressed again");
        assert_eq!(served.headers()["content-length"], video.len().to_string().as_str(), "{accept}");
        assert_eq!(served.bytes().await.expect("the whole file").as_ref(), video.as_slice(), "{accept}");
    }
}
