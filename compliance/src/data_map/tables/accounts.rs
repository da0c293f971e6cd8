//! Accounts, sign-in, workspaces and their members.

use super::super::{
    Category::*,
    Export::*,
    Reach::*,
    ReferenceRule::SetNull,
    RowAction::*,
    Subject::*,
    TableMap,
    classes::{col, ctx, given, names, np, secret, seen, user_id},
};

pub const USERS: TableMap = TableMap {
    table: "users",
    subject: Person { reach: &[Direct { column: "id" }], rows: Delete },
    columns: &[
        user_id("id"),
        given("email", Contact),
        // Derived from `email` for look-ups; the export carries the address as given.
        seen("email_normalized", Contact),
        given("display_name", Profile),
        secret("password_hash"),
        seen("age_basis", Behavioural),
        seen("age_attested_at", Behavioural),
        seen("created_at", Behavioural),
        np("updated_at"),
        seen("password_changed_at", Behavioural),
        seen("last_login_at", Behavioural),
    ],
};

pub const SESSIONS: TableMap = TableMap {
    table: "sessions",
    subject: Person { reach: &[Direct { column: "user_id" }], rows: Delete },
    columns: &[
        np("id"),
        user_id("user_id"),
        secret("token_hash"),
        seen("created_at", Behavioural),
        ctx("expires_at", Access),
        seen("last_used_at", Behavioural),
    ],
};

pub const IDEMPOTENCY_KEYS: TableMap = TableMap {
    table: "idempotency_keys",
    subject: Person { reach: &[Direct { column: "user_id" }], rows: Delete },
    columns: &[
        np("id"),
        user_id("user_id"),
        ctx("operation", Neither),
        // Chosen by the client, usually random; kept a day.
        ctx("key", Neither),
        np("request_hash"),
        np("result_key_id"),
        // Ids of what the mutation made, and once an API key's secret: sealed, never exported.
        secret("result_sealed"),
        seen("created_at", Behavioural),
        np("completed_at"),
    ],
};

pub const USER_ROLES: TableMap = TableMap {
    table: "user_roles",
    subject: Person { reach: &[Direct { column: "user_id" }], rows: Delete },
    columns: &[
        np("id"),
        user_id("user_id"),
        ctx("role", Access),
        names("granted_by", SetNull),
        seen("granted_at", Behavioural),
    ],
};

pub const LOGIN_THROTTLES: TableMap = TableMap {
    table: "login_throttles",
    subject: NoOne {
        reason: "keyed by a SHA-256 of the normalised email or of the client address, never by user id, \
                 and expired within the hour: erasure lets the window run out",
    },
    columns: &[col("key", Pseudonym, Neither), np("failures"), np("window_started_at"), np("locked_until")],
};

pub const WORKSPACES: TableMap = TableMap {
    table: "workspaces",
    subject: NoOne {
        reason: "shared by its members, each tied to it by their `memberships` row; a workspace left \
                 without members by an erasure is deleted, and everything in it with it",
    },
    columns: &[
        ctx("id", Access),
        given("name", Content),
        names("created_by", SetNull),
        np("created_at"),
        np("updated_at"),
    ],
};

pub const MEMBERSHIPS: TableMap = TableMap {
    table: "memberships",
    subject: Person { reach: &[Direct { column: "user_id" }], rows: Delete },
    columns: &[
        np("id"),
        ctx("workspace_id", Access),
        user_id("user_id"),
        ctx("role", Access),
        seen("created_at", Behavioural),
    ],
};

pub const INVITATIONS: TableMap = TableMap {
    table: "invitations",
    subject: Person { reach: &[ByEmail { column: "email_normalized" }], rows: Delete },
    columns: &[
        np("id"),
        ctx("workspace_id", Access),
        seen("email_normalized", Contact),
        ctx("role", Access),
        ctx("status", Access),
        names("invited_by", SetNull),
        seen("created_at", Behavioural),
        np("expires_at"),
        seen("responded_at", Behavioural),
    ],
};

pub const API_KEYS: TableMap = TableMap {
    table: "api_keys",
    subject: Person { reach: &[Direct { column: "user_id" }], rows: Delete },
    columns: &[
        np("id"),
        ctx("workspace_id", Access),
        user_id("user_id"),
        given("name", Content),
        // The public part of the key, shown to tell keys apart; the secret is the hash.
        ctx("prefix", Access),
        secret("secret_hash"),
        given("scopes", Content),
        seen("created_at", Behavioural),
        given("expires_at", Content),
        seen("last_used_at", Behavioural),
        seen("revoked_at", Behavioural),
    ],
};
