//! The data model: one sea-orm entity per table, generated-style, with no behaviour.
//! What each column holds, in privacy terms, is classified in `compliance::data_map`.

pub mod analytics_daily;
pub mod analytics_latest;
pub mod analytics_schedules;
pub mod analytics_snapshots;
pub mod api_keys;
pub mod audit_chain_heads;
pub mod audit_log;
pub mod breach_events;
pub mod breach_subjects;
pub mod breaches;
pub mod connections;
pub mod consent_events;
pub mod idempotency_keys;
pub mod invitations;
pub mod login_throttles;
pub mod media;
pub mod memberships;
pub mod milestones;
pub mod oauth_states;
pub mod outbox_emails;
pub mod policy_acknowledgements;
pub mod policy_versions;
pub mod post_media;
pub mod post_status_history;
pub mod post_targets;
pub mod posts;
pub mod processing_restrictions;
pub mod publish_attempts;
pub mod sea_orm_active_enums;
pub mod sessions;
pub mod user_roles;
pub mod users;
pub mod vault_secrets;
pub mod webhook_deliveries;
pub mod webhooks;
pub mod workspaces;

pub use sea_orm;
