//! GraphiQL in a real browser: headless Chromium from the system packages, driven over
//! WebDriver. The page must work with no internet (its assets come from the server), show
//! the schema in the docs pane (its introspection query passes the limits) and run a query.

use fantoccini::{ClientBuilder, Locator};
use postwarden_tests::TestApp;
use serde_json::{Value, json};
use std::{process::Stdio, time::Duration};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A chromedriver on a free port, killed when dropped.
struct Driver {
    child: std::process::Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `None` on a machine without Chromium, unless `E2E_REQUIRE_BROWSER` is set (CI
/// installs Chromium and sets it, so there the test cannot skip).
fn driver() -> Option<Driver> {
    if !std::path::Path::new(CHROMEDRIVER).exists() || !std::path::Path::new(CHROMIUM).exists() {
        assert!(std::env::var_os("E2E_REQUIRE_BROWSER").is_none(), "chromium and chromium-driver are required");
        eprintln!(
            "SKIPPED: the GraphiQL browser test needs {CHROMIUM} and {CHROMEDRIVER} (apt install chromium chromium-driver)"
        );
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let child = std::process::Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    Some(Driver { child, url: format!("http://127.0.0.1:{port}") })
}

async fn poll(client: &fantoccini::Client, script: &str, done: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(Value::String(text)) = client.execute(script, vec![]).await {
            if done(&text) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("gave up waiting; last seen: {last}");
}

#[tokio::test]
async fn graphiql_renders_the_schema_docs_and_runs_a_query_offline() {
    let Some(driver) = driver() else { return };
    let app = TestApp::spawn().await;
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            // No proxy and no route anywhere but loopback: a CDN fetch would fail.
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>;127.0.0.1"],
        }),
    );
    let mut connected = None;
    for _ in 0..50 {
        match ClientBuilder::rustls().expect("tls").capabilities(caps.clone()).connect(&driver.url).await {
            Ok(client) => {
                connected = Some(client);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let client = connected.expect("a WebDriver session");
    client.goto(&app.url("/")).await.expect("the page loads");
    client.wait().for_element(Locator::Css(".graphiql-container")).await.expect("GraphiQL renders");

    client
        .find(Locator::Css("button[aria-label='Show Documentation Explorer']"))
        .await
        .expect("the docs button")
        .click()
        .await
        .expect("docs open");
    let docs = poll(&client, "return document.querySelector('.graphiql-doc-explorer')?.innerText ?? ''", |t| {
        t.contains("mutation: Mutation") || t.contains("Error fetching schema")
    })
    .await;
    assert!(docs.contains("query: Query") && docs.contains("SocialAccount"), "docs pane: {docs}");

    client
        .execute(
            "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue('{ __typename platforms { platform } }')",
            vec![],
        )
        .await
        .expect("the editor takes a query");
    client.find(Locator::Css(".graphiql-execute-button")).await.expect("run button").click().await.expect("runs");
    let result = poll(
        &client,
        "return document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? ''",
        |t| t.contains("__typename"),
    )
    .await;
    assert!(result.contains("\"__typename\": \"Query\""), "result pane: {result}");
    client.close().await.expect("session closed");
}
