//! The consent ledger: defaults by legal basis, explicit choices, history, Global Privacy
//! Control, the `allows` gate and who may read what.

use chrono::Duration;
use compliance::Clock;
use compliance::{
    config::{LegalBasis, Purpose},
    consent,
    mailings::{self, Message, Queued},
};
use entity::{consent_events, sea_orm_active_enums::ConsentSource};
use postwarden_tests::{TestApp, assert_no_node, assert_refused};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use uuid::Uuid;

const MY_CONSENTS: &str = "{ myConsents { purposes { purpose { key saleOrShare grantedByDefault legalBasis } granted isDefault source } history { totalCount nodes { purposeKey granted source policyVersion userAgentFamily country } } } }";
const SET: &str = "mutation($input: SetConsentInput!) { setConsent(input: $input) { event { id purposeKey granted source } consent { granted isDefault source } userErrors { field code } } }";
const AI: &str = "ai_training_on_private_content";
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

fn purpose<'a>(resp: &'a Value, id: &str) -> &'a Value {
    resp["data"]["myConsents"]["purposes"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["purpose"]["key"] == id))
        .unwrap_or(&Value::Null)
}

async fn ledger(app: &TestApp, subject: Uuid) -> Vec<consent_events::Model> {
    consent_events::Entity::find()
        .filter(consent_events::Column::SubjectId.eq(subject))
        .order_by_asc(consent_events::Column::Id)
        .all(&app.state.db)
        .await
        .expect("ledger rows")
}

#[tokio::test]
async fn defaults_follow_the_legal_basis() {
    let app = TestApp::spawn().await;
    let ann = app.signup("ann@example.com").await;
    let resp = app.gql(MY_CONSENTS).token(&ann.token).send().await;
    assert!(resp["errors"].is_null(), "{resp}");

    let ai = purpose(&resp, AI);
    assert_eq!(ai["granted"], false, "AI training is off unless granted");
    assert_eq!(ai["isDefault"], true);
    assert_eq!(ai["purpose"]["legalBasis"], "CONSENT");
    assert_eq!(purpose(&resp, "product_updates")["granted"], false);
    assert_eq!(purpose(&resp, "milestone_alerts")["granted"], false, "alerts wait for a yes");
    assert_eq!(purpose(&resp, "product_analytics")["granted"], true);
    assert_eq!(resp["data"]["myConsents"]["history"]["totalCount"], 0);

    let public = app.gql("{ consentPurposes { key } }").send().await;
    assert_eq!(public["data"]["consentPurposes"].as_array().map(Vec::len), Some(5));
}

#[tokio::test]
async fn choices_are_appended_and_the_latest_wins() {
    let app = TestApp::spawn().await;
    let ann = app.signup("ann@example.com").await;
    let granted = app
        .gql(SET)
        .var("input", json!({ "purposeKey": "product_updates", "granted": true }))
        .header("user-agent", FIREFOX)
        .token(&ann.token)
        .send()
        .await;
    assert_eq!(
        granted["data"]["setConsent"]["consent"],
        json!({ "granted": true, "isDefault": false, "source": "WEB" }),
        "{granted}"
    );
    app.clock.advance(Duration::hours(1));
    let withdrawn = app
        .gql(SET)
        .var("input", json!({ "purposeKey": "product_updates", "granted": false, "channel": "MOBILE" }))
        .token(&ann.token)
        .send()
        .await;
    assert_eq!(withdrawn["data"]["setConsent"]["consent"]["granted"], false);

    let resp = app.gql(MY_CONSENTS).token(&ann.token).send().await;
    assert_eq!(purpose(&resp, "product_updates")["granted"], false);
    assert_eq!(purpose(&resp, "product_updates")["source"], "MOBILE");
    let history = &resp["data"]["myConsents"]["history"];
    assert_eq!(history["totalCount"], 2);
    assert_eq!(
        history["nodes"][0],
        json!({ "purposeKey": "product_updates", "granted": true, "source": "WEB", "policyVersion": null, "userAgentFamily": "Firefox", "country": null })
    );

    // Nothing in the ledger was changed in place: both rows are there as written.
    let rows = ledger(&app, app.user_uuid("ann@example.com").await).await;
    assert_eq!(rows.iter().map(|r| r.granted).collect::<Vec<_>>(), [true, false]);
    let audit = app.audit_entries("consent.").await;
    assert_eq!(audit.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["consent.granted", "consent.withdrawn"]);
    assert!(audit[0].detail.contains("product_updates"));
}

#[tokio::test]
async fn bad_choices_are_refused() {
    let app = TestApp::spawn().await;
    let ann = app.signup("ann@example.com").await;
    let resp = app
        .gql(SET)
        .var("input", json!({ "purposeKey": "selling_data", "granted": true }))
        .token(&ann.token)
        .send()
        .await;
    assert_eq!(resp["data"]["setConsent"]["userErrors"][0]["code"], "INVALID", "{resp}");
    assert_eq!(resp["data"]["setConsent"]["userErrors"][0]["field"], json!(["input", "purposeKey"]));

    let anonymous = app.gql(SET).var("input", json!({ "purposeKey": AI, "granted": true })).send().await;
    assert_refused(&anonymous, &["UNAUTHENTICATED"], "anonymous setConsent");
    assert_refused(&app.gql(MY_CONSENTS).send().await, &["UNAUTHENTICATED"], "anonymous myConsents");

    // An API key automates a workspace; it cannot speak for the person's consent.
    let key = app.api_key(&ann).await;
    assert_refused(&app.gql(MY_CONSENTS).token(&key).send().await, &["FORBIDDEN"], "API key myConsents");
    let by_key = app.gql(SET).var("input", json!({ "purposeKey": AI, "granted": true })).token(&key).send().await;
    assert_refused(&by_key, &["FORBIDDEN"], "API key setConsent");
    // Nor does a script's GPC header withdraw anything in the key creator's name.
    let signalled = app.gql("{ subprocessors { name } }").header("sec-gpc", "1").token(&key).send().await;
    assert!(signalled["errors"].is_null(), "an authenticated request that went through: {signalled}");
    assert!(ledger(&app, app.user_uuid("ann@example.com").await).await.is_empty());
}

#[tokio::test]
async fn the_country_comes_only_from_the_configured_proxy_header() {
    let app = TestApp::spawn_with(|c| c.compliance.country_header = Some("cf-ipcountry".into())).await;
    let ann = app.signup("ann@example.com").await;
    app.gql(SET)
        .var("input", json!({ "purposeKey": "personalisation", "granted": true }))
        .header("cf-ipcountry", "de")
        .header("x-country", "FR")
        .token(&ann.token)
        .send()
        .await;
    let rows = ledger(&app, app.user_uuid("ann@example.com").await).await;
    assert_eq!(rows[0].country.as_deref(), Some("DE"));
}

async fn gpc_events(app: &TestApp, subject: Uuid) -> usize {
    ledger(app, subject).await.iter().filter(|e| e.source == ConsentSource::Gpc).count()
}

#[tokio::test]
async fn gpc_withdraws_once_and_a_later_grant_wins_until_the_next_signal() {
    let app = TestApp::spawn().await;
    let ann = app.signup("ann@example.com").await;
    let subject = app.user_uuid("ann@example.com").await;

    // The first signalled request withdraws, and the operation already sees it.
    let first =
        app.gql(MY_CONSENTS).header("sec-gpc", "1").header("user-agent", FIREFOX).token(&ann.token).send().await;
    assert_eq!(purpose(&first, AI)["granted"], false);
    assert_eq!(purpose(&first, AI)["source"], "GPC", "{first}");
    assert_eq!(gpc_events(&app, subject).await, 1);

    // Once: the signal on every request of this session records nothing more.
    for _ in 0..3 {
        app.gql("{ me { id } }").header("sec-gpc", "1").token(&ann.token).send().await;
    }
    assert_eq!(gpc_events(&app, subject).await, 1);

    // An explicit grant afterwards is recorded as such, and wins in this session.
    let grant = app
        .gql(SET)
        .var("input", json!({ "purposeKey": AI, "granted": true }))
        .header("sec-gpc", "1")
        .token(&ann.token)
        .send()
        .await;
    assert_eq!(grant["data"]["setConsent"]["event"]["source"], "WEB");
    let still = app.gql(MY_CONSENTS).header("sec-gpc", "1").token(&ann.token).send().await;
    assert_eq!(purpose(&still, AI)["granted"], true, "{still}");
    assert!(
        consent::allows(&app.state.db, &app.state.config.compliance.purposes, subject, AI, app.clock.now())
            .await
            .expect("allows")
    );

    // A new session without the signal changes nothing; with it, the signal is new.
    let token = app.signup_again(&ann).await.token;
    app.gql("{ me { id } }").token(&token).send().await;
    assert_eq!(gpc_events(&app, subject).await, 1);
    let next = app.gql(MY_CONSENTS).header("sec-gpc", "1").token(&token).send().await;
    assert_eq!(purpose(&next, AI)["granted"], false);
    assert_eq!(gpc_events(&app, subject).await, 2);

    let rows = ledger(&app, subject).await;
    let sources: Vec<(ConsentSource, bool)> = rows.iter().map(|r| (r.source, r.granted)).collect();
    assert_eq!(sources, [(ConsentSource::Gpc, false), (ConsentSource::Web, true), (ConsentSource::Gpc, false)]);
    assert_eq!(rows[0].user_agent_family.as_deref(), Some("Firefox"));
    let audit = app.audit_entries("consent.").await;
    assert_eq!(audit.len(), 3);
    assert!(audit[0].detail.contains("\"gpc\""), "{}", audit[0].detail);
}

#[tokio::test]
async fn gpc_withdraws_every_sale_or_share_purpose_and_nothing_else() {
    let app = TestApp::spawn_with(|c| {
        c.compliance.purposes.push(Purpose {
            id: "ad_measurement".into(),
            description: "Sharing conversion events with advertising partners.".into(),
            legal_basis: LegalBasis::LegitimateInterest,
            sale_or_share: true,
        });
    })
    .await;
    let ann = app.signup("ann@example.com").await;
    let resp = app.gql(MY_CONSENTS).header("sec-gpc", "1").token(&ann.token).send().await;
    assert_eq!(purpose(&resp, "ad_measurement")["granted"], false);
    assert_eq!(purpose(&resp, AI)["granted"], false);
    assert_eq!(purpose(&resp, "product_analytics")["granted"], true, "GPC leaves non-sale purposes alone");
    let subject = app.user_uuid("ann@example.com").await;
    let mut withdrawn: Vec<String> = ledger(&app, subject).await.into_iter().map(|e| e.purpose).collect();
    withdrawn.sort();
    assert_eq!(withdrawn, ["ad_measurement", AI]);

    // Anonymous requests carry the signal too, but there is no one to record it for.
    app.gql("{ consentPurposes { key } }").header("sec-gpc", "1").send().await;
    let all = consent_events::Entity::find().all(&app.state.db).await.expect("rows");
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn allows_answers_for_any_moment() {
    let app = TestApp::spawn().await;
    let ann = app.signup("ann@example.com").await;
    let subject = app.user_uuid("ann@example.com").await;
    let purposes = &app.state.config.compliance.purposes;
    let t0 = app.clock.now();
    app.gql(SET)
        .var("input", json!({ "purposeKey": "product_updates", "granted": true }))
        .token(&ann.token)
        .send()
        .await;
    app.clock.advance(Duration::days(1));
    let t1 = app.clock.now();
    app.gql(SET)
        .var("input", json!({ "purposeKey": "product_updates", "granted": false }))
        .token(&ann.token)
        .send()
        .await;

    let at = |t| consent::allows(&app.state.db, purposes, subject, "product_updates", t);
    assert!(!at(t0 - Duration::hours(1)).await.expect("before"));
    assert!(at(t0 + Duration::hours(1)).await.expect("granted"));
    assert!(!at(t1 + Duration::hours(1)).await.expect("withdrawn"));
    assert!(consent::allows(&app.state.db, purposes, subject, "no_such_purpose", t1).await.is_err());
}

#[tokio::test]
async fn marketing_and_milestone_mail_respect_consent() {
    let app = TestApp::spawn().await;
    let ann = app.signup("ann@example.com").await;
    let subject = app.user_uuid("ann@example.com").await;
    let purposes = &app.state.config.compliance.purposes;
    let message = || Message { to_address: "ann@example.com".into(), subject: "News".into(), body: "Hello".into() };
    let db = &app.state.db;
    let clock = app.clock.as_ref();

    assert_eq!(
        mailings::product_update(db, clock, purposes, subject, message()).await.expect("gate"),
        Queued::NotAllowed,
        "marketing needs an opt-in"
    );
    assert_eq!(
        mailings::milestone_alert(db, clock, purposes, subject, message()).await.expect("gate"),
        Queued::NotAllowed,
        "milestone alerts need an opt-in too"
    );

    app.gql(SET)
        .var("input", json!({ "purposeKey": "milestone_alerts", "granted": true }))
        .token(&ann.token)
        .send()
        .await;
    assert!(matches!(
        mailings::milestone_alert(db, clock, purposes, subject, message()).await.expect("gate"),
        Queued::Queued(_)
    ));

    for (purpose, granted) in [("product_updates", true), ("milestone_alerts", false)] {
        app.gql(SET).var("input", json!({ "purposeKey": purpose, "granted": granted })).token(&ann.token).send().await;
    }
    assert!(matches!(
        mailings::product_update(db, clock, purposes, subject, message()).await.expect("gate"),
        Queued::Queued(_)
    ));
    assert_eq!(
        mailings::milestone_alert(db, clock, purposes, subject, message()).await.expect("gate"),
        Queued::NotAllowed
    );
    assert_eq!(app.outbox("marketing.product_update").await.len(), 1);
    assert_eq!(app.outbox("analytics.milestone").await.len(), 1);
}

const EVENTS: &str = "query($filter: ConsentEventFilterInput) { consentEvents(filter: $filter) { totalCount nodes { id subject { ... on User { id } } purposeKey granted source } } }";

#[tokio::test]
async fn compliance_officers_read_the_ledger_and_nobody_else_does() {
    let app = TestApp::spawn().await;
    let ann = app.signup("ann@example.com").await;
    let bob = app.signup("bob@example.com").await;
    let officer = app.compliance_officer("officer@example.com").await;
    for (who, purpose) in [(&ann, "product_updates"), (&ann, AI), (&bob, AI)] {
        app.gql(SET).var("input", json!({ "purposeKey": purpose, "granted": true })).token(&who.token).send().await;
    }

    let all = app.gql(EVENTS).token(&officer.token).send().await;
    assert_eq!(all["data"]["consentEvents"]["totalCount"], 3, "{all}");
    let annes = app
        .gql(EVENTS)
        .var("filter", json!({ "subject": ann.user_id, "purposeKey": AI, "source": "WEB" }))
        .token(&officer.token)
        .send()
        .await;
    let nodes = &annes["data"]["consentEvents"]["nodes"];
    assert_eq!(nodes.as_array().map(Vec::len), Some(1), "{annes}");
    assert_eq!(nodes[0]["subject"]["id"], ann.user_id);

    // The subject and the officer may fetch the event by id; another user may not.
    let event_id = nodes[0]["id"].as_str().unwrap_or_default().to_owned();
    let node = "query($id: ID!) { node(id: $id) { ... on ConsentEvent { purposeKey } } }";
    for who in [&ann, &officer] {
        let resp = app.gql(node).var("id", json!(event_id)).token(&who.token).send().await;
        assert_eq!(resp["data"]["node"]["purposeKey"], AI, "{resp}");
    }
    let resp = app.gql(node).var("id", json!(event_id)).token(&bob.token).send().await;
    assert_no_node(&resp, "another user's consent event");

    // Ordinary users, keys and strangers get nothing from the officer's query.
    let key = app.api_key(&bob).await;
    for (credential, codes) in [
        (Some(bob.token.as_str()), &["FORBIDDEN"][..]),
        (Some(key.as_str()), &["FORBIDDEN"][..]),
        (None, &["UNAUTHENTICATED"][..]),
    ] {
        let mut request = app.gql(EVENTS);
        if let Some(token) = credential {
            request = request.token(token);
        }
        assert_refused(&request.send().await, codes, "consentEvents");
    }
}

#[tokio::test]
async fn product_updates_reach_only_those_who_said_yes_and_only_an_admin_sends_them() {
    let app = TestApp::spawn().await;
    let admin = app.signup("admin@example.com").await;
    app.grant("admin@example.com", entity::sea_orm_active_enums::PlatformRole::Admin).await;
    let ann = app.signup("ann@example.com").await;
    app.signup("bob@example.com").await;
    app.gql(SET)
        .var("input", json!({ "purposeKey": "product_updates", "granted": true }))
        .token(&ann.token)
        .send()
        .await;
    const SEND: &str = "mutation($i: SendProductUpdateInput!) { sendProductUpdate(input: $i) { queued notAllowed userErrors { field code } } }";
    let message = json!({ "subject": "What's new in December", "body": "Threads scheduling is here." });

    let by_person = app.gql(SEND).var("i", message.clone()).token(&ann.token).send().await;
    assert_refused(&by_person, &["FORBIDDEN"], "a person who is not an admin");
    let by_key = app.gql(SEND).var("i", message.clone()).token(&app.api_key(&admin).await).send().await;
    assert_refused(&by_key, &["FORBIDDEN", "UNAUTHENTICATED"], "an API key");
    let empty = app.gql(SEND).var("i", json!({ "subject": " ", "body": "x" })).token(&admin.token).send().await;
    assert_eq!(empty["data"]["sendProductUpdate"]["userErrors"][0]["field"], json!(["input", "subject"]), "{empty}");
    assert!(app.outbox("marketing.product_update").await.is_empty(), "nothing queued by refused attempts");

    let sent = app.gql(SEND).var("i", message).token(&admin.token).send().await;
    assert_eq!(
        sent["data"]["sendProductUpdate"],
        json!({ "queued": "1", "notAllowed": "2", "userErrors": [] }),
        "{sent}"
    );
    let mails = app.outbox("marketing.product_update").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_address, "ann@example.com");
    assert_eq!(mails[0].subject, "What's new in December");
    let audit = app.audit_entries("marketing.").await;
    assert_eq!(audit.len(), 1);
    assert!(audit[0].detail.contains("\"queued\":1"), "{}", audit[0].detail);
}
