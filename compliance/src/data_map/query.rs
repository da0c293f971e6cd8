//! The plan as sea-query: conditions that pick one person's rows out of each table, built
//! as nested `IN (SELECT ...)` along the join path, so an engine needs no join of its own
//! and the same statement runs on SQLite and PostgreSQL.

use super::{
    ExportKind, ReferenceRule, RowAction,
    plan::{
        Anchor, JoinPath, MEMBER_USER, MEMBER_WORKSPACE, MEMBERSHIPS, Plan, Reference, SUBJECT_EMAIL, SUBJECT_KEY,
        SUBJECT_TABLE, Step,
    },
    reach::Reach,
};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query, SelectStatement, UpdateStatement, Value};
use uuid::Uuid;

/// The fixed id a [`ReferenceRule::Tombstone`] writes: it is no one's user id.
pub const TOMBSTONE: Uuid = Uuid::nil();

impl Plan {
    /// The rows of `step`'s table that belong to the person.
    pub fn condition(&self, step: &Step) -> Condition {
        step.paths.iter().fold(Condition::any(), |any, path| any.add(self.path_condition(path)))
    }

    /// Every classified column of the person's rows in `step`'s table.
    pub fn select(&self, step: &Step) -> SelectStatement {
        let table = step.table();
        let columns = step.map.columns.iter().map(|c| (table, c.column));
        Query::select().columns(columns).from(table).cond_where(self.condition(step)).to_owned()
    }

    /// The columns of the person's rows that go into an export of `kind`; `None` when the
    /// table contributes none.
    pub fn export_select(&self, step: &Step, kind: ExportKind) -> Option<SelectStatement> {
        let table = step.table();
        let columns: Vec<_> =
            step.map.columns.iter().filter(|c| c.export.includes(kind)).map(|c| (table, c.column)).collect();
        if columns.is_empty() {
            return None;
        }
        Some(Query::select().columns(columns).from(table).cond_where(self.condition(step)).to_owned())
    }

    /// The person's rows in `step`'s table that erasure deletes; `None` when it deletes none
    /// there (rows kept, or anonymised in place).
    pub fn erase_condition(&self, step: &Step) -> Option<Condition> {
        let table = step.table();
        match step.rows {
            RowAction::Delete => Some(self.condition(step)),
            RowAction::DeleteUnlessShared { workspace_column } => Some(
                Condition::all()
                    .add(self.condition(step))
                    .add(Expr::col((table, workspace_column)).not_in_subquery(self.shared_workspaces())),
            ),
            RowAction::FollowParent => {
                let through_parents: Vec<Condition> = step
                    .map
                    .reach()
                    .iter()
                    .filter_map(|r| match *r {
                        Reach::Parent { column, table: parent, parent_column } => {
                            let going = self.erase_condition(self.step(parent)?)?;
                            let parents = Query::select()
                                .column((parent, parent_column))
                                .from(parent)
                                .cond_where(going)
                                .to_owned();
                            Some(Condition::all().add(Expr::col((table, column)).in_subquery(parents)))
                        }
                        Reach::Direct { .. } | Reach::ByEmail { .. } => None,
                    })
                    .collect();
                if through_parents.is_empty() {
                    return None;
                }
                Some(through_parents.into_iter().fold(Condition::any(), Condition::add))
            }
            RowAction::Anonymise | RowAction::KeepUnderLegalObligation { .. } => None,
        }
    }

    /// Workspaces with a member other than the person: their content stays.
    pub fn shared_workspaces(&self) -> SelectStatement {
        Query::select()
            .column((MEMBERSHIPS, MEMBER_WORKSPACE))
            .from(MEMBERSHIPS)
            .and_where(Expr::col((MEMBERSHIPS, MEMBER_USER)).ne(self.subject))
            .to_owned()
    }

    /// Workspaces the person is in with no one else. Erasure deletes them once the person's
    /// rows are gone; collect them first, as the person's membership is what finds them.
    pub fn sole_workspaces(&self) -> SelectStatement {
        Query::select()
            .column((MEMBERSHIPS, MEMBER_WORKSPACE))
            .from(MEMBERSHIPS)
            .and_where(Expr::col((MEMBERSHIPS, MEMBER_USER)).eq(self.subject))
            .and_where(Expr::col((MEMBERSHIPS, MEMBER_WORKSPACE)).not_in_subquery(self.shared_workspaces()))
            .to_owned()
    }

    /// The rows in which `reference` names the person.
    pub fn reference_condition(&self, reference: &Reference) -> Condition {
        Condition::all().add(Expr::col((reference.table, reference.column)).eq(self.subject))
    }

    /// The rewrite `reference`'s rule asks for; `None` when the value is kept.
    pub fn reference_update(&self, reference: &Reference) -> Option<UpdateStatement> {
        let value = match reference.rule {
            ReferenceRule::SetNull => Value::Uuid(None),
            ReferenceRule::Tombstone => Value::from(TOMBSTONE),
            ReferenceRule::KeepUnderLegalObligation { .. } => return None,
        };
        Some(
            Query::update()
                .table(reference.table)
                .value(reference.column, value)
                .cond_where(self.reference_condition(reference))
                .to_owned(),
        )
    }

    fn path_condition(&self, path: &JoinPath) -> Condition {
        let at_anchor = match path.anchor {
            Anchor::UserId { table, column } => Expr::col((table, column)).eq(self.subject),
            Anchor::Email { table, column } => Expr::col((table, column)).in_subquery(
                Query::select()
                    .column((SUBJECT_TABLE, SUBJECT_EMAIL))
                    .from(SUBJECT_TABLE)
                    .and_where(Expr::col((SUBJECT_TABLE, SUBJECT_KEY)).eq(self.subject))
                    .to_owned(),
            ),
        };
        // Innermost first: the last hop's parent is the table the anchor is on.
        path.hops.iter().rev().fold(Condition::all().add(at_anchor), |inner, hop| {
            let parents =
                Query::select().column((hop.parent, hop.parent_column)).from(hop.parent).cond_where(inner).to_owned();
            Condition::all().add(Expr::col((hop.table, hop.column)).in_subquery(parents))
        })
    }
}
