//! The main flows through Apollo Client's normalised cache (`tests/client/`): a client
//! caching by `__typename` + `id` must neither lose nor mix up objects.

use std::{path::PathBuf, process::Command};

#[tokio::test]
async fn the_main_flows_normalise_in_apollos_cache() {
    let client = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("client");
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("\n!!! SKIPPED: `node` is not installed, so the Apollo cache check did not run !!!\n");
        return;
    }
    assert!(
        client.join("node_modules/@apollo/client").exists(),
        "run `npm ci` in tests/client first (CI does it in .ci/run)"
    );
    // A workspace with platforms faked on loopback, so posts have accounts, targets and media.
    let w = crate::publishing::world().await;
    let (app, owner, workspace) = (&w.app, &w.owner, w.workspace.clone());
    let member = app.signup("cache-member@example.com").await;
    app.create_workspace(owner, "Second workspace").await;
    app.add_member(owner, &workspace, &member, "EDITOR").await;
    let x = app.connect(owner, &workspace, "X").await;
    let telegram = app.connect_telegram(owner, &workspace).await;
    let (_, uploaded) = app.upload(&owner.token, &workspace, "pixel.png", postwarden_tests::PNG.to_vec()).await;
    let media = uploaded["data"]["uploadMedia"]["media"]["id"].clone();
    for text in ["first", "second"] {
        let targets = serde_json::json!([{ "socialAccountId": x }, { "socialAccountId": telegram }]);
        w.create(serde_json::json!({ "text": text, "mediaIds": [media], "targets": targets })).await;
    }

    let variables = serde_json::json!({ "workspaceId": workspace }).to_string();
    let url = app.url("/graphql");
    let token = owner.token.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node").arg("check-cache.mjs").arg(url).arg(&token).arg(variables).current_dir(client).output()
    })
    .await
    .expect("joined")
    .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the Apollo cache check failed:\n{stdout}\n{stderr}");
}
