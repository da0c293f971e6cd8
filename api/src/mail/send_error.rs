//! The one answer every way of sending gives, so the senders need not know each other.

/// Why a send did not happen. Never holds an address or a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Try again later.
    Transient(String),
    /// Retrying cannot help (the server refused the message for good).
    Permanent(String),
}
