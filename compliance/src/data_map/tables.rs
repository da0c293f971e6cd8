use super::{Category::*, Erasure::*, TableMap, col};

pub static TABLES: &[TableMap] = &[
    TableMap {
        table: "users",
        subject_column: Some("id"),
        columns: &[
            col("id", Identifier, Delete),
            col("email", Contact, Delete),
            col("email_normalized", Contact, Delete),
            col("display_name", Identifier, Delete),
            col("password_hash", Credential, Delete),
            col("age_basis", Behavioural, Delete),
            col("age_attested_at", Behavioural, Delete),
            col("created_at", Behavioural, Delete),
            col("updated_at", NotPersonal, Delete),
            col("password_changed_at", Behavioural, Delete),
            col("last_login_at", Behavioural, Delete),
        ],
    },
    TableMap {
        table: "sessions",
        subject_column: Some("user_id"),
        columns: &[
            col("id", NotPersonal, Delete),
            col("user_id", Identifier, Delete),
            col("token_hash", Credential, Delete),
            col("created_at", Behavioural, Delete),
            col("expires_at", NotPersonal, Delete),
            col("last_used_at", Behavioural, Delete),
        ],
    },
    TableMap {
        table: "user_roles",
        subject_column: Some("user_id"),
        columns: &[
            col("id", NotPersonal, Delete),
            col("user_id", Identifier, Delete),
            col("role", NotPersonal, Delete),
            col("granted_by", Identifier, Anonymise),
            col("granted_at", NotPersonal, Delete),
        ],
    },
    TableMap {
        table: "login_throttles",
        subject_column: None,
        columns: &[
            // A SHA-256 of the normalised email or of the client address: pseudonymous, and
            // short-lived by design (the window expires within the hour).
            col("key", Identifier, Delete),
            col("failures", Behavioural, Delete),
            col("window_started_at", Behavioural, Delete),
            col("locked_until", Behavioural, Delete),
        ],
    },
    TableMap {
        table: "workspaces",
        subject_column: None,
        columns: &[
            col("id", NotPersonal, Keep),
            col("name", Content, Keep),
            col("created_by", Identifier, Anonymise),
            col("created_at", NotPersonal, Keep),
            col("updated_at", NotPersonal, Keep),
        ],
    },
    TableMap {
        table: "memberships",
        subject_column: Some("user_id"),
        columns: &[
            col("id", NotPersonal, Delete),
            col("workspace_id", NotPersonal, Delete),
            col("user_id", Identifier, Delete),
            col("role", NotPersonal, Delete),
            col("created_at", Behavioural, Delete),
        ],
    },
    TableMap {
        table: "invitations",
        subject_column: None,
        columns: &[
            col("id", NotPersonal, Delete),
            col("workspace_id", NotPersonal, Delete),
            col("email_normalized", Contact, Delete),
            col("role", NotPersonal, Delete),
            col("status", NotPersonal, Delete),
            col("invited_by", Identifier, Anonymise),
            col("created_at", NotPersonal, Delete),
            col("expires_at", NotPersonal, Delete),
            col("responded_at", Behavioural, Delete),
        ],
    },
    TableMap {
        table: "api_keys",
        subject_column: Some("user_id"),
        columns: &[
            col("id", NotPersonal, Delete),
            col("workspace_id", NotPersonal, Delete),
            col("user_id", Identifier, Delete),
            col("name", Content, Delete),
            col("prefix", NotPersonal, Delete),
            col("secret_hash", Credential, Delete),
            col("scopes", NotPersonal, Delete),
            col("created_at", Behavioural, Delete),
            col("expires_at", NotPersonal, Delete),
            col("last_used_at", Behavioural, Delete),
            col("revoked_at", Behavioural, Delete),
        ],
    },
    TableMap {
        // The accountability record (GDPR Art. 5(2)) is kept; it holds ids, never values.
        table: "audit_log",
        subject_column: Some("subject_id"),
        columns: &[
            col("seq", NotPersonal, Keep),
            col("id", NotPersonal, Keep),
            col("occurred_at", NotPersonal, Keep),
            col("actor_kind", NotPersonal, Keep),
            col("actor_id", Identifier, Keep),
            col("action", NotPersonal, Keep),
            col("subject_id", Identifier, Keep),
            col("object_type", NotPersonal, Keep),
            col("object_id", NotPersonal, Keep),
            col("detail", NotPersonal, Keep),
            col("request_id", NotPersonal, Keep),
            col("prev_hash", NotPersonal, Keep),
            col("hash", NotPersonal, Keep),
        ],
    },
    TableMap {
        table: "audit_chain_heads",
        subject_column: None,
        columns: &[
            col("chain", NotPersonal, Keep),
            col("last_seq", NotPersonal, Keep),
            col("last_hash", NotPersonal, Keep),
        ],
    },
];
