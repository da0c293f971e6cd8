//! The API's one error type. Every GraphQL error leaves with a stable `extensions.code`;
//! an internal error shows a generic message and its cause goes to the log, inside the
//! request's span, so the request id joins the two.

use super::{Error, PathRoot, UserErrorCode};
use async_graphql::ErrorExtensions;
use std::{borrow::Cow, sync::Arc};

/// The `extensions.code` of a top-level GraphQL error: what went wrong that is not the
/// caller's input to a mutation (those come back in the payload's `userErrors`). The
/// `Query` type's description and the README list the same codes; a test keeps them so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    LimitExceeded,
    Conflict,
    RateLimited,
    PersistedQueryNotFound,
    PersistedQueryRequired,
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 10] = [
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::BadUserInput,
        ErrorCode::LimitExceeded,
        ErrorCode::Conflict,
        ErrorCode::RateLimited,
        ErrorCode::PersistedQueryNotFound,
        ErrorCode::PersistedQueryRequired,
        ErrorCode::Internal,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::LimitExceeded => "LIMIT_EXCEEDED",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            ErrorCode::PersistedQueryRequired => "PERSISTED_QUERY_REQUIRED",
            ErrorCode::Internal => "INTERNAL",
        }
    }

    /// One line for a client developer; the README and the SDL say the same.
    pub const fn meaning(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "no valid session or API key came with the request",
            ErrorCode::Forbidden => "the caller is known but may not do this (role or API-key scope)",
            ErrorCode::NotFound => "the object does not exist or belongs to someone else (the two look alike)",
            ErrorCode::BadUserInput => {
                "the request itself is malformed: unparsable JSON or query, unknown fields, bad arguments (e.g. paging)"
            }
            ErrorCode::LimitExceeded => {
                "the operation is over a limit: depth, complexity, aliases, root fields, body size or upload count"
            }
            ErrorCode::Conflict => "the object's state does not allow this outside a mutation payload",
            ErrorCode::RateLimited => "too many attempts; `extensions.retryAfter` says how many seconds to wait",
            ErrorCode::PersistedQueryNotFound => "the persisted-query hash is unknown; send the query text with it",
            ErrorCode::PersistedQueryRequired => "this server runs only allow-listed persisted queries",
            ErrorCode::Internal => "a fault on the server; `extensions.requestId` names it in the logs",
        }
    }

    /// The one place an `extensions.code` is written.
    pub fn set_on(self, extensions: &mut async_graphql::ErrorExtensionValues) {
        extensions.set("code", self.as_str());
    }

    /// An error raised outside a resolver (an extension, the HTTP layer) with this code.
    pub fn server_error(self, message: impl Into<String>) -> async_graphql::ServerError {
        let mut error = async_graphql::ServerError::new(message, None);
        self.set_on(error.extensions.get_or_insert_with(Default::default));
        error
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
            err.code.set_on(ext);
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
        let cases = [
            (ErrorCode::LimitExceeded, "LIMIT_EXCEEDED"),
            (ErrorCode::PersistedQueryNotFound, "PERSISTED_QUERY_NOT_FOUND"),
            (ErrorCode::PersistedQueryRequired, "PERSISTED_QUERY_REQUIRED"),
        ];
        for (err, code) in cases {
            let value = err.server_error("x").extensions.and_then(|e| e.get("code").cloned());
            assert_eq!(value, Some(async_graphql::Value::from(code)));
        }
    }

    #[test]
    fn codes_are_distinct_and_each_has_a_meaning() {
        let names: std::collections::HashSet<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        assert!(ErrorCode::ALL.iter().all(|c| !c.meaning().is_empty()));
    }

    /// A client learns the codes from the SDL (the `Query` type's description) and the README.
    #[test]
    fn every_code_is_documented_in_the_sdl_and_the_readme() {
        let sdl = crate::graphql::sdl();
        let query_doc = sdl.split("\ntype Query {").next().and_then(|before| before.rsplit("\"\"\"").nth(1));
        let query_doc = query_doc.unwrap_or_default();
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap_or_default();
        for code in ErrorCode::ALL {
            let name = format!("`{}`", code.as_str());
            assert!(query_doc.contains(&name), "the Query description does not list {name}");
            assert!(readme.contains(&name), "the README does not list {name}");
        }
    }

    /// `extensions.code` is written only through `ErrorCode` (`set_on`, or `as_str` in a
    /// hand-built JSON body), so every code a client sees is one of `ErrorCode::ALL`.
    #[test]
    fn codes_are_only_ever_set_through_error_code() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut files);
        assert!(files.len() > 50, "the source tree was not found");
        // Spelt without the quoted word, so this test does not find itself.
        let key = format!("{q}code{q}", q = '"');
        let allowed = [format!("extensions.set({key}, self.as_str());"), format!("{key}: code.as_str()")];
        let mut offenders = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                let reads = line.matches(&format!("get({key})")).count();
                let writes = allowed.iter().map(|a| line.matches(a.as_str()).count()).sum::<usize>();
                if line.matches(key.as_str()).count() > reads + writes {
                    offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(offenders.is_empty(), "set extensions.code through ErrorCode::set_on:\n{}", offenders.join("\n"));
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
