//! The data-map plan, run against a real database: its conditions find exactly one
//! person's rows in every table it visits, and erasing by it deletes theirs, keeps what a
//! shared workspace still holds, and leaves the other person untouched.

use crate::data_map_seed::{World, key, seed};
use compliance::data_map::{ExportKind, Plan, plan_for};
use postwarden_tests::TestApp;
use sea_orm::{
    ConnectionTrait, DatabaseConnection,
    sea_query::{Condition, Expr, ExprTrait, Query},
};
use std::collections::BTreeSet;
use uuid::Uuid;

fn plan(person: Uuid) -> Plan {
    plan_for(person).unwrap_or_else(|e| panic!("no plan: {e}"))
}

async fn keys(db: &DatabaseConnection, table: &'static str, condition: Condition) -> BTreeSet<Uuid> {
    let select = Query::select().column((table, key(table))).from(table).cond_where(condition).to_owned();
    let rows = db.query_all(&select).await.unwrap_or_else(|e| panic!("select from {table}: {e}"));
    rows.iter().map(|r| r.try_get_by_index::<Uuid>(0).expect("a uuid key")).collect()
}

/// The plan's rows for `person`, table by table, against what the seed says is theirs.
async fn mismatches(db: &DatabaseConnection, world: &World, person: Uuid) -> Vec<String> {
    let plan = plan(person);
    let none = BTreeSet::new();
    let mut problems = Vec::new();
    for step in plan.steps() {
        let table = step.table();
        let found = keys(db, table, plan.condition(step)).await;
        let expected = world.owned.get(&person).and_then(|rows| rows.get(table)).unwrap_or(&none);
        if &found != expected {
            let extra: Vec<_> = found.difference(expected).collect();
            let missing: Vec<_> = expected.difference(&found).collect();
            problems.push(format!("`{table}`: found {extra:?} that are not theirs, missed {missing:?}"));
        }
        // The full and export selects run, and carry the same rows.
        let all = db.query_all(&plan.select(step)).await.unwrap_or_else(|e| panic!("select {table}: {e}"));
        assert_eq!(all.len(), found.len(), "`{table}`: the select and the condition disagree");
        for kind in [ExportKind::Access, ExportKind::Portability] {
            if let Some(export) = plan.export_select(step, kind) {
                let rows = db.query_all(&export).await.unwrap_or_else(|e| panic!("{kind:?} export of {table}: {e}"));
                assert_eq!(rows.len(), found.len(), "`{table}`: the {kind:?} export and the condition disagree");
            }
        }
    }
    problems
}

#[tokio::test]
async fn the_plan_finds_exactly_each_persons_rows() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let world = seed(db).await;

    // The seed covers every table the plan visits, so no table passes by being empty.
    let seeded = &world.owned[&world.a];
    let unseeded: Vec<_> = plan(world.a)
        .steps()
        .iter()
        .map(|s| s.table())
        .filter(|t| seeded.get(t).is_none_or(|r| r.is_empty()))
        .collect();
    assert!(unseeded.is_empty(), "the seed has no rows of A's in {unseeded:?}");

    for person in [world.a, world.b] {
        let problems = mismatches(db, &world, person).await;
        assert!(problems.is_empty(), "the plan for {person} is wrong:\n{}", problems.join("\n"));
    }
}

#[tokio::test]
async fn erasing_by_the_plan_keeps_shared_content_and_the_other_person() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let world = seed(db).await;
    let plan = plan(world.a);
    let shared = &world.shared;

    let erased = |table: &'static str| {
        let step = plan.step(table).unwrap_or_else(|| panic!("no step for {table}"));
        plan.erase_condition(step).map(|c| keys(db, table, c))
    };
    let own = |table: &str| -> BTreeSet<Uuid> {
        let all = &world.owned[&world.a][table];
        let kept = [shared.post_a, shared.media_a, shared.target_a, shared.post_b];
        all.iter().copied().filter(|k| !kept.contains(k)).collect()
    };
    for table in ["posts", "media", "post_targets", "post_media", "vault_secrets", "connections"] {
        let found = erased(table).unwrap_or_else(|| panic!("{table} erases nothing")).await;
        assert_eq!(found, own(table), "erasure of `{table}` must take A's rows outside the shared workspace");
    }
    assert!(erased("audit_log").is_none(), "the audit log is kept");

    let sole = db.query_all(&plan.sole_workspaces()).await.expect("sole workspaces");
    let sole: Vec<Uuid> = sole.iter().map(|r| r.try_get_by_index::<Uuid>(0).expect("workspace")).collect();
    assert_eq!(sole.len(), 1, "A is alone in one workspace: {sole:?}");
    assert!(!sole.contains(&shared.workspace), "the shared workspace is not A's alone");

    for step in plan.delete_order() {
        if step.table() == "users" {
            for reference in plan.references() {
                if let Some(update) = plan.reference_update(reference) {
                    db.execute(&update).await.unwrap_or_else(|e| panic!("rewrite {reference:?}: {e}"));
                }
            }
        }
        if let Some(condition) = plan.erase_condition(step) {
            let delete = Query::delete().from_table(step.table()).cond_where(condition).to_owned();
            db.execute(&delete).await.unwrap_or_else(|e| panic!("erase {}: {e}", step.table()));
        }
    }

    let empty =
        Query::delete().from_table("workspaces").and_where(Expr::col(("workspaces", "id")).is_in(sole)).to_owned();
    db.execute(&empty).await.expect("delete the workspaces A leaves empty");

    let problems = mismatches(db, &world, world.b).await;
    assert!(problems.is_empty(), "erasing A changed B's rows:\n{}", problems.join("\n"));
    for step in plan.steps() {
        let left = keys(db, step.table(), plan.condition(step)).await;
        let expected =
            if step.table() == "audit_log" { world.owned[&world.a]["audit_log"].clone() } else { BTreeSet::new() };
        assert_eq!(left, expected, "after erasure `{}` still holds A's rows", step.table());
    }

    // A's content in the shared workspace stays, without its author, in a workspace that
    // is still there for B.
    for (table, column, id) in [("posts", "author_id", shared.post_a), ("media", "uploaded_by", shared.media_a)] {
        let select = Query::select().column(column).from(table).and_where(Expr::col((table, "id")).eq(id)).to_owned();
        let row =
            db.query_one(&select).await.expect("select").unwrap_or_else(|| panic!("A's shared {table} row is gone"));
        assert_eq!(row.try_get_by_index::<Option<Uuid>>(0).expect("author"), None, "{table}.{column} still names A");
    }
    let targets = keys(db, "post_targets", Condition::all()).await;
    assert!(targets.contains(&shared.target_a), "the shared post's target went");
    let workspace =
        keys(db, "workspaces", Condition::all().add(Expr::col(("workspaces", "id")).eq(shared.workspace))).await;
    assert_eq!(workspace.len(), 1, "the shared workspace went");
}
