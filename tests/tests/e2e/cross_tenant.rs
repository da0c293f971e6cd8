//! A member of one workspace tries every query and mutation against another's ids.

use compliance::audit::Actor;
use postwarden::service::{Svc, roles};
use postwarden_tests::{Session, TestApp, error_code};
use serde_json::{Value, json};

struct Victim {
    owner: Session,
    workspace: String,
    member: String,
    invitation: String,
    api_key: String,
}

async fn victim(app: &TestApp) -> Victim {
    let owner = app.signup("owner@victim.example").await;
    let editor = app.signup("editor@victim.example").await;
    let workspace = app.create_workspace(&owner, "Victim Co").await;
    let member = app.add_member(&owner, &workspace, &editor, "EDITOR").await;
    let invited = app
        .gql("mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitation { id } } }")
        .var("input", json!({ "workspaceId": workspace, "email": "later@victim.example", "role": "VIEWER" }))
        .token(&owner.token)
        .send()
        .await;
    let key = app
        .gql("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }")
        .var("input", json!({ "workspaceId": workspace, "name": "k", "scopes": ["CONTENT_READ"] }))
        .token(&owner.token)
        .send()
        .await;
    Victim {
        owner,
        workspace,
        member,
        invitation: invited["data"]["inviteMember"]["invitation"]["id"].as_str().unwrap_or_default().to_owned(),
        api_key: key["data"]["createApiKey"]["apiKey"]["id"].as_str().unwrap_or_default().to_owned(),
    }
}

fn assert_refused(resp: &Value, what: &str) {
    let code = error_code(resp);
    assert!(matches!(code, Some("NOT_FOUND" | "FORBIDDEN")), "{what}: expected refusal, got {resp}");
    let leaked = resp["data"].as_object().is_some_and(|d| d.values().any(|v| !v.is_null()));
    assert!(!leaked, "{what}: data leaked: {resp}");
}

#[tokio::test]
async fn an_outsider_gets_nothing_from_another_workspace() {
    let app = TestApp::spawn().await;
    let v = victim(&app).await;
    let outsider = app.signup("outsider@example.com").await;
    let own = app.create_workspace(&outsider, "Outsider Inc").await;
    let outsider_key = app
        .gql("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }")
        .var("input", json!({ "workspaceId": own, "name": "k", "scopes": ["WORKSPACE_WRITE", "CONTENT_WRITE"] }))
        .token(&outsider.token)
        .send()
        .await["data"]["createApiKey"]["secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    let attempts: Vec<(&str, &str, Value)> = vec![
        ("workspace", "query($id: ID!) { workspace(id: $id) { name } }", json!({ "id": v.workspace })),
        ("node workspace", "query($id: ID!) { node(id: $id) { id } }", json!({ "id": v.workspace })),
        ("node member", "query($id: ID!) { node(id: $id) { id } }", json!({ "id": v.member })),
        ("node invitation", "query($id: ID!) { node(id: $id) { id } }", json!({ "id": v.invitation })),
        ("node api key", "query($id: ID!) { node(id: $id) { id } }", json!({ "id": v.api_key })),
        ("node user", "query($id: ID!) { node(id: $id) { id } }", json!({ "id": v.owner.user_id })),
        (
            "renameWorkspace",
            "mutation($i: RenameWorkspaceInput!) { renameWorkspace(input: $i) { workspace { name } } }",
            json!({ "i": { "workspaceId": v.workspace, "name": "x" } }),
        ),
        (
            "inviteMember",
            "mutation($i: InviteMemberInput!) { inviteMember(input: $i) { invitation { id } } }",
            json!({ "i": { "workspaceId": v.workspace, "email": "outsider@example.com", "role": "OWNER" } }),
        ),
        (
            "revokeInvitation",
            "mutation($i: InvitationIdInput!) { revokeInvitation(input: $i) { invitation { id } } }",
            json!({ "i": { "invitationId": v.invitation } }),
        ),
        (
            "acceptInvitation",
            "mutation($i: InvitationIdInput!) { acceptInvitation(input: $i) { member { id } } }",
            json!({ "i": { "invitationId": v.invitation } }),
        ),
        (
            "declineInvitation",
            "mutation($i: InvitationIdInput!) { declineInvitation(input: $i) { invitation { id } } }",
            json!({ "i": { "invitationId": v.invitation } }),
        ),
        (
            "updateMemberRole",
            "mutation($i: UpdateMemberRoleInput!) { updateMemberRole(input: $i) { member { id } } }",
            json!({ "i": { "memberId": v.member, "role": "VIEWER" } }),
        ),
        (
            "removeMember",
            "mutation($i: RemoveMemberInput!) { removeMember(input: $i) { removedMemberId } }",
            json!({ "i": { "memberId": v.member } }),
        ),
        (
            "createApiKey",
            "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }",
            json!({ "i": { "workspaceId": v.workspace, "name": "x", "scopes": ["CONTENT_READ"] } }),
        ),
        (
            "revokeApiKey",
            "mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { apiKey { id } } }",
            json!({ "i": { "apiKeyId": v.api_key } }),
        ),
        (
            "grantPlatformRole",
            "mutation($i: PlatformRoleInput!) { grantPlatformRole(input: $i) { changed } }",
            json!({ "i": { "userId": outsider.user_id, "role": "ADMIN" } }),
        ),
    ];
    for (what, query, vars) in &attempts {
        for credential in [&outsider.token, &outsider_key] {
            let mut request = app.gql(query).token(credential);
            for (k, val) in vars.as_object().into_iter().flatten() {
                request = request.var(k, val.clone());
            }
            assert_refused(&request.send().await, what);
        }
    }

    let nodes = app
        .gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }")
        .var("ids", json!([v.workspace, v.member, v.invitation, v.api_key]))
        .token(&outsider.token)
        .send()
        .await;
    assert_eq!(nodes["data"]["nodes"], json!([null, null, null, null]), "{nodes}");

    let mine = app.gql("{ me { workspaces { nodes { name } } } }").token(&outsider.token).send().await;
    assert_eq!(mine["data"]["me"]["workspaces"]["nodes"], json!([{ "name": "Outsider Inc" }]));

    // The victim's workspace is untouched.
    let check = app
        .gql("query($id: ID!) { workspace(id: $id) { name members { totalCount } invitations { nodes { status } } } }")
        .var("id", json!(v.workspace))
        .token(&v.owner.token)
        .send()
        .await;
    assert_eq!(check["data"]["workspace"]["name"], "Victim Co");
    assert_eq!(check["data"]["workspace"]["members"]["totalCount"], 2);
    assert_eq!(
        check["data"]["workspace"]["invitations"]["nodes"],
        json!([{ "status": "ACCEPTED" }, { "status": "PENDING" }])
    );
}

#[tokio::test]
async fn only_admins_manage_platform_roles() {
    let app = TestApp::spawn().await;
    let admin = app.signup("admin@example.com").await;
    let person = app.signup("person@example.com").await;
    let grant = "mutation($i: PlatformRoleInput!) { grantPlatformRole(input: $i) { changed roles } }";

    let refused = app
        .gql(grant)
        .var("i", json!({ "userId": person.user_id, "role": "COMPLIANCE_OFFICER" }))
        .token(&person.token)
        .send()
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));

    // The first admin is made from the command line, which calls the same service.
    let svc = Svc::system(&app.state);
    let admin_user = roles::user_by_email(&svc, "admin@example.com").await.expect("admin exists");
    assert!(
        roles::grant(&svc, Actor::System, admin_user.id, entity::sea_orm_active_enums::PlatformRole::Admin)
            .await
            .is_ok()
    );

    let granted = app
        .gql(grant)
        .var("i", json!({ "userId": person.user_id, "role": "COMPLIANCE_OFFICER" }))
        .token(&admin.token)
        .send()
        .await;
    assert_eq!(granted["data"]["grantPlatformRole"]["roles"], json!(["COMPLIANCE_OFFICER"]), "{granted}");
    let me = app.gql("{ me { platformRoles } }").token(&person.token).send().await;
    assert_eq!(me["data"]["me"]["platformRoles"], json!(["COMPLIANCE_OFFICER"]));

    let revoke = "mutation($i: PlatformRoleInput!) { revokePlatformRole(input: $i) { changed roles } }";
    let by_officer =
        app.gql(revoke).var("i", json!({ "userId": admin.user_id, "role": "ADMIN" })).token(&person.token).send().await;
    assert_eq!(error_code(&by_officer), Some("FORBIDDEN"), "an officer cannot take roles away: {by_officer}");
    let own =
        app.gql(revoke).var("i", json!({ "userId": admin.user_id, "role": "ADMIN" })).token(&admin.token).send().await;
    assert_eq!(error_code(&own), Some("CONFLICT"), "an admin cannot lock themselves out: {own}");
    let revoked = app
        .gql(revoke)
        .var("i", json!({ "userId": person.user_id, "role": "COMPLIANCE_OFFICER" }))
        .token(&admin.token)
        .send()
        .await;
    assert_eq!(revoked["data"]["revokePlatformRole"], json!({ "changed": true, "roles": [] }), "{revoked}");
    let me = app.gql("{ me { platformRoles } }").token(&person.token).send().await;
    assert_eq!(me["data"]["me"]["platformRoles"], json!([]));
    let officer_only = app.gql("{ verifyAuditChain { intact } }").token(&person.token).send().await;
    assert_eq!(error_code(&officer_only), Some("FORBIDDEN"), "the role is gone at once: {officer_only}");
    let trail = app.audit_entries("role.").await;
    assert!(trail.iter().any(|e| e.action == "role.revoked"), "{trail:?}");
}
