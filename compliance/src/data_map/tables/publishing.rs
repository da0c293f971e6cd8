//! Connected accounts, their secrets, content and its delivery, and webhooks.

use super::super::{
    Category::*,
    Export::*,
    Reach::*,
    ReferenceRule::SetNull,
    RowAction::*,
    Subject::*,
    TableMap,
    classes::{ctx, given, names, np, secret, seen, user_id},
};

pub const CONNECTIONS: TableMap = TableMap {
    // The person's platform account, even in a shared workspace: it goes with them, after
    // the grant is revoked at the platform.
    table: "connections",
    subject: Person { reach: &[Direct { column: "connected_by" }], rows: Delete },
    columns: &[
        np("id"),
        ctx("workspace_id", Access),
        ctx("platform", Access),
        seen("platform_account_id", PlatformId),
        seen("account_name", PlatformId),
        seen("avatar_url", PlatformId),
        ctx("scopes", Access),
        ctx("status", Access),
        np("status_reason"),
        user_id("connected_by"),
        seen("connected_at", Behavioural),
        np("updated_at"),
        seen("last_refreshed_at", Behavioural),
        np("expires_at"),
        np("refresh_expires_at"),
        np("can_refresh"),
        np("lease_until"),
    ],
};

pub const OAUTH_STATES: TableMap = TableMap {
    // Ten-minute OAuth handshakes; expired ones are swept.
    table: "oauth_states",
    subject: Person { reach: &[Direct { column: "user_id" }], rows: Delete },
    columns: &[
        np("id"),
        secret("state_hash"),
        user_id("user_id"),
        np("workspace_id"),
        np("platform"),
        seen("created_at", Behavioural),
        np("expires_at"),
    ],
};

pub const VAULT_SECRETS: TableMap = TableMap {
    // Encrypted platform tokens go with their connection or handshake. A webhook's signing
    // secret (`webhook_id`) is the workspace's, not a person's, so it is no path to one.
    table: "vault_secrets",
    subject: Person {
        reach: &[
            Parent { column: "connection_id", table: "connections", parent_column: "id" },
            Parent { column: "oauth_state_id", table: "oauth_states", parent_column: "id" },
        ],
        rows: FollowParent,
    },
    columns: &[
        np("id"),
        np("connection_id"),
        np("oauth_state_id"),
        np("webhook_id"),
        np("field"),
        np("key_id"),
        secret("ciphertext"),
        np("created_at"),
        np("updated_at"),
    ],
};

pub const MEDIA: TableMap = TableMap {
    // Uploaded files' metadata; the objects themselves live in the media store.
    table: "media",
    subject: Person {
        reach: &[Direct { column: "uploaded_by" }],
        rows: DeleteUnlessShared { workspace_column: "workspace_id" },
    },
    columns: &[
        ctx("id", Both),
        ctx("workspace_id", Access),
        user_id("uploaded_by").refers(SetNull),
        np("storage_key"),
        given("original_filename", Content),
        given("content_type", Content),
        given("size_bytes", Content),
        given("sha256", Content),
        given("width", Content),
        given("height", Content),
        given("duration_ms", Content),
        seen("uploaded_at", Behavioural),
        np("processed_at"),
        np("purged_at"),
    ],
};

pub const POSTS: TableMap = TableMap {
    table: "posts",
    subject: Person {
        reach: &[Direct { column: "author_id" }],
        rows: DeleteUnlessShared { workspace_column: "workspace_id" },
    },
    columns: &[
        ctx("id", Both),
        ctx("workspace_id", Access),
        user_id("author_id").refers(SetNull),
        given("text", Content),
        given("title", Content),
        given("description", Content),
        given("hashtags", Content),
        given("links", Content),
        ctx("status", Both),
        given("scheduled_at", Content),
        np("sort_at"),
        given("time_zone", Content),
        seen("created_at", Behavioural),
        np("updated_at"),
        seen("published_at", Behavioural),
    ],
};

pub const POST_MEDIA: TableMap = TableMap {
    // Which files a post carries: the person's when either the post or the file is.
    table: "post_media",
    subject: Person {
        reach: &[
            Parent { column: "post_id", table: "posts", parent_column: "id" },
            Parent { column: "media_id", table: "media", parent_column: "id" },
        ],
        rows: FollowParent,
    },
    columns: &[ctx("post_id", Both), ctx("media_id", Both), ctx("position", Both)],
};

pub const POST_TARGETS: TableMap = TableMap {
    // A post's delivery to one connection. It follows the post; when the connection goes
    // first, the target stays with the post and loses its connection (`ON DELETE SET NULL`).
    table: "post_targets",
    subject: Person { reach: &[Parent { column: "post_id", table: "posts", parent_column: "id" }], rows: FollowParent },
    columns: &[
        np("id"),
        ctx("post_id", Both),
        np("workspace_id"),
        np("connection_id"),
        ctx("platform", Both),
        given("overrides", Content),
        ctx("status", Access),
        seen("due_at", Behavioural),
        np("next_attempt_at"),
        np("lease_until"),
        np("lease_owner"),
        np("attempts"),
        np("idempotency_key"),
        seen("remote_id", PlatformId),
        seen("remote_url", PlatformId),
        np("last_error"),
        seen("published_at", Behavioural),
        seen("removed_from_platform_at", Behavioural),
        np("updated_at"),
    ],
};

pub const PUBLISH_ATTEMPTS: TableMap = TableMap {
    table: "publish_attempts",
    subject: Person {
        reach: &[Parent { column: "target_id", table: "post_targets", parent_column: "id" }],
        rows: FollowParent,
    },
    columns: &[
        np("id"),
        np("target_id"),
        np("idempotency_key"),
        np("attempt"),
        np("worker"),
        np("started_at"),
        np("finished_at"),
        np("outcome"),
        np("http_status"),
        seen("remote_id", PlatformId),
        seen("remote_url", PlatformId),
        np("error"),
    ],
};

pub const POST_STATUS_HISTORY: TableMap = TableMap {
    // `target_id` has no foreign key, so the history reaches the person through its post.
    table: "post_status_history",
    subject: Person { reach: &[Parent { column: "post_id", table: "posts", parent_column: "id" }], rows: FollowParent },
    columns: &[
        np("id"),
        np("workspace_id"),
        ctx("post_id", Access),
        np("target_id"),
        ctx("from_status", Access),
        ctx("to_status", Access),
        np("reason"),
        seen("at", Behavioural),
    ],
};

pub const WEBHOOKS: TableMap = TableMap {
    table: "webhooks",
    subject: NoOne { reason: "a workspace's configuration, kept for its members; its creator is only named" },
    columns: &[
        np("id"),
        np("workspace_id"),
        // Receiver URLs often carry a token in the path or query: a secret, never exported.
        secret("url"),
        np("events"),
        np("active"),
        names("created_by", SetNull),
        np("created_at"),
        np("secret_rotated_at"),
    ],
};

pub const WEBHOOK_DELIVERIES: TableMap = TableMap {
    table: "webhook_deliveries",
    subject: NoOne {
        reason: "deliveries of a workspace's webhooks; bodies carry ids and statuses of posts, not their text",
    },
    columns: &[
        np("id"),
        np("webhook_id"),
        np("event"),
        np("payload"),
        np("status"),
        np("attempts"),
        np("next_attempt_at"),
        np("lease_until"),
        np("response_status"),
        np("last_error"),
        np("created_at"),
        np("delivered_at"),
    ],
};
