//! The error below the edge. Constructors mirror the codes a caller can be given, so a
//! service states what went wrong and the edge alone decides how it is shown.

use super::{Problem, UserErrorCode};
use std::borrow::Cow;

/// What a problem's field path is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRoot {
    /// The operation's input: `scheduled_at` is shown as `input.scheduledAt`.
    Input,
    /// A post as stored, for problems that come from its saved content and targets:
    /// `targets.0.connection_id` is shown as `targets.0.connectionId`.
    Post,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not authenticated: {0}")]
    Unauthenticated(Cow<'static, str>),
    #[error("forbidden: {0}")]
    Forbidden(Cow<'static, str>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("invalid input: {}", summary(.problems))]
    Invalid { problems: Vec<Problem>, root: PathRoot },
    #[error("conflict: {message}")]
    Conflict { code: UserErrorCode, message: Cow<'static, str> },
    #[error("rate limited for {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error(transparent)]
    Compliance(compliance::Error),
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn summary(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; ")
}

impl Error {
    pub fn unauthenticated(message: impl Into<Cow<'static, str>>) -> Self {
        Self::Unauthenticated(message.into())
    }

    pub fn forbidden(message: impl Into<Cow<'static, str>>) -> Self {
        Self::Forbidden(message.into())
    }

    /// `what` names the kind of thing, never whether it exists elsewhere.
    pub fn not_found(what: &'static str) -> Self {
        Self::NotFound(what)
    }

    /// The object's state does not allow this.
    pub fn conflict(message: impl Into<Cow<'static, str>>) -> Self {
        Self::conflict_with(UserErrorCode::InvalidState, message)
    }

    /// A record with these values already exists.
    pub fn already_exists(message: impl Into<Cow<'static, str>>) -> Self {
        Self::conflict_with(UserErrorCode::AlreadyExists, message)
    }

    pub fn conflict_with(code: UserErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self::Conflict { code, message: message.into() }
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::RateLimited { retry_after_secs }
    }

    /// One problem with a field of the operation's input.
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::invalid(vec![Problem::new(field, message)])
    }

    /// Every problem with the input at once, so a client can show them all.
    pub fn invalid(problems: Vec<Problem>) -> Self {
        Self::Invalid { problems, root: PathRoot::Input }
    }

    /// Problems with a stored post (its paths are relative to the post).
    pub fn invalid_post(problems: Vec<Problem>) -> Self {
        Self::Invalid { problems, root: PathRoot::Post }
    }

    pub fn internal(source: impl Into<anyhow::Error>) -> Self {
        Self::Internal(source.into().into())
    }

    /// For a log line or a terminal: the error and every cause under it.
    pub fn describe(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }

    /// The problems, for code that gathers several validations into one answer.
    pub fn into_problems(self) -> Vec<Problem> {
        match self {
            Error::Invalid { problems, .. } => problems,
            Error::Compliance(compliance::Error::Invalid { field, message }) => vec![Problem::new(field, message)],
            other => vec![Problem::new(String::new(), other.to_string())],
        }
    }
}

impl From<compliance::Error> for Error {
    fn from(err: compliance::Error) -> Self {
        Self::Compliance(err)
    }
}

impl From<sea_orm::DbErr> for Error {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Compliance(compliance::Error::from(err))
    }
}

impl From<anyhow::Error> for Error {
    fn from(err: anyhow::Error) -> Self {
        Self::Internal(err.into())
    }
}
