//! The map turned into a plan for one person: which tables hold their rows, the join path
//! from each to `users`, and an order in which those rows can be deleted.

use super::{Reach, ReferenceRule, RowAction, Subject, TABLES, TableMap};
use uuid::Uuid;

/// The table every reach ends at, and its key.
pub const SUBJECT_TABLE: &str = "users";
pub const SUBJECT_KEY: &str = "id";
/// The column a `ByEmail` reach is compared with.
pub const SUBJECT_EMAIL: &str = "email_normalized";
/// Who else is in a workspace, for [`RowAction::DeleteUnlessShared`].
pub const MEMBERSHIPS: &str = "memberships";
pub const MEMBER_WORKSPACE: &str = "workspace_id";
pub const MEMBER_USER: &str = "user_id";

/// One foreign key followed from a row to its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Hop {
    pub table: &'static str,
    pub column: &'static str,
    pub parent: &'static str,
    pub parent_column: &'static str,
}

/// Where a join path meets the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Anchor {
    /// `table.column` holds their user id.
    UserId { table: &'static str, column: &'static str },
    /// `table.column` holds their normalised email.
    Email { table: &'static str, column: &'static str },
}

/// A way from a table's rows to the person: the hops, then the anchor on the last table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct JoinPath {
    pub hops: Vec<Hop>,
    pub anchor: Anchor,
}

/// One table of the plan.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    pub map: &'static TableMap,
    pub rows: RowAction,
    /// Every way a row of this table reaches the person; a row is theirs if any does.
    pub paths: Vec<JoinPath>,
}

impl Step {
    pub fn table(&self) -> &'static str {
        self.map.table
    }
}

/// A column that names the person in a row that may stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Reference {
    pub table: &'static str,
    pub column: &'static str,
    pub rule: ReferenceRule,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("`{table}` reaches `{parent}`, which is not in the map")]
    UnknownParent { table: &'static str, parent: &'static str },
    #[error("`{table}` reaches `{parent}`, whose rows are no one person's")]
    DeadEnd { table: &'static str, parent: &'static str },
    #[error("the reach graph has a cycle through {0:?}")]
    Cycle(Vec<&'static str>),
    #[error("`{table}`: {why}")]
    Invalid { table: &'static str, why: &'static str },
}

/// The plan for one person, over the whole map.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Plan {
    pub(crate) subject: Uuid,
    steps: Vec<Step>,
    references: Vec<Reference>,
}

/// The plan for the person whose user id is `subject`.
pub fn plan_for(subject: Uuid) -> Result<Plan, PlanError> {
    Plan::build(TABLES, subject)
}

impl Plan {
    pub fn build(tables: &'static [TableMap], subject: Uuid) -> Result<Plan, PlanError> {
        let people: Vec<(&'static TableMap, RowAction)> = tables
            .iter()
            .filter_map(|t| match t.subject {
                Subject::Person { rows, .. } => Some((t, rows)),
                Subject::NoOne { .. } => None,
            })
            .collect();
        for (map, _) in &people {
            validate(map, tables)?;
        }
        if !people.iter().any(|(t, _)| t.table == SUBJECT_TABLE && t.subject_column() == Some(SUBJECT_KEY)) {
            return Err(PlanError::Invalid { table: SUBJECT_TABLE, why: "must be in the map, reached by its own id" });
        }

        let mut steps: Vec<Step> = Vec::with_capacity(people.len());
        let mut pending = people;
        while !pending.is_empty() {
            let placed = |name: &str| steps.iter().any(|s: &Step| s.map.table == name);
            let Some(at) = pending.iter().position(|(t, _)| dependencies(t).all(|d| d == t.table || placed(d))) else {
                return Err(PlanError::Cycle(pending.iter().map(|(t, _)| t.table).collect()));
            };
            let (map, rows) = pending.remove(at);
            let paths = paths_of(map, &steps);
            steps.push(Step { map, rows, paths });
        }

        let references = tables
            .iter()
            .flat_map(|t| {
                t.columns
                    .iter()
                    .filter_map(|c| Some(Reference { table: t.table, column: c.column, rule: c.reference? }))
            })
            .collect();
        Ok(Plan { subject, steps, references })
    }

    pub fn subject(&self) -> Uuid {
        self.subject
    }

    /// Parents before children, starting with `users`: the order to read in.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn step(&self, table: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.map.table == table)
    }

    /// Children before parents, ending with `users`. Deleting in this order never removes
    /// a parent row that a later step's condition still needs to find its rows.
    pub fn delete_order(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().rev()
    }

    /// Every column, in every table, that names a person in a row that may stay. Rewrite
    /// them after the person's own rows are erased and before the `users` row goes.
    pub fn references(&self) -> &[Reference] {
        &self.references
    }
}

fn validate(map: &'static TableMap, tables: &'static [TableMap]) -> Result<(), PlanError> {
    let Subject::Person { reach, rows } = map.subject else { return Ok(()) };
    let invalid = |why| Err(PlanError::Invalid { table: map.table, why });
    if reach.is_empty() {
        return invalid("a person's table needs at least one reach");
    }
    if rows == RowAction::FollowParent && !reach.iter().all(|r| matches!(r, Reach::Parent { .. })) {
        return invalid("only rows reached through parents can follow them");
    }
    for r in reach {
        if let Reach::Parent { table: parent, .. } = *r {
            match tables.iter().find(|t| t.table == parent) {
                None => return Err(PlanError::UnknownParent { table: map.table, parent }),
                Some(p) if matches!(p.subject, Subject::NoOne { .. }) => {
                    return Err(PlanError::DeadEnd { table: map.table, parent });
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// The tables a table's reaches lead to directly.
fn dependencies(map: &TableMap) -> impl Iterator<Item = &'static str> {
    map.reach().iter().map(|r| match r {
        Reach::Parent { table, .. } => *table,
        Reach::Direct { .. } | Reach::ByEmail { .. } => SUBJECT_TABLE,
    })
}

/// A table's paths, extending its parents' (already placed, so already computed).
fn paths_of(map: &'static TableMap, placed: &[Step]) -> Vec<JoinPath> {
    let mut paths = Vec::new();
    for r in map.reach() {
        match *r {
            Reach::Direct { column } => {
                paths.push(JoinPath { hops: vec![], anchor: Anchor::UserId { table: map.table, column } });
            }
            Reach::ByEmail { column } => {
                paths.push(JoinPath { hops: vec![], anchor: Anchor::Email { table: map.table, column } });
            }
            Reach::Parent { column, table: parent, parent_column } => {
                let hop = Hop { table: map.table, column, parent, parent_column };
                let parent_paths = placed.iter().filter(|s| s.map.table == parent).flat_map(|s| &s.paths);
                for p in parent_paths {
                    let hops = std::iter::once(hop).chain(p.hops.iter().copied()).collect();
                    paths.push(JoinPath { hops, anchor: p.anchor });
                }
            }
        }
    }
    paths
}
