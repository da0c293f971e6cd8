//! Rows for two people, written straight into a migrated database, with a record of whose
//! each row is: the answer the data-map plan must find on its own.
//!
//! Each person has a workspace of their own holding one of everything; both are members of
//! a shared workspace where A has a post with a file and B has a post carrying A's file.

use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection,
    sea_query::{Expr, Query, Value},
};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

pub type Rows = BTreeMap<&'static str, BTreeSet<Uuid>>;

/// The column that tells a table's rows apart in the seed: its id, or the key column that
/// is unique among the seeded rows.
pub fn key(table: &str) -> &'static str {
    match table {
        "analytics_latest" | "analytics_schedules" => "target_id",
        "milestones" | "post_media" => "post_id",
        _ => "id",
    }
}

pub struct Shared {
    pub workspace: Uuid,
    pub post_a: Uuid,
    pub media_a: Uuid,
    pub target_a: Uuid,
    pub post_b: Uuid,
}

pub struct World {
    pub a: Uuid,
    pub b: Uuid,
    pub shared: Shared,
    /// Per person, per table, the keys of the rows that are theirs.
    pub owned: BTreeMap<Uuid, Rows>,
}

pub struct Seeder<'d> {
    db: &'d DatabaseConnection,
    pub now: DateTime<Utc>,
    seq: i64,
    owned: BTreeMap<Uuid, Rows>,
    /// The tables the database has: a migration test seeds a schema older than the map,
    /// and tables added since then are skipped there.
    tables: BTreeSet<String>,
}

pub fn v(value: impl Into<Value>) -> Value {
    value.into()
}

impl Seeder<'_> {
    pub async fn row(&mut self, table: &'static str, owners: &[Uuid], row: Vec<(&'static str, Value)>) -> Uuid {
        let key_column = key(table);
        let id = row.iter().find(|(c, _)| *c == key_column).and_then(|(_, v)| match v {
            Value::Uuid(Some(id)) => Some(*id),
            _ => None,
        });
        if !self.tables.contains(table) {
            return id.unwrap_or_else(Uuid::now_v7);
        }
        let (columns, values): (Vec<_>, Vec<_>) = row.into_iter().unzip();
        let insert = Query::insert()
            .into_table(table)
            .columns(columns)
            .values_panic(values.into_iter().map(Expr::val))
            .to_owned();
        self.db.execute(&insert).await.unwrap_or_else(|e| panic!("seed {table}: {e}"));
        let id = id.unwrap_or_else(|| panic!("seeded {table} without its key {key_column}"));
        for owner in owners {
            self.owned.entry(*owner).or_default().entry(table).or_default().insert(id);
        }
        id
    }

    async fn user(&mut self, id: Uuid, email: &str) {
        let now = self.now;
        self.row(
            "users",
            &[id],
            vec![
                ("id", v(id)),
                ("email", v(email)),
                ("email_normalized", v(email)),
                ("display_name", v("Seeded Person")),
                ("password_hash", v("$argon2id$seeded")),
                ("age_basis", v("attestation")),
                ("age_attested_at", v(now)),
                ("created_at", v(now)),
                ("updated_at", v(now)),
                ("password_changed_at", v(now)),
            ],
        )
        .await;
    }

    async fn workspace(&mut self, created_by: Uuid) -> Uuid {
        let now = self.now;
        let id = Uuid::now_v7();
        self.row(
            "workspaces",
            &[],
            vec![
                ("id", v(id)),
                ("name", v("Seeded")),
                ("created_by", v(created_by)),
                ("created_at", v(now)),
                ("updated_at", v(now)),
            ],
        )
        .await
    }

    async fn member(&mut self, workspace: Uuid, user: Uuid, role: &str) {
        let now = self.now;
        self.row(
            "memberships",
            &[user],
            vec![
                ("id", v(Uuid::now_v7())),
                ("workspace_id", v(workspace)),
                ("user_id", v(user)),
                ("role", v(role)),
                ("created_at", v(now)),
            ],
        )
        .await;
    }

    async fn invitation(&mut self, workspace: Uuid, email: &str, owners: &[Uuid]) {
        let now = self.now;
        self.row(
            "invitations",
            owners,
            vec![
                ("id", v(Uuid::now_v7())),
                ("workspace_id", v(workspace)),
                ("email_normalized", v(email)),
                ("role", v("viewer")),
                ("status", v("pending")),
                ("created_at", v(now)),
                ("expires_at", v(now)),
            ],
        )
        .await;
    }

    async fn audit(&mut self, actor: Option<Uuid>, subject: Option<Uuid>) {
        self.seq += 1;
        let (now, seq) = (self.now, self.seq);
        let owners: Vec<Uuid> = actor.into_iter().chain(subject).collect();
        self.row(
            "audit_log",
            &owners,
            vec![
                ("seq", v(seq)),
                ("id", v(Uuid::now_v7())),
                ("occurred_at", v(now)),
                ("actor_kind", v(if actor.is_some() { "user" } else { "system" })),
                ("actor_id", v(actor)),
                ("action", v("seeded.thing")),
                ("subject_id", v(subject)),
                ("detail", v("{}")),
                ("prev_hash", v("0".repeat(64))),
                ("hash", v("1".repeat(64))),
            ],
        )
        .await;
    }

    async fn media(&mut self, workspace: Uuid, by: Uuid) -> Uuid {
        let now = self.now;
        let id = Uuid::now_v7();
        self.row(
            "media",
            &[by],
            vec![
                ("id", v(id)),
                ("workspace_id", v(workspace)),
                ("uploaded_by", v(by)),
                ("storage_key", v(format!("{}/{}", workspace.simple(), id.simple()))),
                ("content_type", v("image/png")),
                ("size_bytes", v(10i64)),
                ("sha256", v("0".repeat(64))),
                ("uploaded_at", v(now)),
            ],
        )
        .await
    }

    async fn post(&mut self, workspace: Uuid, author: Uuid) -> Uuid {
        let now = self.now;
        self.row(
            "posts",
            &[author],
            vec![
                ("id", v(Uuid::now_v7())),
                ("workspace_id", v(workspace)),
                ("author_id", v(author)),
                ("text", v("hello")),
                ("hashtags", v("[]")),
                ("links", v("[]")),
                ("status", v("draft")),
                ("sort_at", v(now)),
                ("created_at", v(now)),
                ("updated_at", v(now)),
            ],
        )
        .await
    }

    async fn post_media(&mut self, post: Uuid, media: Uuid, owners: &[Uuid]) {
        self.row("post_media", owners, vec![("post_id", v(post)), ("media_id", v(media)), ("position", v(0i32))]).await;
    }

    pub async fn target(&mut self, post: Uuid, workspace: Uuid, connection: Option<Uuid>, owner: Uuid) -> Uuid {
        let now = self.now;
        let id = Uuid::now_v7();
        self.row(
            "post_targets",
            &[owner],
            vec![
                ("id", v(id)),
                ("post_id", v(post)),
                ("workspace_id", v(workspace)),
                ("connection_id", v(connection)),
                ("platform", v("x")),
                ("overrides", v("{}")),
                ("status", v("draft")),
                ("attempts", v(0i32)),
                ("idempotency_key", v(id.to_string())),
                ("updated_at", v(now)),
            ],
        )
        .await
    }
}

/// Two people's rows, and whose each is.
pub async fn seed(db: &DatabaseConnection) -> World {
    let tables = crate::data_map_schema::schema_columns(db).await.into_keys().collect();
    let mut s = Seeder { db, now: Utc::now(), seq: 1_000_000, owned: BTreeMap::new(), tables };
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let email = |id: Uuid| format!("{}@example.test", id.simple());
    s.user(a, &email(a)).await;
    s.user(b, &email(b)).await;
    let shared = s.workspace(a).await;
    s.member(shared, a, "owner").await;
    s.member(shared, b, "editor").await;
    s.invitation(shared, "nobody@example.test", &[]).await;
    let globals = s.globals().await;

    for (person, other) in [(a, b), (b, a)] {
        let own = s.workspace(person).await;
        s.member(own, person, "owner").await;
        s.invitation(shared, &email(person), &[person]).await;
        s.audit(None, Some(person)).await;
        // Also the other person's: an entry is about its subject and by its actor.
        s.audit(Some(person), Some(other)).await;
        let media = s.media(own, person).await;
        let post = s.post(own, person).await;
        s.post_media(post, media, &[person]).await;
        s.everything_else(person, own, post, &globals).await;
    }

    let post_a = s.post(shared, a).await;
    let media_a = s.media(shared, a).await;
    s.post_media(post_a, media_a, &[a]).await;
    let target_a = s.target(post_a, shared, None, a).await;
    let post_b = s.post(shared, b).await;
    // B's post carries A's file: the link is both people's.
    s.post_media(post_b, media_a, &[a, b]).await;

    World { a, b, shared: Shared { workspace: shared, post_a, media_a, target_a, post_b }, owned: s.owned }
}
