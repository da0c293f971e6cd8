//! The rest of each seeded person's rows: one in every table their plan visits, and a few
//! nearby that are not theirs.

use crate::data_map_seed::{Seeder, v};
use uuid::Uuid;

pub struct Globals {
    policy: Uuid,
    breach: Uuid,
}

const METRICS: [&str; 6] = ["views", "likes", "comments", "shares", "saves", "watch_time_secs"];

impl Seeder<'_> {
    pub async fn globals(&mut self) -> Globals {
        let now = self.now;
        let policy = self
            .row(
                "policy_versions",
                &[],
                vec![
                    ("id", v(Uuid::now_v7())),
                    ("version", v(format!("seeded-{}", Uuid::now_v7().simple()))),
                    ("summary", v("seeded")),
                    ("url", v("https://example.test/policy")),
                    ("material", v(true)),
                    ("published_at", v(now)),
                    ("effective_at", v(now)),
                ],
            )
            .await;
        let breach = self
            .row(
                "breaches",
                &[],
                vec![
                    ("id", v(Uuid::now_v7())),
                    ("detected_at", v(now)),
                    ("became_aware_at", v(now)),
                    ("recorded_at", v(now)),
                    ("description", v("seeded")),
                    ("data_categories", v("[]")),
                    ("subjects_estimate", v(2i64)),
                    ("risk_level", v("low")),
                    ("containment", v("seeded")),
                    ("jurisdictions", v("[]")),
                ],
            )
            .await;
        Globals { policy, breach }
    }

    pub async fn everything_else(&mut self, person: Uuid, own: Uuid, post: Uuid, globals: &Globals) {
        let now = self.now;
        let me: &[Uuid] = &[person];
        let id = || v(Uuid::now_v7());
        let unique = || v(Uuid::now_v7().simple().to_string());
        self.row(
            "sessions",
            me,
            vec![
                ("id", id()),
                ("user_id", v(person)),
                ("token_hash", unique()),
                ("created_at", v(now)),
                ("expires_at", v(now)),
                ("last_used_at", v(now)),
            ],
        )
        .await;
        self.row(
            "idempotency_keys",
            me,
            vec![
                ("id", id()),
                ("user_id", v(person)),
                ("operation", v("createPost")),
                ("key", unique()),
                ("request_hash", unique()),
                ("created_at", v(now)),
            ],
        )
        .await;
        self.row(
            "user_roles",
            me,
            vec![("id", id()), ("user_id", v(person)), ("role", v("admin")), ("granted_at", v(now))],
        )
        .await;
        self.row(
            "api_keys",
            me,
            vec![
                ("id", id()),
                ("workspace_id", v(own)),
                ("user_id", v(person)),
                ("name", v("seeded")),
                ("prefix", unique()),
                ("secret_hash", v("hash")),
                ("scopes", v("read")),
                ("created_at", v(now)),
            ],
        )
        .await;
        self.row(
            "outbox_emails",
            me,
            vec![
                ("id", id()),
                ("user_id", v(person)),
                ("to_address", v("someone@example.test")),
                ("kind", v("seeded")),
                ("subject", v("hello")),
                ("body", v("hello")),
                ("status", v("pending")),
                ("attempts", v(0i32)),
                ("next_attempt_at", v(now)),
                ("created_at", v(now)),
            ],
        )
        .await;
        let connection = self
            .row(
                "connections",
                me,
                vec![
                    ("id", id()),
                    ("workspace_id", v(own)),
                    ("platform", v("x")),
                    ("platform_account_id", unique()),
                    ("account_name", v("seeded")),
                    ("scopes", v("post")),
                    ("status", v("active")),
                    ("connected_by", v(person)),
                    ("connected_at", v(now)),
                    ("updated_at", v(now)),
                    ("can_refresh", v(false)),
                ],
            )
            .await;
        let oauth = self
            .row(
                "oauth_states",
                me,
                vec![
                    ("id", id()),
                    ("state_hash", unique()),
                    ("user_id", v(person)),
                    ("workspace_id", v(own)),
                    ("platform", v("x")),
                    ("created_at", v(now)),
                    ("expires_at", v(now)),
                ],
            )
            .await;
        let webhook = self
            .row(
                "webhooks",
                &[],
                vec![
                    ("id", id()),
                    ("workspace_id", v(own)),
                    ("url", v("https://example.test/hook?token=secret")),
                    ("events", v("post.published")),
                    ("active", v(true)),
                    ("created_by", v(person)),
                    ("created_at", v(now)),
                    ("secret_rotated_at", v(now)),
                ],
            )
            .await;
        for (parent, parent_id, owners) in
            [("connection_id", connection, me), ("oauth_state_id", oauth, me), ("webhook_id", webhook, &[])]
        {
            self.row(
                "vault_secrets",
                owners,
                vec![
                    ("id", id()),
                    (parent, v(parent_id)),
                    ("field", v("access_token")),
                    ("key_id", v("test-a")),
                    ("ciphertext", v(vec![1u8, 2, 3])),
                    ("created_at", v(now)),
                    ("updated_at", v(now)),
                ],
            )
            .await;
        }

        let target = self.target(post, own, Some(connection), person).await;
        self.row(
            "publish_attempts",
            me,
            vec![
                ("id", id()),
                ("target_id", v(target)),
                ("idempotency_key", unique()),
                ("attempt", v(1i32)),
                ("worker", v("seeded")),
                ("started_at", v(now)),
            ],
        )
        .await;
        self.row(
            "post_status_history",
            me,
            vec![
                ("id", id()),
                ("workspace_id", v(own)),
                ("post_id", v(post)),
                ("to_status", v("draft")),
                ("at", v(now)),
            ],
        )
        .await;
        for (table, key) in [("analytics_snapshots", Some(id())), ("analytics_latest", None)] {
            let mut row = vec![
                ("target_id", v(target)),
                ("post_id", v(post)),
                ("workspace_id", v(own)),
                ("platform", v("x")),
                ("captured_at", v(now)),
            ];
            row.extend(key.map(|k| ("id", k)));
            row.extend(METRICS.map(|m| (m, v(0i64))));
            self.row(table, me, row).await;
        }
        self.row(
            "analytics_schedules",
            me,
            vec![("target_id", v(target)), ("published_at", v(now)), ("next_pull_at", v(now)), ("failures", v(0i32))],
        )
        .await;
        self.row(
            "milestones",
            me,
            vec![("post_id", v(post)), ("threshold", v(100i64)), ("reached_at", v(now)), ("notified", v(false))],
        )
        .await;

        self.row(
            "consent_events",
            me,
            vec![
                ("id", id()),
                ("subject_id", v(person)),
                ("purpose", v("analytics")),
                ("granted", v(true)),
                ("occurred_at", v(now)),
                ("source", v("web")),
            ],
        )
        .await;
        self.row(
            "policy_acknowledgements",
            me,
            vec![
                ("id", id()),
                ("user_id", v(person)),
                ("policy_version_id", v(globals.policy)),
                ("acknowledged_at", v(now)),
            ],
        )
        .await;
        self.row("breach_subjects", me, vec![("id", id()), ("breach_id", v(globals.breach)), ("user_id", v(person))])
            .await;
        self.row(
            "processing_restrictions",
            me,
            vec![("id", id()), ("user_id", v(person)), ("kind", v("marketing")), ("started_at", v(now))],
        )
        .await;
    }
}
