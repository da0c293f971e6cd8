//! Which error type is used where.
//!
//! - Below the edge (services, the publishing worker, analytics pulls, jobs, mail, the
//!   vault and the CLI's operations) everything returns [`Error`] through [`Result`]: a
//!   thiserror enum that wraps `compliance::Error` and `DbErr` and keeps the cause chain,
//!   so a log line or a terminal shows why something failed. Input problems name domain
//!   fields (`scheduled_at`, `targets.0.connection_id`), never GraphQL argument paths.
//! - At the edge (resolvers and HTTP routes) a domain error becomes an [`ApiError`] once,
//!   through `From`: that is where a domain field becomes an input path
//!   (`input.scheduledAt`), where each error gets its stable `extensions.code`, and where an
//!   internal cause is logged and replaced by a generic message.
//! - `anyhow` stays for start-up and the top of jobs, where an error is only reported.

mod api;
mod domain;
mod user_code;

pub use api::{ApiError, ApiResult, ErrorCode, Problem, camel_path, input_path};
pub use domain::{Error, PathRoot, Result};
pub use user_code::UserErrorCode;
