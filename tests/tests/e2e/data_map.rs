//! The personal-data map agrees with the migrated schema: every column is classified and
//! nothing else is, every path it walks is a real foreign key, and the delete rules the
//! database enforces do what the map says erasure does.

use crate::data_map_schema::{ForeignKey, foreign_keys, key_on, schema_columns};
use compliance::data_map::{
    self, MEMBER_USER, MEMBER_WORKSPACE, MEMBERSHIPS, Reach, ReferenceRule, RowAction, SUBJECT_KEY, SUBJECT_TABLE,
    Subject,
};
use postwarden_tests::TestApp;

/// Delete rules that never detach a row from its person: the row goes with them, or the
/// person cannot be deleted before the engine has deleted it.
const KEEPS_ROWS_WITH_PERSON: [&str; 3] = ["CASCADE", "RESTRICT", "NO ACTION"];

fn report(problems: Vec<String>, what: &str) {
    assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
}

#[tokio::test]
async fn every_column_is_classified_and_nothing_else() {
    let app = TestApp::spawn().await;
    let schema = schema_columns(&app.state.db).await;
    assert!(schema.len() >= 10, "expected the migrated schema, found {schema:?}");

    let mut problems = Vec::new();
    for (table, columns) in &schema {
        let Some(map) = data_map::table(table) else {
            problems.push(format!("table `{table}` is not in the personal-data map"));
            continue;
        };
        for column in columns {
            if map.column(column).is_none() {
                problems.push(format!("column `{table}.{column}` is not classified"));
            }
        }
        for class in map.columns {
            if !columns.contains(class.column) {
                problems.push(format!("the map classifies `{table}.{}`, which does not exist", class.column));
            }
        }
    }
    for map in data_map::TABLES {
        if !schema.contains_key(map.table) {
            problems.push(format!("the map lists table `{}`, which does not exist", map.table));
        }
    }
    report(problems, "personal-data map problems");
}

#[tokio::test]
async fn parents_are_real_foreign_keys() {
    let app = TestApp::spawn().await;
    let keys = foreign_keys(&app.state.db).await;
    let mut problems = Vec::new();
    for map in data_map::TABLES {
        for reach in map.reach() {
            let Reach::Parent { column, table, parent_column } = *reach else { continue };
            match key_on(&keys, map.table, column) {
                Some(k) if k.parent == table && k.parent_column == parent_column => {}
                Some(k) => problems.push(format!(
                    "`{}.{column}` is said to reach `{table}.{parent_column}` but its key is to `{}.{}`",
                    map.table, k.parent, k.parent_column
                )),
                None => {
                    problems.push(format!("`{}.{column}` is said to reach `{table}` but has no foreign key", map.table))
                }
            }
        }
    }
    report(problems, "reaches that are not foreign keys");
}

#[tokio::test]
async fn subject_columns_keep_rows_with_their_person() {
    let app = TestApp::spawn().await;
    let keys = foreign_keys(&app.state.db).await;
    let mut problems = Vec::new();
    for map in data_map::TABLES.iter().filter(|t| t.table != SUBJECT_TABLE) {
        let Subject::Person { reach, rows } = map.subject else { continue };
        let outlives = !matches!(rows, RowAction::Delete | RowAction::FollowParent);
        for reach in reach {
            let Reach::Direct { column } = *reach else { continue };
            let set_null_reference = map.column(column).and_then(|c| c.reference) == Some(ReferenceRule::SetNull);
            match key_on(&keys, map.table, column) {
                Some(k) if !to_users(k) => {
                    problems.push(format!("subject column `{}.{column}` has a key to `{}`", map.table, k.parent))
                }
                Some(k) if KEEPS_ROWS_WITH_PERSON.contains(&k.on_delete.as_str()) => {}
                // Rows kept for others (shared content) lose the name, as the reference rule says.
                Some(k) if k.on_delete == "SET NULL" && outlives && set_null_reference => {}
                Some(k) => problems.push(format!(
                    "`{}.{column}` is ON DELETE {}: deleting the person would leave their rows behind",
                    map.table, k.on_delete
                )),
                None if matches!(rows, RowAction::KeepUnderLegalObligation { .. }) => {}
                None => problems.push(format!(
                    "`{}.{column}` has no foreign key to users: deleting the person would leave their rows behind",
                    map.table
                )),
            }
        }
    }
    report(problems, "subject columns that lose their person");
}

#[tokio::test]
async fn reference_rules_agree_with_delete_rules() {
    let app = TestApp::spawn().await;
    let keys = foreign_keys(&app.state.db).await;
    let mut problems = Vec::new();
    for map in data_map::TABLES {
        for class in map.columns {
            let Some(rule) = class.reference else { continue };
            let key = key_on(&keys, map.table, class.column).map(|k| k.on_delete.as_str());
            let fits = match rule {
                ReferenceRule::SetNull => key.is_none_or(|d| d == "SET NULL"),
                // A fixed id would break a key to users, and the key would undo it.
                ReferenceRule::Tombstone => key.is_none(),
                // Kept names must not be cleared or deleted by the database either.
                ReferenceRule::KeepUnderLegalObligation { .. } => key.is_none_or(|d| d != "SET NULL" && d != "CASCADE"),
            };
            if !fits {
                problems.push(format!("`{}.{}` is {rule:?} but ON DELETE {key:?}", map.table, class.column));
            }
        }
    }
    // Every column naming a user is accounted for: a subject column or a reference.
    for k in keys.iter().filter(|k| to_users(k)) {
        let map = data_map::table(&k.table);
        let direct =
            map.is_some_and(|m| m.reach().iter().any(|r| matches!(r, Reach::Direct { column } if *column == k.column)));
        let reference = map.and_then(|m| m.column(&k.column)).is_some_and(|c| c.reference.is_some());
        if !direct && !reference {
            problems.push(format!(
                "`{}.{}` names a user but is neither a subject column nor a reference",
                k.table, k.column
            ));
        }
    }
    report(problems, "reference rules the schema contradicts");
}

#[tokio::test]
async fn personal_tables_say_how_they_reach_a_person() {
    let app = TestApp::spawn().await;
    let keys = foreign_keys(&app.state.db).await;
    let mut problems = Vec::new();
    for map in data_map::TABLES.iter().filter(|t| t.is_personal()) {
        match map.subject {
            Subject::NoOne { reason } if reason.trim().is_empty() => {
                problems.push(format!("`{}` holds personal data, reaches no one and says not why", map.table))
            }
            Subject::Person { reach: [], .. } => {
                problems.push(format!("`{}` reaches its person by no path", map.table))
            }
            _ => {}
        }
    }
    if let Err(e) = data_map::plan_for(uuid::Uuid::nil()) {
        problems.push(format!("the map makes no plan: {e}"));
    }
    // Shared content is decided by workspace membership, through real keys.
    let to_workspaces = |table: &str, column: &str| {
        key_on(&keys, table, column).is_some_and(|k| k.parent == "workspaces" && k.parent_column == "id")
    };
    for map in data_map::TABLES {
        if let Subject::Person { rows: RowAction::DeleteUnlessShared { workspace_column }, .. } = map.subject
            && !to_workspaces(map.table, workspace_column)
        {
            problems.push(format!("`{}.{workspace_column}` is no key to a workspace", map.table));
        }
    }
    if !to_workspaces(MEMBERSHIPS, MEMBER_WORKSPACE)
        || key_on(&keys, MEMBERSHIPS, MEMBER_USER).is_none_or(|k| !to_users(k))
    {
        problems.push("memberships do not tie users to workspaces".into());
    }
    report(problems, "tables that do not say whose they are");
}

#[tokio::test]
async fn no_date_of_birth_is_kept() {
    let app = TestApp::spawn().await;
    let schema = schema_columns(&app.state.db).await;
    let dob = schema.iter().flat_map(|(t, cols)| cols.iter().map(move |c| (t, c))).find(|(_, c)| c.contains("birth"));
    assert!(dob.is_none(), "a date of birth column exists: {dob:?}");
}

fn to_users(k: &ForeignKey) -> bool {
    k.parent == SUBJECT_TABLE && k.parent_column == SUBJECT_KEY
}
