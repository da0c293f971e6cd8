//! What a caller can fix, by kind: the `code` of a mutation payload's `userErrors`.
//! A client branches on these; the message is for people and may change.

/// The kind of a problem with a mutation's input that the caller can fix.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[graphql(name = "UserErrorCode")]
pub enum UserErrorCode {
    /// A value is malformed, out of range, too long, or missing where it is required.
    Invalid,
    /// The content breaks a rule of the platform it is meant for (length, media count or
    /// type, a missing title); `field` points at the part of the post to change.
    PlatformRule,
    /// A social account named by the input cannot be posted to until it is reconnected.
    AccountNeedsReconnect,
    /// The object is in a state that does not allow this (for example, editing a post
    /// that is already publishing); reload it and decide again.
    InvalidState,
    /// A limit on how many of these a workspace may have is reached.
    LimitReached,
    /// A record with these values already exists (for example, the same email or name).
    AlreadyExists,
    /// The idempotency key was used before with a different input; use a new key for a
    /// new operation.
    IdempotencyKeyReused,
    /// A request with this idempotency key is still running; retry a little later.
    IdempotencyKeyInUse,
    /// The platform refused what was asked (for example, a bot token it does not know).
    PlatformRefused,
}
