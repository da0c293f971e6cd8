use sea_orm::{DbErr, SqlErr};

/// The engine's error. The API converts it once, at its edge, into a GraphQL error code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    /// A unique value is taken.
    #[error("{0}")]
    AlreadyExists(String),
    #[error("audit chain head `{0}` is missing")]
    ChainHeadMissing(String),
    #[error("internal: {0}")]
    Internal(String),
    #[error("database error")]
    Db(#[source] DbErr),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid { field: field.into(), message: message.into() }
    }
}

impl From<DbErr> for Error {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                Self::AlreadyExists("a record with these values already exists".into())
            }
            _ => Self::Db(err),
        }
    }
}
