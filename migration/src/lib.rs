//! Schema migrations. Every migration is written with the portable sea-query builders so it
//! runs unchanged on SQLite and PostgreSQL; see `README.md` beside this crate for the rules
//! on changing a schema that two versions of the service may share.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_workspaces;
mod m20261123_000003_audit_log;
mod m20261123_000004_outbox;
mod m20261124_100001_consent_ledger;
mod m20261124_100002_policy_versions;
mod m20261124_100003_breach_register;
mod m20261124_200001_connections;
mod m20261124_200002_content;
mod m20261124_400001_analytics;
mod m20261130_000001_analytics_retention;
mod m20261201_000001_connections_owner;
mod m20261202_000001_idempotency_keys;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_workspaces::Migration),
            Box::new(m20261123_000003_audit_log::Migration),
            Box::new(m20261123_000004_outbox::Migration),
            Box::new(m20261124_100001_consent_ledger::Migration),
            Box::new(m20261124_100002_policy_versions::Migration),
            Box::new(m20261124_100003_breach_register::Migration),
            Box::new(m20261124_200001_connections::Migration),
            Box::new(m20261124_200002_content::Migration),
            Box::new(m20261124_400001_analytics::Migration),
            Box::new(m20261130_000001_analytics_retention::Migration),
            Box::new(m20261201_000001_connections_owner::Migration),
            Box::new(m20261202_000001_idempotency_keys::Migration),
        ]
    }
}
