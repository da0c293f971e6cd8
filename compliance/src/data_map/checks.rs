//! Checks of the map against itself. Its agreement with the real schema is checked by the
//! end-to-end suite, against a migrated database.

use super::*;
use sea_orm::sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};
use std::collections::BTreeSet;
use uuid::Uuid;

fn plan() -> Plan {
    match plan_for(Uuid::nil()) {
        Ok(plan) => plan,
        Err(e) => panic!("the map does not make a plan: {e}"),
    }
}

#[test]
fn tables_and_columns_are_listed_once() {
    let mut tables = BTreeSet::new();
    for t in TABLES {
        assert!(tables.insert(t.table), "`{}` is listed twice", t.table);
        let mut columns = BTreeSet::new();
        for c in t.columns {
            assert!(columns.insert(c.column), "`{}.{}` is classified twice", t.table, c.column);
        }
    }
}

#[test]
fn reaches_name_classified_columns() {
    for t in TABLES {
        for r in t.reach() {
            let (column, parent) = match *r {
                Reach::Direct { column } | Reach::ByEmail { column } => (column, None),
                Reach::Parent { column, table, parent_column } => (column, Some((table, parent_column))),
            };
            assert!(t.column(column).is_some(), "`{}` reaches through unclassified `{column}`", t.table);
            if let Some((parent, parent_column)) = parent {
                let p = table(parent).and_then(|p| p.column(parent_column));
                assert!(p.is_some(), "`{}` reaches `{parent}.{parent_column}`, which is not classified", t.table);
            }
        }
        if let Subject::Person { rows: RowAction::DeleteUnlessShared { workspace_column }, .. } = t.subject {
            assert!(t.column(workspace_column).is_some(), "`{}` has no `{workspace_column}`", t.table);
        }
    }
}

#[test]
fn secrets_are_never_exported() {
    for t in TABLES {
        for c in t.columns.iter().filter(|c| c.category == Category::Credential) {
            assert_eq!(c.export, Export::Neither, "`{}.{}` is a secret but exported", t.table, c.column);
        }
    }
}

#[test]
fn every_reason_is_written_down() {
    for t in TABLES {
        let reason = match t.subject {
            Subject::NoOne { reason } => Some(reason),
            Subject::Person { rows: RowAction::KeepUnderLegalObligation { reason }, .. } => Some(reason),
            Subject::Person { .. } => None,
        };
        assert!(reason.is_none_or(|r| !r.trim().is_empty()), "`{}` gives an empty reason", t.table);
        for c in t.columns {
            if let Some(ReferenceRule::KeepUnderLegalObligation { reason }) = c.reference {
                assert!(!reason.trim().is_empty(), "`{}.{}` gives an empty reason", t.table, c.column);
            }
            if c.reference.is_some() {
                assert_eq!(c.category, Category::InternalId, "`{}.{}` names a person by id", t.table, c.column);
            }
        }
    }
}

#[test]
fn the_plan_covers_every_persons_table_once() {
    let plan = plan();
    let people: BTreeSet<_> =
        TABLES.iter().filter(|t| matches!(t.subject, Subject::Person { .. })).map(|t| t.table).collect();
    let planned: BTreeSet<_> = plan.steps().iter().map(Step::table).collect();
    assert_eq!(people, planned);
    assert_eq!(plan.steps().len(), planned.len());
    assert_eq!(plan.steps()[0].table(), SUBJECT_TABLE);
    assert_eq!(plan.delete_order().last().map(Step::table), Some(SUBJECT_TABLE));
}

#[test]
fn children_are_deleted_before_their_parents() {
    let plan = plan();
    let order: Vec<_> = plan.delete_order().map(Step::table).collect();
    let at = |t: &str| order.iter().position(|o| *o == t);
    for step in plan.steps() {
        for r in step.map.reach() {
            if let Reach::Parent { table: parent, .. } = r {
                assert!(at(step.table()) < at(parent), "`{}` must be deleted before `{parent}`", step.table());
            }
        }
    }
}

#[test]
fn every_path_ends_at_the_person() {
    let plan = plan();
    let step = plan.step("publish_attempts").map(|s| s.paths.clone());
    let Some([path]) = step.as_deref() else { panic!("one path expected, got {step:?}") };
    let hops: Vec<_> = path.hops.iter().map(|h| (h.table, h.column, h.parent)).collect();
    assert_eq!(hops, [("publish_attempts", "target_id", "post_targets"), ("post_targets", "post_id", "posts")]);
    assert_eq!(path.anchor, Anchor::UserId { table: "posts", column: "author_id" });

    for step in plan.steps() {
        assert!(!step.paths.is_empty(), "`{}` has no path to the person", step.table());
        for path in &step.paths {
            let mut at = step.table();
            for hop in &path.hops {
                assert_eq!(hop.table, at, "a path of `{}` is broken", step.table());
                at = hop.parent;
            }
            let (Anchor::UserId { table, .. } | Anchor::Email { table, .. }) = path.anchor;
            assert_eq!(table, at, "a path of `{}` anchors on the wrong table", step.table());
        }
    }
}

#[test]
fn conditions_nest_along_the_path() {
    let plan = plan();
    let step = plan.step("publish_attempts").map(|s| plan.select(s));
    let sql = step.map(|s| s.to_string(SqliteQueryBuilder)).unwrap_or_default();
    assert!(
        sql.contains(r#""publish_attempts"."target_id" IN (SELECT "post_targets"."id" FROM "post_targets" WHERE "post_targets"."post_id" IN (SELECT "posts"."id" FROM "posts" WHERE "posts"."author_id" = "#),
        "{sql}"
    );
    for step in plan.steps() {
        plan.select(step).to_string(PostgresQueryBuilder);
    }
}

#[test]
fn exports_leave_secrets_out() {
    let plan = plan();
    for step in plan.steps() {
        for kind in [ExportKind::Access, ExportKind::Portability] {
            let Some(select) = plan.export_select(step, kind) else { continue };
            let sql = select.to_string(SqliteQueryBuilder);
            for c in step.map.columns.iter().filter(|c| c.category == Category::Credential) {
                let quoted = format!(r#""{}"."{}""#, step.table(), c.column);
                assert!(!sql.contains(&quoted), "{kind:?} export of `{}` carries `{}`", step.table(), c.column);
            }
        }
    }
    let users = plan.step("users").and_then(|s| plan.export_select(s, ExportKind::Portability));
    let sql = users.map(|s| s.to_string(SqliteQueryBuilder)).unwrap_or_default();
    assert!(sql.contains(r#""users"."display_name""#) && !sql.contains("last_login_at"), "{sql}");
}

#[test]
fn stores_point_from_classified_columns() {
    for store in STORES {
        for at in store.pointed_at_by {
            assert!(
                table(at.table).and_then(|t| t.column(at.column)).is_some(),
                "store `{}` is pointed at by unknown `{}.{}`",
                store.id,
                at.table,
                at.column
            );
        }
    }
}
