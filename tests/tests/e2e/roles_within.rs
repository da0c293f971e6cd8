//! Inside one workspace, members below owner try what only owners may; and callers who are
//! not compliance officers try the compliance reads.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use entity::sea_orm_active_enums::PlatformRole;
use postwarden_tests::{Session, TestApp, assert_no_node, assert_refused};
use serde_json::{Value, json};

const INVITE: &str = "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitation { id } } }";
const INVITATIONS: &str =
    "query($id: ID!) { workspace(id: $id) { invitations { totalCount nodes { id email role status } } } }";
const REVOKE_INVITATION: &str =
    "mutation($input: RevokeInvitationInput!) { revokeInvitation(input: $input) { invitation { id status } } }";
const ACCEPT: &str =
    "mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { member { id role } } }";
const MEMBERS: &str = "query($id: ID!) { workspace(id: $id) { members { nodes { id role user { email } } } } }";
const ROLE: &str =
    "mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { member { id role } } }";
const CREATE_KEY: &str =
    "mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }";
const KEYS: &str = "query($id: ID!) { workspace(id: $id) { apiKeys { totalCount nodes { id name status } } } }";
const REVOKE_KEY: &str =
    "mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id status } } }";
const NODE: &str = "query($id: ID!) { node(id: $id) { id } }";
const WORKSPACE_NAME: &str = "query($id: ID!) { workspace(id: $id) { name } }";

/// An owner, an editor and a viewer of one workspace.
struct Team {
    owner: Session,
    editor: Session,
    viewer: Session,
    workspace: String,
}

async fn team(app: &TestApp) -> Team {
    let owner = app.signup("owner@example.com").await;
    let editor = app.signup("editor@example.com").await;
    let viewer = app.signup("viewer@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    app.add_member(&owner, &workspace, &editor, "EDITOR").await;
    app.add_member(&owner, &workspace, &viewer, "VIEWER").await;
    Team { owner, editor, viewer, workspace }
}

async fn invite(app: &TestApp, team: &Team, email: &str) -> String {
    let invited = app
        .gql(INVITE)
        .var("input", json!({ "workspaceId": team.workspace, "email": email, "role": "VIEWER" }))
        .token(&team.owner.token)
        .send()
        .await;
    invited["data"]["inviteMember"]["invitation"]["id"].as_str().unwrap_or_else(|| panic!("{invited}")).to_owned()
}

/// (key id, secret)
async fn create_key(app: &TestApp, who: &Session, workspace: &str, name: &str) -> (String, String) {
    let created = app
        .gql(CREATE_KEY)
        .var("input", json!({ "workspaceId": workspace, "name": name, "scopes": ["WORKSPACE_READ"] }))
        .token(&who.token)
        .send()
        .await;
    let key = &created["data"]["createApiKey"];
    let id = key["apiKey"]["id"].as_str().unwrap_or_else(|| panic!("{created}")).to_owned();
    (id, key["secret"].as_str().unwrap_or_default().to_owned())
}

/// Each member's email and role, as the owner sees them.
async fn roles(app: &TestApp, team: &Team) -> Vec<(String, String)> {
    let resp = app.gql(MEMBERS).var("id", json!(team.workspace)).token(&team.owner.token).send().await;
    let nodes = resp["data"]["workspace"]["members"]["nodes"].as_array().cloned().unwrap_or_default();
    assert!(!nodes.is_empty(), "{resp}");
    nodes
        .iter()
        .map(|m| (m["user"]["email"].as_str().unwrap_or("?").to_owned(), m["role"].as_str().unwrap_or("?").to_owned()))
        .collect()
}

async fn keys(app: &TestApp, team: &Team, who: &Session) -> Value {
    app.gql(KEYS).var("id", json!(team.workspace)).token(&who.token).send().await
}

fn member_id(members: &Value, email: &str) -> String {
    members["data"]["workspace"]["members"]["nodes"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|m| m["user"]["email"] == email))
        .and_then(|m| m["id"].as_str())
        .unwrap_or_else(|| panic!("no member {email}: {members}"))
        .to_owned()
}

#[tokio::test]
async fn editors_and_viewers_cannot_see_the_invitations() {
    let app = TestApp::spawn().await;
    let team = team(&app).await;
    let pending = invite(&app, &team, "pending@example.com").await;

    let owners = app.gql(INVITATIONS).var("id", json!(team.workspace)).token(&team.owner.token).send().await;
    assert!(owners.to_string().contains("pending@example.com"), "the owner sees the invitation: {owners}");

    // Invitations hold addresses of people who are not members yet.
    for (who, member) in [("editor", &team.editor), ("viewer", &team.viewer)] {
        let resp = app.gql(INVITATIONS).var("id", json!(team.workspace)).token(&member.token).send().await;
        assert_refused(&resp, &["FORBIDDEN"], &format!("{who}: Workspace.invitations"));
        assert!(!resp.to_string().contains("pending@example.com"), "{who}: {resp}");

        let node = app.gql(NODE).var("id", json!(pending)).token(&member.token).send().await;
        assert_no_node(&node, &format!("{who}: node(invitation)"));
    }
}

#[tokio::test]
async fn a_member_below_owner_lists_only_their_own_api_keys() {
    let app = TestApp::spawn().await;
    let team = team(&app).await;
    let (owner_key, _) = create_key(&app, &team.owner, &team.workspace, "owner-key").await;
    let (editor_key, _) = create_key(&app, &team.editor, &team.workspace, "editor-key").await;

    let owners = keys(&app, &team, &team.owner).await;
    assert_eq!(owners["data"]["workspace"]["apiKeys"]["totalCount"], 2, "the owner sees every key: {owners}");

    let editors = keys(&app, &team, &team.editor).await;
    let own = &editors["data"]["workspace"]["apiKeys"];
    assert_eq!(own["totalCount"], 1, "{editors}");
    assert_eq!(own["nodes"].as_array().map(Vec::len), Some(1), "{editors}");
    assert_eq!(own["nodes"][0]["id"], editor_key.as_str());
    assert!(!editors.to_string().contains("owner-key"), "{editors}");

    let viewers = keys(&app, &team, &team.viewer).await;
    assert_eq!(viewers["data"]["workspace"]["apiKeys"]["totalCount"], 0, "{viewers}");
    assert_eq!(viewers["data"]["workspace"]["apiKeys"]["nodes"], json!([]));

    // Fetching the owner's key by id is no way round the listing.
    for member in [&team.editor, &team.viewer] {
        let node = app.gql(NODE).var("id", json!(owner_key)).token(&member.token).send().await;
        assert_no_node(&node, "node(owner's API key)");
    }
}

#[tokio::test]
async fn an_editor_or_viewer_cannot_revoke_the_owners_key() {
    let app = TestApp::spawn().await;
    let team = team(&app).await;
    let (owner_key, secret) = create_key(&app, &team.owner, &team.workspace, "owner-key").await;

    // A key the caller cannot list does not exist for them.
    for (who, member) in [("editor", &team.editor), ("viewer", &team.viewer)] {
        let resp = app.gql(REVOKE_KEY).var("input", json!({ "apiKeyId": owner_key })).token(&member.token).send().await;
        assert_refused(&resp, &["NOT_FOUND"], &format!("{who}: revokeApiKey"));
    }

    let still = app.gql(WORKSPACE_NAME).var("id", json!(team.workspace)).token(&secret).send().await;
    assert_eq!(still["data"]["workspace"]["name"], "Acme", "the owner's key still works: {still}");
    let listed = app.gql(KEYS).var("id", json!(team.workspace)).token(&team.owner.token).send().await;
    assert_eq!(listed["data"]["workspace"]["apiKeys"]["nodes"][0]["status"], "ACTIVE", "{listed}");
    assert!(app.audit_entries("api_key.revoked").await.is_empty());
}

#[tokio::test]
async fn editors_and_viewers_cannot_revoke_an_invitation() {
    let app = TestApp::spawn().await;
    let team = team(&app).await;
    let invitee = app.signup("invitee@example.com").await;
    let pending = invite(&app, &team, "invitee@example.com").await;

    for (who, member) in [("editor", &team.editor), ("viewer", &team.viewer)] {
        let resp = app
            .gql(REVOKE_INVITATION)
            .var("input", json!({ "invitationId": pending }))
            .token(&member.token)
            .send()
            .await;
        assert_refused(&resp, &["FORBIDDEN"], &format!("{who}: revokeInvitation"));
    }

    let owners = app.gql(INVITATIONS).var("id", json!(team.workspace)).token(&team.owner.token).send().await;
    let status = owners["data"]["workspace"]["invitations"]["nodes"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|i| i["id"] == pending.as_str()))
        .map(|i| i["status"].clone());
    assert_eq!(status, Some(json!("PENDING")), "{owners}");
    assert!(app.audit_entries("invitation.revoked").await.is_empty());

    // The invitation still works for the person it was sent to.
    let accepted = app.gql(ACCEPT).var("input", json!({ "invitationId": pending })).token(&invitee.token).send().await;
    assert_eq!(accepted["data"]["acceptInvitation"]["member"]["role"], "VIEWER", "{accepted}");
}

#[tokio::test]
async fn editors_and_viewers_cannot_change_roles() {
    let app = TestApp::spawn().await;
    let team = team(&app).await;
    let members = app.gql(MEMBERS).var("id", json!(team.workspace)).token(&team.owner.token).send().await;
    let owner_member = member_id(&members, "owner@example.com");
    let editor_member = member_id(&members, "editor@example.com");
    let viewer_member = member_id(&members, "viewer@example.com");
    let before = roles(&app, &team).await;

    let attempts = [
        ("editor promotes self", &team.editor, &editor_member, "OWNER"),
        ("editor demotes owner", &team.editor, &owner_member, "VIEWER"),
        ("editor promotes viewer", &team.editor, &viewer_member, "EDITOR"),
        ("viewer promotes self", &team.viewer, &viewer_member, "OWNER"),
        ("viewer demotes editor", &team.viewer, &editor_member, "VIEWER"),
        ("viewer demotes owner", &team.viewer, &owner_member, "VIEWER"),
    ];
    for (what, member, target, role) in attempts {
        let resp =
            app.gql(ROLE).var("input", json!({ "memberId": target, "role": role })).token(&member.token).send().await;
        assert_refused(&resp, &["FORBIDDEN"], what);
    }

    assert_eq!(roles(&app, &team).await, before);
    assert!(app.audit_entries("member.role.changed").await.is_empty());
}

const RECORDS: &str = "{ processingRecords { controller { name } activities { key } } }";
const EVENTS: &str = "{ consentEvents { totalCount nodes { id subject { ... on User { id } } purposeKey } } }";
const LOG: &str =
    "query($filter: AuditLogFilterInput) { auditLog(filter: $filter) { totalCount nodes { seq action } } }";

#[tokio::test]
async fn an_admin_is_not_a_compliance_officer() {
    let app = TestApp::spawn().await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let admin = app.signup("admin@example.com").await;
    app.grant("admin@example.com", PlatformRole::Admin).await;
    let ann = app.signup("ann@example.com").await;
    app.gql("mutation($input: SetConsentInput!) { setConsent(input: $input) { event { id } } }")
        .var("input", json!({ "purposeKey": "product_updates", "granted": true }))
        .token(&ann.token)
        .send()
        .await;

    // The same queries do answer an officer, so the refusals below are about the caller.
    let records = app.gql(RECORDS).token(&officer.token).send().await;
    assert!(!records["data"]["processingRecords"]["activities"].as_array().is_none_or(Vec::is_empty), "{records}");
    let events = app.gql(EVENTS).token(&officer.token).send().await;
    assert_eq!(events["data"]["consentEvents"]["totalCount"], 1, "{events}");

    for query in [RECORDS, EVENTS] {
        let resp = app.gql(query).token(&admin.token).send().await;
        assert_refused(&resp, &["FORBIDDEN"], &format!("admin: {query}"));
    }

    for path in ["/compliance/processing-records.json", "/compliance/audit.csv"] {
        let resp = app.http.get(app.url(path)).bearer_auth(&admin.token).send().await.expect("sent");
        assert_eq!(resp.status().as_u16(), 403, "admin: {path}");
    }
    // A refused export is not recorded as one.
    assert!(app.audit_entries("export.downloaded").await.is_empty());
}

#[tokio::test]
async fn compliance_reads_need_credentials() {
    let app = TestApp::spawn().await;
    app.compliance_officer("dpo@example.com").await;

    for path in ["/compliance/processing-records.json", "/compliance/audit.csv"] {
        let anonymous = app.http.get(app.url(path)).send().await.expect("sent");
        assert_eq!(anonymous.status().as_u16(), 401, "anonymous: {path}");
        let body = anonymous.text().await.unwrap_or_default();
        assert!(!body.contains("activities") && !body.contains("seq,id"), "anonymous: {path}: {body}");

        let forged = app.http.get(app.url(path)).bearer_auth("not-a-session").send().await.expect("sent");
        assert_eq!(forged.status().as_u16(), 401, "bad token: {path}");
    }

    assert_refused(&app.gql(LOG).send().await, &["UNAUTHENTICATED"], "anonymous auditLog");
    let forged = app.gql(LOG).token("not-a-session").send().await;
    assert_refused(&forged, &["UNAUTHENTICATED"], "auditLog with a bad token");
}

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn count(app: &TestApp, officer: &Session, filter: Value) -> (i64, usize) {
    let resp = app.gql(LOG).var("filter", filter).token(&officer.token).send().await;
    let conn = &resp["data"]["auditLog"];
    let total = conn["totalCount"].as_i64().unwrap_or_else(|| panic!("{resp}"));
    (total, conn["nodes"].as_array().map_or(0, Vec::len))
}

#[tokio::test]
async fn the_to_bound_excludes_later_entries() {
    let app = TestApp::spawn().await;
    let t0 = app.clock_now();
    let officer = app.compliance_officer("dpo@example.com").await;
    app.signup("ann@example.com").await;
    let at_t0 = app.audit_entries("").await.len() as i64;

    app.clock.advance(Duration::hours(1));
    let t1 = app.clock_now();
    app.signup("bob@example.com").await;
    app.clock.advance(Duration::hours(1));
    app.signup("carl@example.com").await;

    let registered = |to: Option<DateTime<Utc>>| {
        let mut filter = json!({ "action": "user.registered" });
        if let Some(to) = to {
            filter["to"] = json!(at(to));
        }
        count(&app, &officer, filter)
    };
    assert_eq!(registered(None).await, (4, 4));
    assert_eq!(registered(Some(t0 + Duration::minutes(30))).await, (2, 2), "only the two from the first hour");
    // Exclusive: entries made exactly at `to` are left out, and are in once `to` is a second later.
    assert_eq!(registered(Some(t1)).await, (2, 2));
    assert_eq!(registered(Some(t1 + Duration::seconds(1))).await, (3, 3));
    assert_eq!(registered(Some(t0)).await, (0, 0));

    let window = count(
        &app,
        &officer,
        json!({ "action": "user.registered", "from": at(t1), "to": at(t1 + Duration::minutes(30)) }),
    )
    .await;
    assert_eq!(window, (1, 1), "only bob");

    // Without an action filter the bound still cuts every kind of entry.
    let (before_t1, _) = count(&app, &officer, json!({ "to": at(t1) })).await;
    assert_eq!(before_t1, at_t0);

    // The CSV export reads the same bound.
    let csv = app
        .http
        .get(app.url(&format!("/compliance/audit.csv?action=user.registered&to={}", at(t1))))
        .bearer_auth(&officer.token)
        .send()
        .await
        .expect("sent");
    assert_eq!(csv.status().as_u16(), 200);
    let body = csv.text().await.unwrap_or_default();
    assert_eq!(body.lines().count(), 3, "a header and two rows: {body}");
}
