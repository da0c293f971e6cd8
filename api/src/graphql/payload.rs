//! Mutation payloads: what the caller can fix comes back in `userErrors`, typed by code;
//! everything else (not signed in, not allowed, not found, limits, internal) stays a
//! top-level error. Payloads are nullable so a refused mutation nulls only its own field.

use crate::error::{ApiError, ApiResult, ErrorCode, Problem, UserErrorCode};
use async_graphql::SimpleObject;
use std::future::Future;

/// A problem with a mutation's input that the caller can fix.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    /// The path to the input field at fault, one segment per entry (for example
    /// `["input", "targets", "0", "text"]`); null when the problem is not one field's.
    pub field: Option<Vec<String>>,
    /// What is wrong, for a person to read.
    pub message: String,
    /// What is wrong, for a client to branch on.
    pub code: UserErrorCode,
}

impl UserError {
    pub fn new(code: UserErrorCode, field: Option<&str>, message: impl Into<String>) -> Self {
        Self { field: field.filter(|f| !f.is_empty()).map(split_path), message: message.into(), code }
    }
}

impl From<Problem> for UserError {
    fn from(p: Problem) -> Self {
        Self::new(p.code, Some(&p.field), p.message)
    }
}

fn split_path(path: &str) -> Vec<String> {
    path.split('.').map(str::to_owned).collect()
}

/// A mutation's payload: its result fields are nullable and it carries `userErrors`.
pub trait Payload: Default {
    fn user_errors_mut(&mut self) -> &mut Vec<UserError>;

    fn failed(errors: Vec<UserError>) -> Self {
        let mut payload = Self::default();
        *payload.user_errors_mut() = errors;
        payload
    }
}

/// Implements [`Payload`] for structs with a `user_errors: Vec<UserError>` field.
#[macro_export]
macro_rules! payload {
    ($($ty:ty),+ $(,)?) => {
        $(impl $crate::graphql::payload::Payload for $ty {
            fn user_errors_mut(&mut self) -> &mut Vec<$crate::graphql::payload::UserError> {
                &mut self.user_errors
            }
        })+
    };
}

/// What a mutation resolver returns.
pub type PayloadResult<P> = async_graphql::Result<Option<P>>;

/// Runs a mutation's body and sorts its failure: input problems and conflicts become the
/// payload's `userErrors`, anything else a top-level error.
pub async fn settle<P: Payload>(body: impl Future<Output = ApiResult<P>>) -> PayloadResult<P> {
    match body.await {
        Ok(payload) => Ok(Some(payload)),
        Err(err) => match user_errors(&err) {
            Some(errors) => Ok(Some(P::failed(errors))),
            None => Err(err.into()),
        },
    }
}

/// The user errors an error stands for, or `None` when it is not the caller's to fix.
pub fn user_errors(err: &ApiError) -> Option<Vec<UserError>> {
    match err.code {
        ErrorCode::BadUserInput if err.problems.is_empty() => {
            Some(vec![UserError::new(UserErrorCode::Invalid, None, err.message.to_string())])
        }
        ErrorCode::BadUserInput => Some(err.problems.iter().cloned().map(UserError::from).collect()),
        ErrorCode::Conflict => Some(vec![UserError::new(err.conflict, None, err.message.to_string())]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, SimpleObject)]
    struct Sample {
        value: Option<i32>,
        user_errors: Vec<UserError>,
    }
    crate::payload!(Sample);

    #[tokio::test]
    async fn input_problems_and_conflicts_become_user_errors() {
        let bad = settle(async { Err::<Sample, _>(ApiError::bad_input("input.targets.0.text", "too long")) }).await;
        let errors = bad.ok().flatten().expect("a payload").user_errors;
        assert_eq!(
            errors[0].field.as_deref(),
            Some(&["input".to_owned(), "targets".into(), "0".into(), "text".into()][..])
        );
        assert_eq!(errors[0].code, UserErrorCode::Invalid);

        let taken = settle(async { Err::<Sample, _>(ApiError::conflict_with(UserErrorCode::AlreadyExists, "taken")) });
        let errors = taken.await.ok().flatten().expect("a payload").user_errors;
        assert_eq!((errors[0].code, errors[0].field.clone()), (UserErrorCode::AlreadyExists, None));
    }

    #[tokio::test]
    async fn other_errors_stay_top_level() {
        for err in [ApiError::unauthenticated("x"), ApiError::forbidden("x"), ApiError::not_found("post")] {
            assert!(settle(async { Err::<Sample, _>(err) }).await.is_err());
        }
        let ok = settle(async { Ok(Sample { value: Some(1), user_errors: vec![] }) }).await;
        assert_eq!(ok.ok().flatten().and_then(|p| p.value), Some(1));
    }
}
