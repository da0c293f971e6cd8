//! A member of one workspace tries every query and mutation against another's ids, and
//! learns no more from them than from ids of nothing at all.

use compliance::audit::Actor;
use postwarden::{
    graphql::relay::{GlobalId, NodeKind},
    service::{Svc, roles},
};
use postwarden_tests::{Session, TestApp, error_code, fakes};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

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
            "mutation($i: RevokeInvitationInput!) { revokeInvitation(input: $i) { invitation { id } } }",
            json!({ "i": { "invitationId": v.invitation } }),
        ),
        (
            "acceptInvitation",
            "mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { member { id } } }",
            json!({ "i": { "invitationId": v.invitation } }),
        ),
        (
            "declineInvitation",
            "mutation($i: DeclineInvitationInput!) { declineInvitation(input: $i) { invitation { id } } }",
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
            "mutation($i: GrantPlatformRoleInput!) { grantPlatformRole(input: $i) { changed } }",
            json!({ "i": { "userId": outsider.user_id, "role": "ADMIN" } }),
        ),
    ];
    for id in [&v.workspace, &v.member, &v.invitation, &v.api_key, &v.owner.user_id] {
        for credential in [&outsider.token, &outsider_key] {
            let resp =
                app.gql("query($id: ID!) { node(id: $id) { id } }").var("id", json!(id)).token(credential).send().await;
            assert!(resp["errors"].is_null() && resp["data"]["node"].is_null(), "node {id}: {resp}");
        }
    }
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
    let grant = "mutation($i: GrantPlatformRoleInput!) { grantPlatformRole(input: $i) { changed roles } }";

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

    let revoke = "mutation($i: RevokePlatformRoleInput!) { revokePlatformRole(input: $i) { changed roles userErrors { code } } }";
    let by_officer =
        app.gql(revoke).var("i", json!({ "userId": admin.user_id, "role": "ADMIN" })).token(&person.token).send().await;
    assert_eq!(error_code(&by_officer), Some("FORBIDDEN"), "an officer cannot take roles away: {by_officer}");
    let own =
        app.gql(revoke).var("i", json!({ "userId": admin.user_id, "role": "ADMIN" })).token(&admin.token).send().await;
    assert!(
        own["data"]["revokePlatformRole"]["userErrors"][0]["code"].is_string(),
        "an admin cannot lock themselves out: {own}"
    );
    let revoked = app
        .gql(revoke)
        .var("i", json!({ "userId": person.user_id, "role": "COMPLIANCE_OFFICER" }))
        .token(&admin.token)
        .send()
        .await;
    assert_eq!(
        revoked["data"]["revokePlatformRole"],
        json!({ "changed": true, "roles": [], "userErrors": [] }),
        "{revoked}"
    );
    let me = app.gql("{ me { platformRoles } }").token(&person.token).send().await;
    assert_eq!(me["data"]["me"]["platformRoles"], json!([]));
    let officer_only = app.gql("{ verifyAuditChain { intact } }").token(&person.token).send().await;
    assert_eq!(error_code(&officer_only), Some("FORBIDDEN"), "the role is gone at once: {officer_only}");
    let trail = app.audit_entries("role.").await;
    assert!(trail.iter().any(|e| e.action == "role.revoked"), "{trail:?}");
}

// ---------------------------------------------------------------------------------------
// Every field that takes an object id answers an outsider exactly as it answers an id of
// nothing at all: the same code, message and path, so an id never tells them an object
// exists. The fields are read from the schema, so a new one cannot go unchecked.
// ---------------------------------------------------------------------------------------

/// Where root fields take an object id: `Mutation.updatePost(input.postId)`, through nested
/// inputs and lists; a field that answers any `Node` once per kind, `Query.node(id: Post)`.
fn id_arguments() -> BTreeSet<String> {
    use async_graphql::parser::{
        parse_schema,
        types::{BaseType, Type, TypeKind, TypeSystemDefinition},
    };

    fn named(ty: &Type) -> &str {
        match &ty.base {
            BaseType::Named(name) => name.as_str(),
            BaseType::List(inner) => named(inner),
        }
    }

    fn walk(types: &HashMap<String, TypeKind>, path: String, ty: &Type, within: &[String], out: &mut Vec<String>) {
        let name = named(ty);
        if name == "ID" {
            out.push(path);
        } else if let Some(TypeKind::InputObject(input)) = types.get(name)
            && !within.iter().any(|w| w == name)
        {
            let within = [within, &[name.to_owned()]].concat();
            for field in &input.fields {
                walk(types, format!("{path}.{}", field.node.name.node), &field.node.ty.node, &within, out);
            }
        }
    }

    let document = parse_schema(postwarden::graphql::sdl()).expect("the schema parses");
    let mut types = HashMap::new();
    let mut roots = Vec::new();
    for definition in document.definitions {
        match definition {
            TypeSystemDefinition::Schema(schema) => {
                let schema = schema.node;
                roots.extend(
                    [schema.query, schema.mutation, schema.subscription]
                        .into_iter()
                        .flatten()
                        .map(|n| n.node.to_string()),
                );
            }
            TypeSystemDefinition::Type(ty) => {
                types.insert(ty.node.name.node.to_string(), ty.node.kind);
            }
            TypeSystemDefinition::Directive(_) => {}
        }
    }
    let node_kinds: Vec<String> = types
        .iter()
        .filter(|(_, kind)| matches!(kind, TypeKind::Object(o) if o.implements.iter().any(|i| i.node == "Node")))
        .map(|(name, _)| name.clone())
        .collect();
    assert!(node_kinds.len() > 10, "the Node interface has its implementors: {node_kinds:?}");

    let mut found = BTreeSet::new();
    for root in &roots {
        let Some(TypeKind::Object(object)) = types.get(root) else { panic!("root type {root} is not an object") };
        for field in &object.fields {
            let field = &field.node;
            let mut paths = Vec::new();
            for arg in &field.arguments {
                walk(&types, arg.node.name.node.to_string(), &arg.node.ty.node, &[], &mut paths);
            }
            for path in paths {
                if named(&field.ty.node) == "Node" {
                    found.extend(node_kinds.iter().map(|kind| format!("{root}.{}({path}: {kind})", field.name.node)));
                } else {
                    found.insert(format!("{root}.{}({path})", field.name.node));
                }
            }
        }
    }
    found
}

/// Fields whose ids name objects anyone may see, so there is nothing to hide.
const PUBLIC: [(&str, &str); 3] = [
    ("Query.node(id: PolicyVersion)", "published privacy-policy versions are public"),
    ("Query.nodes(ids: PolicyVersion)", "published privacy-policy versions are public"),
    ("Mutation.acknowledgePolicy(input.policyVersionId)", "everyone may acknowledge a published policy version"),
];

/// A case's variables, given the id under test.
type Vars = Box<dyn Fn(&str) -> Value>;
/// What a signed-in outsider is told: `(code, message)`.
type Told = Option<(&'static str, &'static str)>;

const SESSION_ONLY: &str = "this operation needs a signed-in session, not an API key";

/// How a case reaches the server.
enum Via {
    /// A JSON GraphQL request.
    Http,
    /// A multipart upload into the workspace the id names.
    Upload,
    /// A `graphql-transport-ws` subscription.
    Socket,
}

/// One id argument, tried with the victim's object and with a missing one of its kind.
struct Case {
    key: String,
    kind: NodeKind,
    /// The victim's object.
    victim: String,
    via: Via,
    query: &'static str,
    /// The variables, with the id under test put in.
    vars: Vars,
    /// What a signed-in outsider is told, for either id: `(code, message)`; `None` where
    /// the field answers null instead of an error.
    expect: Told,
}

struct Victims {
    workspace: String,
    owner_user: String,
    member: String,
    invitation: String,
    api_key: String,
    connection: String,
    post: String,
    target: String,
    media: String,
    webhook: String,
    consent_event: String,
    audit_entry: String,
    breach: String,
}

fn raw_id(value: &Value, what: &str) -> String {
    value.as_str().unwrap_or_else(|| panic!("{what} missing")).to_owned()
}

async fn victims(app: &TestApp, officer: &Session) -> Victims {
    let v = victim(app).await;
    let owner = &v.owner;
    let connection = app.connect_telegram(owner, &v.workspace).await;
    let (_, uploaded) = app.upload(&owner.token, &v.workspace, "p.png", postwarden_tests::PNG.to_vec()).await;
    let media = raw_id(&uploaded["data"]["uploadMedia"]["media"]["id"], "media");
    let created = app
        .gql("mutation($i: CreatePostInput!) { createPost(input: $i) { post { id targets { id } } } }")
        .var(
            "i",
            json!({ "workspaceId": v.workspace, "content": { "text": "mine", "mediaIds": [media], "targets": [{ "socialAccountId": connection }] } }),
        )
        .token(&owner.token)
        .send()
        .await;
    let post = raw_id(&created["data"]["createPost"]["post"]["id"], "post");
    let target = raw_id(&created["data"]["createPost"]["post"]["targets"][0]["id"], "target");
    let webhook = app
        .gql("mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }")
        .var(
            "i",
            json!({ "workspaceId": v.workspace, "url": "https://hooks.example.com/x", "events": ["POST_FAILED"] }),
        )
        .token(&owner.token)
        .send()
        .await;
    let webhook = raw_id(&webhook["data"]["createWebhook"]["webhook"]["id"], "webhook");
    let consent = app
        .gql("mutation($i: SetConsentInput!) { setConsent(input: $i) { event { id } } }")
        .var("i", json!({ "purposeKey": "product_updates", "granted": true }))
        .token(&owner.token)
        .send()
        .await;
    let consent_event = raw_id(&consent["data"]["setConsent"]["event"]["id"], "consent event");
    let entry = app.audit_entries("").await.first().map(|e| e.id).expect("an audit entry");
    let aware = app.clock_now();
    let breach = app
        .gql("mutation($i: RecordBreachInput!) { recordBreach(input: $i) { breach { id } } }")
        .var(
            "i",
            json!({
                "detectedAt": aware.to_rfc3339(), "becameAwareAt": aware.to_rfc3339(),
                "description": "A test incident.", "dataCategories": ["email addresses"], "subjectsEstimate": 1,
                "affectedUserIds": [owner.user_id], "riskLevel": "HIGH", "containment": "Contained.",
            }),
        )
        .token(&officer.token)
        .send()
        .await;
    Victims {
        owner_user: owner.user_id.clone(),
        workspace: v.workspace,
        member: v.member,
        invitation: v.invitation,
        api_key: v.api_key,
        connection,
        post,
        target,
        media,
        webhook,
        consent_event,
        audit_entry: GlobalId::id(NodeKind::AuditEntry, entry).to_string(),
        breach: raw_id(&breach["data"]["recordBreach"]["breach"]["id"], "breach"),
    }
}

/// What the outsider works with in their own workspace.
struct Own {
    workspace: String,
    connection: String,
    post: String,
}

fn cases(v: &Victims, own: &Own) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut add = |key: &str, kind: NodeKind, victim: &str, via: Via, query: &'static str, vars: Vars, expect: Told| {
        cases.push(Case { key: key.to_owned(), kind, victim: victim.to_owned(), via, query, vars, expect });
    };
    let not_found = |what: &'static str| Some(("NOT_FOUND", what));
    let officers_only = Some(("FORBIDDEN", "this operation needs a platform role you do not hold"));

    // Any object by its global id.
    let by_kind = [
        ("User", NodeKind::User, &v.owner_user, "user not found"),
        ("Workspace", NodeKind::Workspace, &v.workspace, "workspace not found"),
        ("Member", NodeKind::Member, &v.member, "member not found"),
        ("Invitation", NodeKind::Invitation, &v.invitation, "invitation not found"),
        ("ApiKey", NodeKind::ApiKey, &v.api_key, "API key not found"),
        ("SocialAccount", NodeKind::Connection, &v.connection, "connection not found"),
        ("Post", NodeKind::Post, &v.post, "post not found"),
        ("PostTarget", NodeKind::PostTarget, &v.target, "target not found"),
        ("Media", NodeKind::Media, &v.media, "media not found"),
        ("Webhook", NodeKind::Webhook, &v.webhook, "webhook not found"),
        ("ConsentEvent", NodeKind::ConsentEvent, &v.consent_event, "consent event not found"),
        ("AuditEntry", NodeKind::AuditEntry, &v.audit_entry, "audit entry not found"),
        ("Breach", NodeKind::Breach, &v.breach, "breach not found"),
    ];
    // `node` answers null for both, as `nodes` does; the messages are what typed lookups say.
    for (name, kind, victim, _message) in by_kind {
        add(
            &format!("Query.node(id: {name})"),
            kind,
            victim,
            Via::Http,
            "query($id: ID!) { node(id: $id) { id } }",
            Box::new(|id| json!({ "id": id })),
            None,
        );
        add(
            &format!("Query.nodes(ids: {name})"),
            kind,
            victim,
            Via::Http,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            Box::new(|id| json!({ "ids": [id] })),
            None,
        );
    }

    // Fields of one workspace.
    // Workspace collections hang off `workspace(id:)`, so this one case covers them all.
    let workspace_fields: [(&str, &'static str); 1] =
        [("Query.workspace(id)", "query($id: ID!) { workspace(id: $id) { name } }")];
    for (key, query) in workspace_fields {
        add(
            key,
            NodeKind::Workspace,
            &v.workspace,
            Via::Http,
            query,
            Box::new(|id| json!({ "id": id })),
            not_found("workspace not found"),
        );
    }
    add(
        "Subscription.postStatusChanged(workspaceId)",
        NodeKind::Workspace,
        &v.workspace,
        Via::Socket,
        "subscription($id: ID!) { postStatusChanged(workspaceId: $id) { post { id } } }",
        Box::new(|id| json!({ "id": id })),
        not_found("workspace not found"),
    );
    add(
        "Mutation.uploadMedia(input.workspaceId)",
        NodeKind::Workspace,
        &v.workspace,
        Via::Upload,
        "",
        Box::new(|id| json!(id)),
        not_found("workspace not found"),
    );

    // Officers' records: refused before any id is looked at.
    let officer_fields: [(&str, &'static str); 3] = [
        (
            "Query.consentEvents(filter.subject)",
            "query($id: ID!) { consentEvents(filter: { subject: $id }) { totalCount } }",
        ),
        ("Query.auditLog(filter.actor)", "query($id: ID!) { auditLog(filter: { actor: $id }) { totalCount } }"),
        ("Query.auditLog(filter.subject)", "query($id: ID!) { auditLog(filter: { subject: $id }) { totalCount } }"),
    ];
    for (key, query) in officer_fields {
        add(key, NodeKind::User, &v.owner_user, Via::Http, query, Box::new(|id| json!({ "id": id })), officers_only);
    }

    // Mutations, each with the rest of its input valid for the outsider.
    let w = own.workspace.clone();
    let c = own.connection.clone();
    let p = own.post.clone();
    let text_to = move |connection: &str| json!({ "text": "x", "targets": [{ "socialAccountId": connection }] });
    let mutations: Vec<(&str, NodeKind, &String, &'static str, Vars, Told)> = vec![
        (
            "Mutation.renameWorkspace(input.workspaceId)",
            NodeKind::Workspace,
            &v.workspace,
            "mutation($i: RenameWorkspaceInput!) { renameWorkspace(input: $i) { workspace { id } } }",
            Box::new(|id| json!({ "workspaceId": id, "name": "x" })),
            not_found("workspace not found"),
        ),
        (
            "Mutation.inviteMember(input.workspaceId)",
            NodeKind::Workspace,
            &v.workspace,
            "mutation($i: InviteMemberInput!) { inviteMember(input: $i) { invitation { id } } }",
            Box::new(|id| json!({ "workspaceId": id, "email": "someone@example.com", "role": "VIEWER" })),
            not_found("workspace not found"),
        ),
        (
            "Mutation.revokeInvitation(input.invitationId)",
            NodeKind::Invitation,
            &v.invitation,
            "mutation($i: RevokeInvitationInput!) { revokeInvitation(input: $i) { invitation { id } } }",
            Box::new(|id| json!({ "invitationId": id })),
            not_found("invitation not found"),
        ),
        (
            "Mutation.acceptInvitation(input.invitationId)",
            NodeKind::Invitation,
            &v.invitation,
            "mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { member { id } } }",
            Box::new(|id| json!({ "invitationId": id })),
            not_found("invitation not found"),
        ),
        (
            "Mutation.declineInvitation(input.invitationId)",
            NodeKind::Invitation,
            &v.invitation,
            "mutation($i: DeclineInvitationInput!) { declineInvitation(input: $i) { invitation { id } } }",
            Box::new(|id| json!({ "invitationId": id })),
            not_found("invitation not found"),
        ),
        (
            "Mutation.updateMemberRole(input.memberId)",
            NodeKind::Member,
            &v.member,
            "mutation($i: UpdateMemberRoleInput!) { updateMemberRole(input: $i) { member { id } } }",
            Box::new(|id| json!({ "memberId": id, "role": "VIEWER" })),
            not_found("member not found"),
        ),
        (
            "Mutation.removeMember(input.memberId)",
            NodeKind::Member,
            &v.member,
            "mutation($i: RemoveMemberInput!) { removeMember(input: $i) { removedMemberId } }",
            Box::new(|id| json!({ "memberId": id })),
            not_found("member not found"),
        ),
        (
            "Mutation.createApiKey(input.workspaceId)",
            NodeKind::Workspace,
            &v.workspace,
            "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }",
            Box::new(|id| json!({ "workspaceId": id, "name": "x", "scopes": ["CONTENT_READ"] })),
            not_found("workspace not found"),
        ),
        (
            "Mutation.revokeApiKey(input.apiKeyId)",
            NodeKind::ApiKey,
            &v.api_key,
            "mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { apiKey { id } } }",
            Box::new(|id| json!({ "apiKeyId": id })),
            not_found("API key not found"),
        ),
        (
            "Mutation.grantPlatformRole(input.userId)",
            NodeKind::User,
            &v.owner_user,
            "mutation($i: GrantPlatformRoleInput!) { grantPlatformRole(input: $i) { changed } }",
            Box::new(|id| json!({ "userId": id, "role": "ADMIN" })),
            officers_only,
        ),
        (
            "Mutation.revokePlatformRole(input.userId)",
            NodeKind::User,
            &v.owner_user,
            "mutation($i: RevokePlatformRoleInput!) { revokePlatformRole(input: $i) { changed } }",
            Box::new(|id| json!({ "userId": id, "role": "ADMIN" })),
            officers_only,
        ),
        (
            "Mutation.connectSocialAccount(input.workspaceId)",
            NodeKind::Workspace,
            &v.workspace,
            "mutation($i: ConnectSocialAccountInput!) { connectSocialAccount(input: $i) { authorizationUrl } }",
            Box::new(|id| json!({ "workspaceId": id, "platform": "X" })),
            not_found("workspace not found"),
        ),
        (
            "Mutation.connectTelegramAccount(input.workspaceId)",
            NodeKind::Workspace,
            &v.workspace,
            "mutation($i: ConnectTelegramAccountInput!) { connectTelegramAccount(input: $i) { socialAccount { id } } }",
            Box::new(
                |id| json!({ "workspaceId": id, "botToken": fakes::platform::BOT_TOKEN, "chatId": fakes::platform::CHAT_ID }),
            ),
            not_found("workspace not found"),
        ),
        (
            "Mutation.checkSocialAccount(input.socialAccountId)",
            NodeKind::Connection,
            &v.connection,
            "mutation($i: CheckSocialAccountInput!) { checkSocialAccount(input: $i) { socialAccount { id } } }",
            Box::new(|id| json!({ "socialAccountId": id })),
            not_found("connection not found"),
        ),
        (
            "Mutation.disconnectSocialAccount(input.socialAccountId)",
            NodeKind::Connection,
            &v.connection,
            "mutation($i: DisconnectSocialAccountInput!) { disconnectSocialAccount(input: $i) { disconnectedSocialAccountId } }",
            Box::new(|id| json!({ "socialAccountId": id })),
            not_found("connection not found"),
        ),
        (
            "Mutation.deleteMedia(input.mediaId)",
            NodeKind::Media,
            &v.media,
            "mutation($i: DeleteMediaInput!) { deleteMedia(input: $i) { deletedMediaId } }",
            Box::new(|id| json!({ "mediaId": id })),
            not_found("media not found"),
        ),
        (
            "Mutation.createPost(input.workspaceId)",
            NodeKind::Workspace,
            &v.workspace,
            "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } userErrors { field code message } } }",
            Box::new({
                let c = c.clone();
                move |id| json!({ "workspaceId": id, "content": text_to(&c) })
            }),
            not_found("workspace not found"),
        ),
        (
            "Mutation.createPost(input.content.mediaIds)",
            NodeKind::Media,
            &v.media,
            "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } userErrors { field code message } } }",
            Box::new({
                let (w, c) = (w.clone(), c.clone());
                move |id| json!({ "workspaceId": w, "content": { "text": "x", "mediaIds": [id], "targets": [{ "socialAccountId": c }] } })
            }),
            Some(("INVALID", "input.mediaIds.0: no such media in this workspace")),
        ),
        (
            "Mutation.createPost(input.content.targets.socialAccountId)",
            NodeKind::Connection,
            &v.connection,
            "mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } userErrors { field code message } } }",
            Box::new({
                let w = w.clone();
                move |id| json!({ "workspaceId": w, "content": text_to(id) })
            }),
            Some(("INVALID", "input.targets.0.socialAccountId: no such social account in this workspace")),
        ),
        (
            "Mutation.updatePost(input.postId)",
            NodeKind::Post,
            &v.post,
            "mutation($i: UpdatePostInput!) { updatePost(input: $i) { post { id } userErrors { field code message } } }",
            Box::new({
                let c = c.clone();
                move |id| json!({ "postId": id, "content": text_to(&c) })
            }),
            not_found("post not found"),
        ),
        (
            "Mutation.updatePost(input.content.mediaIds)",
            NodeKind::Media,
            &v.media,
            "mutation($i: UpdatePostInput!) { updatePost(input: $i) { post { id } userErrors { field code message } } }",
            Box::new({
                let (p, c) = (p.clone(), c.clone());
                move |id| json!({ "postId": p, "content": { "text": "x", "mediaIds": [id], "targets": [{ "socialAccountId": c }] } })
            }),
            Some(("INVALID", "input.mediaIds.0: no such media in this workspace")),
        ),
        (
            "Mutation.updatePost(input.content.targets.socialAccountId)",
            NodeKind::Connection,
            &v.connection,
            "mutation($i: UpdatePostInput!) { updatePost(input: $i) { post { id } userErrors { field code message } } }",
            Box::new({
                let p = p.clone();
                move |id| json!({ "postId": p, "content": text_to(id) })
            }),
            Some(("INVALID", "input.targets.0.socialAccountId: no such social account in this workspace")),
        ),
        (
            "Mutation.schedulePost(input.postId)",
            NodeKind::Post,
            &v.post,
            "mutation($i: SchedulePostInput!) { schedulePost(input: $i) { post { id } } }",
            Box::new(|id| json!({ "postId": id, "scheduledAt": "2026-12-01T09:00:00Z" })),
            not_found("post not found"),
        ),
        (
            "Mutation.publishPostNow(input.postId)",
            NodeKind::Post,
            &v.post,
            "mutation($i: PublishPostNowInput!) { publishPostNow(input: $i) { post { id } } }",
            Box::new(|id| json!({ "postId": id })),
            not_found("post not found"),
        ),
        (
            "Mutation.cancelPost(input.postId)",
            NodeKind::Post,
            &v.post,
            "mutation($i: CancelPostInput!) { cancelPost(input: $i) { post { id } } }",
            Box::new(|id| json!({ "postId": id })),
            not_found("post not found"),
        ),
        (
            "Mutation.deletePost(input.postId)",
            NodeKind::Post,
            &v.post,
            "mutation($i: DeletePostInput!) { deletePost(input: $i) { deletedPostId } }",
            Box::new(|id| json!({ "postId": id })),
            not_found("post not found"),
        ),
        (
            "Mutation.retryTarget(input.targetId)",
            NodeKind::PostTarget,
            &v.target,
            "mutation($i: RetryTargetInput!) { retryTarget(input: $i) { target { id } } }",
            Box::new(|id| json!({ "targetId": id })),
            not_found("target not found"),
        ),
        (
            "Mutation.markTargetPublished(input.targetId)",
            NodeKind::PostTarget,
            &v.target,
            "mutation($i: MarkTargetPublishedInput!) { markTargetPublished(input: $i) { target { id } } }",
            Box::new(|id| json!({ "targetId": id })),
            not_found("target not found"),
        ),
        (
            "Mutation.deleteFromPlatform(input.targetId)",
            NodeKind::PostTarget,
            &v.target,
            "mutation($i: DeleteFromPlatformInput!) { deleteFromPlatform(input: $i) { target { id } } }",
            Box::new(|id| json!({ "targetId": id })),
            not_found("target not found"),
        ),
        (
            "Mutation.recordBreach(input.affectedUserIds)",
            NodeKind::User,
            &v.owner_user,
            "mutation($i: RecordBreachInput!) { recordBreach(input: $i) { breach { id } } }",
            Box::new(|id| {
                json!({
                    "detectedAt": "2026-11-23T08:00:00Z", "becameAwareAt": "2026-11-23T08:00:00Z",
                    "description": "x", "dataCategories": ["x"], "subjectsEstimate": 1,
                    "affectedUserIds": [id], "riskLevel": "LOW", "containment": "x",
                })
            }),
            officers_only,
        ),
        (
            "Mutation.recordBreachAuthorityNotification(input.breachId)",
            NodeKind::Breach,
            &v.breach,
            "mutation($i: RecordBreachAuthorityNotificationInput!) { recordBreachAuthorityNotification(input: $i) { breach { id } } }",
            Box::new(|id| json!({ "breachId": id, "jurisdiction": "eu", "notifiedAt": "2026-11-23T09:00:00Z" })),
            officers_only,
        ),
        (
            "Mutation.reassessBreach(input.breachId)",
            NodeKind::Breach,
            &v.breach,
            "mutation($i: ReassessBreachInput!) { reassessBreach(input: $i) { breach { id } } }",
            Box::new(|id| json!({ "breachId": id, "riskLevel": "LOW" })),
            officers_only,
        ),
        (
            "Mutation.addBreachSubjects(input.breachId)",
            NodeKind::Breach,
            &v.breach,
            "mutation($i: AddBreachSubjectsInput!) { addBreachSubjects(input: $i) { added } }",
            Box::new({
                let user = v.owner_user.clone();
                move |id| json!({ "breachId": id, "userIds": [user] })
            }),
            officers_only,
        ),
        (
            "Mutation.addBreachSubjects(input.userIds)",
            NodeKind::User,
            &v.owner_user,
            "mutation($i: AddBreachSubjectsInput!) { addBreachSubjects(input: $i) { added } }",
            Box::new({
                let breach = v.breach.clone();
                move |id| json!({ "breachId": breach, "userIds": [id] })
            }),
            officers_only,
        ),
        (
            "Mutation.notifyBreachSubjects(input.breachId)",
            NodeKind::Breach,
            &v.breach,
            "mutation($i: NotifyBreachSubjectsInput!) { notifyBreachSubjects(input: $i) { noticesQueued } }",
            Box::new(|id| json!({ "breachId": id, "message": "x" })),
            officers_only,
        ),
        (
            "Mutation.createWebhook(input.workspaceId)",
            NodeKind::Workspace,
            &v.workspace,
            "mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }",
            Box::new(
                |id| json!({ "workspaceId": id, "url": "https://hooks.example.com/y", "events": ["POST_FAILED"] }),
            ),
            not_found("workspace not found"),
        ),
        (
            "Mutation.updateWebhook(input.webhookId)",
            NodeKind::Webhook,
            &v.webhook,
            "mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { webhook { id } } }",
            Box::new(|id| json!({ "webhookId": id, "url": "https://evil.example.com/x" })),
            not_found("webhook not found"),
        ),
        (
            "Mutation.rotateWebhookSecret(input.webhookId)",
            NodeKind::Webhook,
            &v.webhook,
            "mutation($i: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $i) { secret } }",
            Box::new(|id| json!({ "webhookId": id })),
            not_found("webhook not found"),
        ),
        (
            "Mutation.deleteWebhook(input.webhookId)",
            NodeKind::Webhook,
            &v.webhook,
            "mutation($i: DeleteWebhookInput!) { deleteWebhook(input: $i) { deletedWebhookId } }",
            Box::new(|id| json!({ "webhookId": id })),
            not_found("webhook not found"),
        ),
    ];
    for (key, kind, victim, query, input, expect) in mutations {
        add(key, kind, victim, Via::Http, query, Box::new(move |id| json!({ "i": input(id) })), expect);
    }
    cases
}

/// What the server answered, all of it that may differ: `data` and every error whole
/// (message, path, locations, extensions), less the id each request is given.
async fn answer(app: &TestApp, credential: &str, case: &Case, id: &str) -> Value {
    let mut answer = send_case(app, credential, case, id).await;
    for error in answer["errors"].as_array_mut().into_iter().flatten() {
        if let Some(extensions) = error["extensions"].as_object_mut() {
            extensions.remove("requestId");
        }
    }
    answer
}

async fn send_case(app: &TestApp, credential: &str, case: &Case, id: &str) -> Value {
    match case.via {
        Via::Http => {
            let mut request = app.gql(case.query).token(credential);
            for (name, value) in (case.vars)(id).as_object().into_iter().flatten() {
                request = request.var(name, value.clone());
            }
            let resp = request.send().await;
            json!({ "data": resp["data"], "errors": resp["errors"] })
        }
        Via::Upload => {
            let (status, resp) = app.upload(credential, id, "p.png", postwarden_tests::PNG.to_vec()).await;
            json!({ "status": status.as_u16(), "data": resp["data"], "errors": resp["errors"] })
        }
        Via::Socket => {
            use crate::websocket::{connect, next_json, send};
            let mut socket = connect(app).await;
            send(
                &mut socket,
                json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {credential}") } }),
            )
            .await;
            let ack = next_json(&mut socket).await.unwrap_or(Value::Null);
            assert_eq!(ack["type"], "connection_ack", "{ack}");
            send(&mut socket, json!({ "id": "s", "type": "subscribe", "payload": { "query": case.query, "variables": (case.vars)(id) } }))
                .await;
            let first = next_json(&mut socket).await.unwrap_or(Value::Null);
            json!({ "type": first["type"], "data": first["payload"]["data"], "errors": first["payload"]["errors"] })
        }
    }
}

#[tokio::test]
async fn every_id_an_outsider_sends_is_answered_as_if_nothing_had_that_id() {
    let fake = fakes::platform::FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| fake.configure(c)).await;
    let officer = app.compliance_officer("dpo@example.com").await;
    let v = victims(&app, &officer).await;

    let outsider = app.signup("outsider@example.com").await;
    let own_workspace = app.create_workspace(&outsider, "Outsider Inc").await;
    let own_connection = app.connect(&outsider, &own_workspace, "X").await;
    let own_post = app
        .gql("mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } userErrors { field code message } } }")
        .var("i", json!({ "workspaceId": own_workspace, "content": { "text": "mine", "targets": [{ "socialAccountId": own_connection }] } }))
        .token(&outsider.token)
        .send()
        .await;
    let own = Own {
        post: raw_id(&own_post["data"]["createPost"]["post"]["id"], "own post"),
        workspace: own_workspace,
        connection: own_connection,
    };
    let key = app
        .gql("mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }")
        .var(
            "i",
            json!({ "workspaceId": own.workspace, "name": "k", "scopes": ["WORKSPACE_WRITE", "CONTENT_WRITE", "CONNECTIONS_WRITE", "ANALYTICS_READ"] }),
        )
        .token(&outsider.token)
        .send()
        .await;
    let key = raw_id(&key["data"]["createApiKey"]["secret"], "key");

    let cases = cases(&v, &own);

    // Every id argument in the schema is tried, or named public with a reason.
    let in_schema = id_arguments();
    let mut tried: BTreeSet<String> = cases.iter().map(|c| c.key.clone()).collect();
    assert_eq!(tried.len(), cases.len(), "a case is listed twice");
    tried.extend(PUBLIC.iter().map(|(key, _)| (*key).to_owned()));
    let untried: Vec<_> = in_schema.difference(&tried).collect();
    assert!(untried.is_empty(), "these fields take an object id and nothing here tries them: {untried:#?}");
    let stale: Vec<_> = tried.difference(&in_schema).collect();
    assert!(stale.is_empty(), "these cases name no field the schema has: {stale:#?}");

    for case in &cases {
        let victim_kind = GlobalId::parse("id", &async_graphql::ID(case.victim.clone())).map(|g| g.kind).ok();
        assert_eq!(victim_kind, Some(case.kind), "{}: the victim's id is of another kind", case.key);
        let missing = GlobalId::id(case.kind, Uuid::now_v7()).to_string();
        for (who, credential) in [("session", outsider.token.as_str()), ("API key", key.as_str())] {
            let theirs = answer(&app, credential, case, &case.victim).await;
            let nothing = answer(&app, credential, case, &missing).await;
            assert_eq!(
                theirs, nothing,
                "{} ({who}): another workspace's object is answered unlike a missing one",
                case.key
            );
            // A payload that carries only user errors did nothing and shows nothing.
            let only_errors =
                |v: &Value| v.as_object().is_some_and(|o| o.iter().all(|(k, x)| k == "userErrors" || x.is_null()));
            let leaked = nothing["data"]
                .as_object()
                .is_some_and(|d| d.values().any(|v| !v.is_null() && *v != json!([null]) && !only_errors(v)));
            assert!(!leaked, "{} ({who}): {nothing}", case.key);
            let told = |answer: &Value| {
                let payload = answer["data"].as_object().and_then(|d| d.values().next()).cloned().unwrap_or_default();
                let user_error = &payload["userErrors"][0];
                if answer["errors"].is_null() && user_error.is_object() {
                    let field: Vec<&str> =
                        user_error["field"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                    let message =
                        format!("{}: {}", field.join("."), user_error["message"].as_str().unwrap_or_default());
                    return (user_error["code"].as_str().map(str::to_owned), Some(message));
                }
                let error = &answer["errors"][0];
                (error["extensions"]["code"].as_str().map(str::to_owned), error["message"].as_str().map(str::to_owned))
            };
            let expected = case.expect.map(|(code, message)| (Some(code.to_owned()), Some(message.to_owned())));
            match &expected {
                // A key may also be refused for not being a person; that says nothing either.
                Some(_)
                    if who == "API key" && told(&nothing) == (Some("FORBIDDEN".into()), Some(SESSION_ONLY.into())) => {}
                Some(expected) => assert_eq!(&told(&nothing), expected, "{} ({who}): {nothing}", case.key),
                None => assert!(
                    nothing["errors"].is_null() && nothing["data"].is_object(),
                    "{} ({who}): {nothing}",
                    case.key
                ),
            }
        }
    }

    // Nothing of the victim's changed.
    let check = app
        .gql("query($id: ID!) { workspace(id: $id) { name members { totalCount } } node(id: $id) { id } }")
        .var("id", json!(v.workspace))
        .token(&victim_token(&app).await)
        .send()
        .await;
    assert_eq!(check["data"]["workspace"]["name"], "Victim Co", "{check}");
    assert_eq!(check["data"]["workspace"]["members"]["totalCount"], 2, "{check}");
}

async fn victim_token(app: &TestApp) -> String {
    app.login("owner@victim.example", postwarden_tests::PASSWORD).await["data"]["login"]["sessionToken"]
        .as_str()
        .expect("victim signs in")
        .to_owned()
}

#[tokio::test]
async fn an_object_and_the_callers_role_are_read_in_one_statement_whoever_asks() {
    use std::sync::atomic::Ordering;
    let fake = fakes::platform::FakePlatform::start().await;
    let app = TestApp::spawn_with(|c| fake.configure(c)).await;
    let v = victim(&app).await;
    let connection = app.connect_telegram(&v.owner, &v.workspace).await;
    let created = app
        .gql("mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } userErrors { field code message } } }")
        .var("i", json!({ "workspaceId": v.workspace, "content": { "text": "t", "targets": [{ "socialAccountId": connection }] } }))
        .token(&v.owner.token)
        .send()
        .await;
    let post = raw_id(&created["data"]["createPost"]["post"]["id"], "post");
    let missing = GlobalId::id(NodeKind::Post, Uuid::now_v7()).to_string();
    let outsider = app.signup("outsider@example.com").await;
    let statements = |query: &'static str, vars: Value, token: String| {
        let app = &app;
        async move {
            let before = app.state.statements.load(Ordering::SeqCst);
            let mut request = app.gql(query).token(&token);
            for (name, value) in vars.as_object().into_iter().flatten() {
                request = request.var(name, value.clone());
            }
            let resp = request.send().await;
            (app.state.statements.load(Ordering::SeqCst) - before, resp)
        }
    };
    // Reading the credential, which every request pays.
    let (signed_in, _) = statements("{ __typename }", json!({}), v.owner.token.clone()).await;

    let node = "query($id: ID!) { node(id: $id) { id } }";
    let (mine, resp) = statements(node, json!({ "id": post }), v.owner.token.clone()).await;
    assert_eq!(resp["data"]["node"]["id"], json!(post), "{resp}");
    assert_eq!(mine - signed_in, 1, "the post and the owner's role in one statement");
    for (who, token, id) in [("outsider", &outsider.token, &post), ("missing", &v.owner.token, &missing)] {
        let (cost, resp) = statements(node, json!({ "id": id }), token.clone()).await;
        assert!(resp["errors"].is_null() && resp["data"]["node"].is_null(), "{who}: {resp}");
        assert_eq!(cost, mine, "{who}: refusing costs what answering does, so the count says nothing either");
    }
    let cancel = "mutation($i: CancelPostInput!) { cancelPost(input: $i) { post { id } } }";
    let (refused, resp) = statements(cancel, json!({ "i": { "postId": post } }), outsider.token.clone()).await;
    assert_eq!(error_code(&resp), Some("NOT_FOUND"), "{resp}");
    assert_eq!(refused - signed_in, 1, "an outsider is refused after one statement");
}
