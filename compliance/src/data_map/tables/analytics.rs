//! What the platforms report about published posts. Measured about a person's content, so
//! observed data: in an access export, never a portability one.

use super::super::{
    Category::*,
    Export::*,
    Reach::*,
    RowAction::*,
    Subject::*,
    TableMap,
    classes::{ctx, np, seen},
};

/// Through the target: `post_id` in these tables has no foreign key.
const THROUGH_TARGET: &[super::super::Reach] =
    &[Parent { column: "target_id", table: "post_targets", parent_column: "id" }];

pub const ANALYTICS_SNAPSHOTS: TableMap = TableMap {
    // A post's measured reach over time; it goes with the post. Only the daily aggregates
    // below outlive erasure.
    table: "analytics_snapshots",
    subject: Person { reach: THROUGH_TARGET, rows: FollowParent },
    columns: &[
        np("id"),
        np("target_id"),
        ctx("post_id", Access),
        np("workspace_id"),
        ctx("platform", Access),
        seen("captured_at", Behavioural),
        seen("views", Behavioural),
        seen("likes", Behavioural),
        seen("comments", Behavioural),
        seen("shares", Behavioural),
        seen("saves", Behavioural),
        seen("watch_time_secs", Behavioural),
        seen("follower_delta", Behavioural),
        seen("revenue_micros", Behavioural),
        seen("revenue_currency", Behavioural),
    ],
};

pub const ANALYTICS_LATEST: TableMap = TableMap {
    table: "analytics_latest",
    subject: Person { reach: THROUGH_TARGET, rows: FollowParent },
    columns: &[
        np("target_id"),
        ctx("post_id", Access),
        np("workspace_id"),
        ctx("platform", Access),
        seen("captured_at", Behavioural),
        seen("views", Behavioural),
        seen("likes", Behavioural),
        seen("comments", Behavioural),
        seen("shares", Behavioural),
        seen("saves", Behavioural),
        seen("watch_time_secs", Behavioural),
        seen("follower_delta", Behavioural),
        seen("revenue_micros", Behavioural),
        seen("revenue_currency", Behavioural),
    ],
};

pub const ANALYTICS_DAILY: TableMap = TableMap {
    table: "analytics_daily",
    subject: NoOne {
        reason: "anonymous by construction: sums per workspace, day and platform, with no person, post or account id",
    },
    columns: &[
        np("workspace_id"),
        np("day"),
        np("platform"),
        np("currency"),
        np("views"),
        np("likes"),
        np("comments"),
        np("shares"),
        np("saves"),
        np("watch_time_secs"),
        np("follower_delta"),
        np("revenue_micros"),
    ],
};

pub const ANALYTICS_SCHEDULES: TableMap = TableMap {
    // When to pull a target's figures next; `connection_id` has no foreign key.
    table: "analytics_schedules",
    subject: Person { reach: THROUGH_TARGET, rows: FollowParent },
    columns: &[
        np("target_id"),
        np("connection_id"),
        np("published_at"),
        np("next_pull_at"),
        np("last_pulled_at"),
        np("lease_until"),
        np("failures"),
        np("last_error"),
    ],
};

pub const MILESTONES: TableMap = TableMap {
    table: "milestones",
    subject: Person { reach: &[Parent { column: "post_id", table: "posts", parent_column: "id" }], rows: FollowParent },
    columns: &[ctx("post_id", Access), seen("threshold", Behavioural), seen("reached_at", Behavioural), np("notified")],
};
