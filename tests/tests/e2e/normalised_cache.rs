//! The main flows through Apollo Client's normalised cache (`tests/client/`): a client
//! caching by `__typename` + `id` must neither lose nor mix up objects.

use postwarden_tests::TestApp;
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
    let app = TestApp::spawn().await;
    let owner = app.signup("cache-owner@example.com").await;
    let member = app.signup("cache-member@example.com").await;
    let workspace = app.create_workspace(&owner, "Cache check").await;
    app.create_workspace(&owner, "Second workspace").await;
    app.add_member(&owner, &workspace, &member, "EDITOR").await;

    let variables = serde_json::json!({ "workspaceId": workspace }).to_string();
    let url = app.url("/graphql");
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("check-cache.mjs")
            .arg(url)
            .arg(&owner.token)
            .arg(variables)
            .current_dir(client)
            .output()
    })
    .await
    .expect("joined")
    .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the Apollo cache check failed:\n{stdout}\n{stderr}");
}
