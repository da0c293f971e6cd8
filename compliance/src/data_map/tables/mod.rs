//! The map itself, one file per area of the schema. Each table is a constant so the list
//! below reads as the table of contents.

mod accounts;
mod analytics;
mod publishing;
mod records;

use super::TableMap;

pub static TABLES: &[TableMap] = &[
    accounts::USERS,
    accounts::SESSIONS,
    accounts::IDEMPOTENCY_KEYS,
    accounts::USER_ROLES,
    accounts::LOGIN_THROTTLES,
    accounts::WORKSPACES,
    accounts::MEMBERSHIPS,
    accounts::INVITATIONS,
    accounts::API_KEYS,
    records::AUDIT_LOG,
    records::AUDIT_CHAIN_HEADS,
    records::OUTBOX_EMAILS,
    records::CONSENT_EVENTS,
    records::POLICY_VERSIONS,
    records::POLICY_ACKNOWLEDGEMENTS,
    records::BREACHES,
    records::BREACH_SUBJECTS,
    records::BREACH_EVENTS,
    records::PROCESSING_RESTRICTIONS,
    publishing::CONNECTIONS,
    publishing::OAUTH_STATES,
    publishing::VAULT_SECRETS,
    publishing::MEDIA,
    publishing::POSTS,
    publishing::POST_MEDIA,
    publishing::POST_TARGETS,
    publishing::PUBLISH_ATTEMPTS,
    publishing::POST_STATUS_HISTORY,
    publishing::WEBHOOKS,
    publishing::WEBHOOK_DELIVERIES,
    analytics::ANALYTICS_SNAPSHOTS,
    analytics::ANALYTICS_LATEST,
    analytics::ANALYTICS_DAILY,
    analytics::ANALYTICS_SCHEDULES,
    analytics::MILESTONES,
];
