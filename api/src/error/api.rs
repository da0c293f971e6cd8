//! The API's one error type. Every GraphQL error leaves with a stable `extensions.code`;
//! an internal error shows a generic message and its cause goes to the log, inside the
//! request's span, so the request id joins the two.

use super::{Error, PathRoot, UserErrorCode};
use async_graphql::ErrorExtensions;
use std::{borrow::Cow, sync::Arc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    Internal,
}

impl ErrorCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

/// One problem with the input, at a path such as `input.targets.0.text`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub field: String,
    pub message: String,
    pub code: UserErrorCode,
}

impl Problem {
    /// A malformed or out-of-range value.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::with_code(UserErrorCode::Invalid, field, message)
    }

    pub fn with_code(code: UserErrorCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into(), code }
    }
}

/// Deliberately not `Display`: async-graphql converts any `Display` into an error without a
/// code, and this type must only leave through the conversion below.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: Cow<'static, str>,
    pub problems: Vec<Problem>,
    /// For a conflict: what kind, for the payload's `userErrors`.
    pub conflict: UserErrorCode,
    pub retry_after_secs: Option<u64>,
    source: Option<Arc<anyhow::Error>>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            code,
            message: message.into(),
            problems: Vec::new(),
            conflict: UserErrorCode::InvalidState,
            retry_after_secs: None,
            source: None,
        }
    }

    pub fn unauthenticated(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorCode::Unauthenticated, message)
    }

    pub fn forbidden(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    /// `what` names the kind of thing, never whether it exists elsewhere.
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn conflict(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    pub fn conflict_with(kind: UserErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self { conflict: kind, ..Self::new(ErrorCode::Conflict, message) }
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs),
            ..Self::new(ErrorCode::RateLimited, "too many attempts; try again later")
        }
    }

    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::invalid(vec![Problem::new(field, message)])
    }

    /// Every problem at once, so a client can show them all.
    pub fn invalid(problems: Vec<Problem>) -> Self {
        let message = match problems.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            many => format!("{} problems with the input", many.len()),
        };
        Self { problems, ..Self::new(ErrorCode::BadUserInput, message) }
    }

    /// For a terminal: the message and, for internal errors, the cause.
    pub fn describe(&self) -> String {
        match &self.source {
            Some(source) => format!("{}: {source:#}", self.message),
            None => self.message.to_string(),
        }
    }

    pub fn internal(source: impl Into<anyhow::Error>) -> Self {
        Self { source: Some(Arc::new(source.into())), ..Self::new(ErrorCode::Internal, "internal error") }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        compliance::Error::from(err).into()
    }
}

impl From<compliance::Error> for ApiError {
    fn from(err: compliance::Error) -> Self {
        match err {
            compliance::Error::NotFound(what) => ApiError::not_found(what),
            compliance::Error::Invalid { field, message } => ApiError::bad_input(input_path(&field), message),
            compliance::Error::Conflict(message) => ApiError::conflict(message),
            compliance::Error::AlreadyExists(message) => ApiError::conflict_with(UserErrorCode::AlreadyExists, message),
            other => ApiError::internal(other),
        }
    }
}

/// The one place a domain error becomes what a caller sees.
impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        match err {
            Error::Unauthenticated(message) => ApiError::unauthenticated(message),
            Error::Forbidden(message) => ApiError::forbidden(message),
            Error::NotFound(what) => ApiError::not_found(what),
            Error::Invalid { problems, root } => ApiError::invalid(
                problems
                    .into_iter()
                    .map(|p| Problem {
                        field: match root {
                            PathRoot::Input => input_path(&p.field),
                            PathRoot::Post => camel_path(&p.field),
                        },
                        ..p
                    })
                    .collect(),
            ),
            Error::Conflict { code, message } => ApiError::conflict_with(code, message),
            Error::RateLimited { retry_after_secs } => ApiError::rate_limited(retry_after_secs),
            Error::Compliance(err) => err.into(),
            Error::Internal(source) => ApiError::internal(anyhow::Error::from_boxed(source)),
        }
    }
}

/// A domain field (`targets.0.connection_id`) as the GraphQL input path
/// (`input.targets.0.connectionId`); the empty field is the input as a whole.
pub fn input_path(field: &str) -> String {
    if field.is_empty() { "input".to_owned() } else { format!("input.{}", camel_path(field)) }
}

/// Each snake_case segment of a path in lowerCamelCase; indexes stay as they are.
pub fn camel_path(field: &str) -> String {
    field
        .split('.')
        .map(|segment| {
            let mut out = String::with_capacity(segment.len());
            let mut upper = false;
            for ch in segment.chars() {
                if ch == '_' {
                    upper = true;
                } else if upper {
                    out.extend(ch.to_uppercase());
                    upper = false;
                } else {
                    out.push(ch);
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(".")
}

impl From<ApiError> for async_graphql::Error {
    fn from(err: ApiError) -> Self {
        if let Some(source) = &err.source {
            tracing::error!(error = ?source, "internal error");
        }
        let problems = err.problems;
        let retry_after = err.retry_after_secs;
        async_graphql::Error::new(err.message).extend_with(|_, ext| {
            ext.set("code", err.code.as_str());
            if let Some(first) = problems.first() {
                ext.set("field", first.field.clone());
            }
            if !problems.is_empty() {
                let list = problems
                    .iter()
                    .map(|p| {
                        let mut map = async_graphql::indexmap::IndexMap::new();
                        map.insert(async_graphql::Name::new("field"), async_graphql::Value::from(p.field.clone()));
                        map.insert(async_graphql::Name::new("message"), async_graphql::Value::from(p.message.clone()));
                        async_graphql::Value::Object(map)
                    })
                    .collect::<Vec<_>>();
                ext.set("problems", async_graphql::Value::List(list));
            }
            if let Some(secs) = retry_after {
                ext.set("retryAfter", secs);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(err: async_graphql::Error) -> Option<String> {
        let value = err.extensions?.get("code")?.clone();
        match value {
            async_graphql::Value::String(code) => Some(code),
            _ => None,
        }
    }

    #[test]
    fn every_constructor_maps_to_its_code() {
        let cases = [
            (ApiError::unauthenticated("x"), "UNAUTHENTICATED"),
            (ApiError::forbidden("x"), "FORBIDDEN"),
            (ApiError::not_found("workspace"), "NOT_FOUND"),
            (ApiError::bad_input("input.email", "malformed"), "BAD_USER_INPUT"),
            (ApiError::conflict("x"), "CONFLICT"),
            (ApiError::rate_limited(60), "RATE_LIMITED"),
            (ApiError::internal(anyhow::anyhow!("db down at 10.0.0.3")), "INTERNAL"),
        ];
        for (err, code) in cases {
            assert_eq!(code_of(err.into()).as_deref(), Some(code));
        }
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let err: async_graphql::Error = ApiError::internal(anyhow::anyhow!("password=hunter2")).into();
        assert_eq!(err.message, "internal error");
    }

    #[test]
    fn domain_fields_become_input_paths_at_the_edge() {
        assert_eq!(input_path("targets.0.connection_id"), "input.targets.0.connectionId");
        assert_eq!(input_path("date_of_birth"), "input.dateOfBirth");
        assert_eq!(input_path(""), "input");
        let err: ApiError = Error::bad_input("scheduled_at", "must be in the future").into();
        assert_eq!(err.problems[0].field, "input.scheduledAt");
        let err: ApiError = Error::invalid_post(vec![Problem::new("targets.1.connection_id", "x")]).into();
        assert_eq!(err.problems[0].field, "targets.1.connectionId");
        let err: ApiError = Error::from(compliance::Error::invalid("notified_at", "in the future")).into();
        assert_eq!(err.problems[0].field, "input.notifiedAt");
    }

    #[test]
    fn internal_causes_survive_the_conversion_for_the_log() {
        let db = sea_orm::DbErr::Custom("connection reset by peer".into());
        let err: ApiError = Error::internal(anyhow::Error::new(db).context("saving the post")).into();
        assert_eq!(err.code, ErrorCode::Internal);
        assert!(err.describe().contains("connection reset by peer"), "{}", err.describe());
    }

    #[test]
    fn unique_violations_become_conflicts() {
        let err: ApiError = compliance::Error::Conflict("taken".into()).into();
        assert_eq!(err.code, ErrorCode::Conflict);
    }

    #[test]
    fn bad_input_names_the_field() {
        let err: async_graphql::Error = ApiError::bad_input("input.email", "malformed").into();
        let field = err.extensions.and_then(|e| e.get("field").cloned());
        assert_eq!(field, Some(async_graphql::Value::from("input.email")));
    }
}
