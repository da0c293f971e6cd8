//! The audit log for compliance officers: filtered pages and chain verification. The CSV
//! export is a plain HTTP route (`GET /compliance/audit.csv`) with the same filters.

mod entry;
pub(crate) mod filter;
mod query;
mod report;

pub use entry::AuditEntry;
pub use filter::AuditLogFilter;
pub use query::AuditQuery;
