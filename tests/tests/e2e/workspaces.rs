use postwarden_tests::{TestApp, error_code};
use serde_json::json;

const MEMBERS: &str = "query($id: ID!) { workspace(id: $id) { name viewerRole members { totalCount nodes { id role user { email } } } } }";
const INVITE: &str = "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitation { id email role status } userErrors { field code } } }";
const ACCEPT: &str =
    "mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { member { id role } } }";
const DECLINE: &str =
    "mutation($input: DeclineInvitationInput!) { declineInvitation(input: $input) { invitation { status } } }";
const RENAME: &str =
    "mutation($input: RenameWorkspaceInput!) { renameWorkspace(input: $input) { workspace { name } } }";
const ROLE: &str = "mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { member { role } userErrors { code } } }";
const REMOVE: &str =
    "mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedMemberId userErrors { code } } }";

#[tokio::test]
async fn invite_accept_and_list_members() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let editor = app.signup("Editor@Example.com").await;
    let workspace = app.create_workspace(&owner, "Acme Studio").await;

    let invited = app
        .gql(INVITE)
        .var("input", json!({ "workspaceId": workspace, "email": "editor@example.com", "role": "EDITOR" }))
        .token(&owner.token)
        .send()
        .await;
    let invitation = &invited["data"]["inviteMember"]["invitation"];
    assert_eq!(invitation["status"], "PENDING", "{invited}");

    let pending =
        app.gql("{ me { pendingInvitations { nodes { id role workspaceName } } } }").token(&editor.token).send().await;
    assert_eq!(pending["data"]["me"]["pendingInvitations"]["nodes"][0]["workspaceName"], "Acme Studio", "{pending}");

    let accepted =
        app.gql(ACCEPT).var("input", json!({ "invitationId": invitation["id"] })).token(&editor.token).send().await;
    assert_eq!(accepted["data"]["acceptInvitation"]["member"]["role"], "EDITOR", "{accepted}");

    let members = app.gql(MEMBERS).var("id", json!(workspace)).token(&editor.token).send().await;
    let ws = &members["data"]["workspace"];
    assert_eq!(ws["viewerRole"], "EDITOR");
    assert_eq!(ws["members"]["totalCount"], 2);
    let emails: Vec<&str> =
        ws["members"]["nodes"].as_array().into_iter().flatten().filter_map(|m| m["user"]["email"].as_str()).collect();
    assert_eq!(emails, ["owner@example.com", "Editor@Example.com"]);

    let my_workspaces =
        app.gql("{ me { workspaces { totalCount nodes { name } } } }").token(&editor.token).send().await;
    assert_eq!(my_workspaces["data"]["me"]["workspaces"]["nodes"][0]["name"], "Acme Studio");
}

#[tokio::test]
async fn an_invitation_is_only_for_its_addressee_and_can_be_declined() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let invitee = app.signup("invitee@example.com").await;
    let stranger = app.signup("stranger@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    let invited = app
        .gql(INVITE)
        .var("input", json!({ "workspaceId": workspace, "email": "invitee@example.com", "role": "VIEWER" }))
        .token(&owner.token)
        .send()
        .await;
    let id = invited["data"]["inviteMember"]["invitation"]["id"].clone();

    let stolen = app.gql(ACCEPT).var("input", json!({ "invitationId": id })).token(&stranger.token).send().await;
    assert_eq!(error_code(&stolen), Some("NOT_FOUND"));

    let declined = app.gql(DECLINE).var("input", json!({ "invitationId": id })).token(&invitee.token).send().await;
    assert_eq!(declined["data"]["declineInvitation"]["invitation"]["status"], "DECLINED");
    let again = app.gql(ACCEPT).var("input", json!({ "invitationId": id })).token(&invitee.token).send().await;
    assert_eq!(error_code(&again), Some("NOT_FOUND"));
    let workspace_view = app.gql(MEMBERS).var("id", json!(workspace)).token(&invitee.token).send().await;
    assert_eq!(error_code(&workspace_view), Some("NOT_FOUND"));
}

#[tokio::test]
async fn roles_decide_who_may_rename_and_manage_members() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let editor = app.signup("editor@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    let editor_member = app.add_member(&owner, &workspace, &editor, "EDITOR").await;

    let refused = app
        .gql(RENAME)
        .var("input", json!({ "workspaceId": workspace, "name": "Mine" }))
        .token(&editor.token)
        .send()
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    let renamed = app
        .gql(RENAME)
        .var("input", json!({ "workspaceId": workspace, "name": " Acme Two " }))
        .token(&owner.token)
        .send()
        .await;
    assert_eq!(renamed["data"]["renameWorkspace"]["workspace"]["name"], "Acme Two");

    let invite = app
        .gql(INVITE)
        .var("input", json!({ "workspaceId": workspace, "email": "x@example.com", "role": "VIEWER" }))
        .token(&editor.token)
        .send()
        .await;
    assert_eq!(error_code(&invite), Some("FORBIDDEN"));

    let promoted = app
        .gql(ROLE)
        .var("input", json!({ "memberId": editor_member, "role": "OWNER" }))
        .token(&owner.token)
        .send()
        .await;
    assert_eq!(promoted["data"]["updateMemberRole"]["member"]["role"], "OWNER");
}

#[tokio::test]
async fn a_workspace_always_keeps_an_owner() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    let members = app.gql(MEMBERS).var("id", json!(workspace)).token(&owner.token).send().await;
    let owner_member = members["data"]["workspace"]["members"]["nodes"][0]["id"].clone();

    let demote = app
        .gql(ROLE)
        .var("input", json!({ "memberId": owner_member, "role": "VIEWER" }))
        .token(&owner.token)
        .send()
        .await;
    assert_eq!(demote["data"]["updateMemberRole"]["userErrors"][0]["code"], "INVALID_STATE", "{demote}");
    let leave = app.gql(REMOVE).var("input", json!({ "memberId": owner_member })).token(&owner.token).send().await;
    assert_eq!(leave["data"]["removeMember"]["userErrors"][0]["code"], "INVALID_STATE", "{leave}");
}

#[tokio::test]
async fn members_leave_and_owners_remove() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let editor = app.signup("editor@example.com").await;
    let viewer = app.signup("viewer@example.com").await;
    let workspace = app.create_workspace(&owner, "Acme").await;
    let editor_member = app.add_member(&owner, &workspace, &editor, "EDITOR").await;
    let viewer_member = app.add_member(&owner, &workspace, &viewer, "VIEWER").await;

    let members = app.gql(MEMBERS).var("id", json!(workspace)).token(&owner.token).send().await;
    let owner_member = members["data"]["workspace"]["members"]["nodes"][0]["id"].clone();
    let refused = app.gql(REMOVE).var("input", json!({ "memberId": owner_member })).token(&editor.token).send().await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));

    let left = app.gql(REMOVE).var("input", json!({ "memberId": viewer_member })).token(&viewer.token).send().await;
    assert_eq!(left["data"]["removeMember"]["removedMemberId"], viewer_member);
    let removed = app.gql(REMOVE).var("input", json!({ "memberId": editor_member })).token(&owner.token).send().await;
    assert!(removed["errors"].is_null(), "{removed}");

    for gone in [&editor, &viewer] {
        let resp = app.gql(MEMBERS).var("id", json!(workspace)).token(&gone.token).send().await;
        assert_eq!(error_code(&resp), Some("NOT_FOUND"));
    }
}

#[tokio::test]
async fn bad_workspace_input_is_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner@example.com").await;
    let create = "mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { id } userErrors { field code } } }";
    let empty = app.gql(create).var("input", json!({ "name": "  " })).token(&owner.token).send().await;
    assert_eq!(empty["data"]["createWorkspace"]["userErrors"][0]["code"], "INVALID", "{empty}");
    assert_eq!(empty["data"]["createWorkspace"]["userErrors"][0]["field"], json!(["input", "name"]));
    let anonymous = app.gql(create).var("input", json!({ "name": "Acme" })).send().await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));

    let workspace = app.create_workspace(&owner, "Acme").await;
    let malformed_email = app
        .gql(INVITE)
        .var("input", json!({ "workspaceId": workspace, "email": "nope", "role": "VIEWER" }))
        .token(&owner.token)
        .send()
        .await;
    assert_eq!(malformed_email["data"]["inviteMember"]["userErrors"][0]["code"], "INVALID", "{malformed_email}");
    let bad_id = app.gql(MEMBERS).var("id", json!("garbage")).token(&owner.token).send().await;
    assert_eq!(error_code(&bad_id), Some("BAD_USER_INPUT"));
}
