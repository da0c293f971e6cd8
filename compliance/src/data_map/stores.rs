//! Where a person's data lives outside the database. Rows pointing at these stores are how
//! an engine finds the data there, so each store names the columns that point at it; the
//! work there comes before the rows go, or the pointer is lost.

/// A column of a table in the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ColumnRef {
    pub table: &'static str,
    pub column: &'static str,
}

#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct ExternalStore {
    pub id: &'static str,
    pub description: &'static str,
    /// The columns whose values locate the person's data there; empty while nothing in the
    /// database records it.
    pub pointed_at_by: &'static [ColumnRef],
    /// What erasure does there.
    pub on_erasure: &'static str,
}

const fn at(table: &'static str, column: &'static str) -> ColumnRef {
    ColumnRef { table, column }
}

pub static STORES: &[ExternalStore] = &[
    ExternalStore {
        id: "media_objects",
        description: "uploaded files in the media object store (a directory or an S3 bucket), \
                      keyed `<workspace>/<random>`",
        pointed_at_by: &[at("media", "storage_key")],
        on_erasure: "delete the object of every media row erasure deletes, before the row; objects of \
                     media kept for a shared workspace stay with it",
    },
    ExternalStore {
        id: "export_archives",
        description: "archives built for access and portability requests (not built yet)",
        pointed_at_by: &[],
        on_erasure: "delete every archive built for the person; the export engine must record them \
                     (and add the column here) before it ships",
    },
    ExternalStore {
        id: "platform_grants",
        description: "the grant behind each connection, held by the social platform until revoked",
        pointed_at_by: &[at("connections", "platform_account_id"), at("vault_secrets", "ciphertext")],
        on_erasure: "revoke the grant at the platform with the connection's token, then delete the \
                     connection and its secrets",
    },
    ExternalStore {
        id: "platform_posts",
        description: "posts published to the person's platform accounts",
        pointed_at_by: &[at("post_targets", "remote_id"), at("post_targets", "remote_url")],
        on_erasure: "not removed by erasure: they are on the person's own account there; the ids are in \
                     the access export so the person can find them",
    },
];
