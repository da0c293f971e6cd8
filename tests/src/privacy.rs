//! Helpers for the privacy-engine tests: platform roles, and reading what the engine
//! queued or recorded straight from the database.

use crate::{Session, TestApp};
use compliance::audit::Actor;
use entity::{audit_log, outbox_emails, sea_orm_active_enums::PlatformRole};
use postwarden::service::{Svc, roles};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

impl TestApp {
    /// The account's UUID, as the database holds it.
    pub async fn user_uuid(&self, email: &str) -> Uuid {
        roles::user_by_email(&Svc::system(&self.state), email).await.map(|u| u.id).expect("user exists")
    }

    /// Grants a platform role the way the CLI does.
    pub async fn grant(&self, email: &str, role: PlatformRole) {
        let user_id = self.user_uuid(email).await;
        roles::grant(&Svc::system(&self.state), Actor::System, user_id, role).await.expect("role granted");
    }

    /// A fresh session for someone already registered.
    pub async fn signup_again(&self, session: &Session) -> Session {
        let login = self.login(&session.email, crate::PASSWORD).await;
        Session { token: login["data"]["login"]["sessionToken"].as_str().expect("token").to_owned(), ..session.clone() }
    }

    /// A signed-in compliance officer.
    pub async fn compliance_officer(&self, email: &str) -> Session {
        let session = self.signup(email).await;
        self.grant(email, PlatformRole::ComplianceOfficer).await;
        session
    }

    /// Queued mail of one kind, oldest first.
    pub async fn outbox(&self, kind: &str) -> Vec<outbox_emails::Model> {
        outbox_emails::Entity::find()
            .filter(outbox_emails::Column::Kind.eq(kind))
            .order_by_asc(outbox_emails::Column::Id)
            .all(&self.state.db)
            .await
            .expect("outbox rows")
    }

    /// Audit entries whose action starts with `prefix`, oldest first.
    pub async fn audit_entries(&self, prefix: &str) -> Vec<audit_log::Model> {
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.starts_with(prefix))
            .order_by_asc(audit_log::Column::Seq)
            .all(&self.state.db)
            .await
            .expect("audit rows")
    }

    /// An API key for `session` in a fresh workspace of theirs.
    pub async fn api_key(&self, session: &Session) -> String {
        let workspace = self.create_workspace(session, "Key holder").await;
        let resp = self
            .gql("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }")
            .var(
                "input",
                serde_json::json!({ "workspaceId": workspace, "name": "k", "scopes": ["WORKSPACE_WRITE", "CONTENT_WRITE", "ANALYTICS_READ"] }),
            )
            .token(&session.token)
            .send()
            .await;
        resp["data"]["createApiKey"]["secret"].as_str().expect("key secret").to_owned()
    }
}

/// Refused (`FORBIDDEN`, `NOT_FOUND` or `UNAUTHENTICATED` as given) with no data at all.
/// `node(id:)` of an object the caller may not see: null, exactly as for an id of nothing
/// (Relay's nullable `node`), and nothing else in the answer.
pub fn assert_no_node(resp: &serde_json::Value, what: &str) {
    assert!(resp["data"]["node"].is_null(), "{what}: the node leaked: {resp}");
    let code = crate::error_code(resp);
    assert!(code.is_none() || code == Some("NOT_FOUND"), "{what}: {resp}");
}

pub fn assert_refused(resp: &serde_json::Value, codes: &[&str], what: &str) {
    let code = crate::error_code(resp);
    assert!(code.is_some_and(|c| codes.contains(&c)), "{what}: expected one of {codes:?}, got {resp}");
    let leaked = resp["data"].as_object().is_some_and(|d| d.values().any(|v| !v.is_null()));
    assert!(!leaked, "{what}: data leaked: {resp}");
}
