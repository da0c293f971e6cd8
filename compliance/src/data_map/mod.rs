//! The personal-data map: every column of every table, classified by what it holds, which
//! exports it goes into and what erasure of a person does to it; how each table's rows lead
//! to a person; and the stores outside the database that hold a person's data. A test
//! compares the map with the migrated schema, so a new column cannot ship unclassified; the
//! export, erasure and retention engines are driven by it.
//!
//! # The model
//!
//! - **Whose rows.** A table's rows either belong to a person ([`Subject::Person`]) or to no
//!   one person ([`Subject::NoOne`], which must say why). A person's rows are found by one
//!   or more [`Reach`]es: `Direct` (a column holds the user id), `Parent` (a foreign key to a
//!   row that is theirs) or `ByEmail` (keyed by their normalised email, as invitations are,
//!   since they exist before the account does). A row is the person's if any reach leads to
//!   them. [`plan_for`] turns the map into a [`Plan`]: the tables to visit, the join path
//!   from each to `users`, sea-query conditions selecting a person's rows, and a delete order.
//! - **Own rows and references apart.** [`RowAction`] says what erasure does to a person's
//!   own rows. A [`ReferenceRule`] on a column says what happens where a row that stays
//!   merely names them: `granted_by`, `invited_by`, the author of a post kept for a shared
//!   workspace, the audit log's actor and subject.
//! - **Shared workspaces.** Posts and media are reached through their author and uploader.
//!   When no one else is a member of their workspace they are deleted with the person
//!   ([`RowAction::DeleteUnlessShared`]); otherwise the content stays with the other members
//!   and only the authorship goes (the column's `SetNull` reference rule). A workspace itself
//!   is no one person's: one the person leaves without members
//!   ([`Plan::sole_workspaces`]) is deleted after their rows, and what remains in it
//!   cascades with it.
//! - **Connections** go with the person who connected them, even in a shared workspace: a
//!   connection is their platform account. The grant is revoked at the platform first
//!   (see [`STORES`]).
//! - **Exports.** Every column says whether it goes into an access export (GDPR Art. 15), a
//!   portability export (Art. 20), both or neither ([`Export`]). What the person provided
//!   (post text, media metadata, settings) goes into both; what was observed or derived
//!   (sessions, audit entries, analytics, login times) into access only; credentials into
//!   neither. Nothing is portability-only: what is portable is also the person's to see.
//!
//! # Delete rules, checked against the schema
//!
//! A `Direct` column of a table whose rows erasure deletes has a foreign key to `users` with
//! `ON DELETE CASCADE`, `RESTRICT` or `NO ACTION`: the erasure engine deletes explicitly in
//! [`Plan::delete_order`], and the database then either follows or refuses to leave a row
//! behind. `SET NULL` would silently detach the rows from the person, so it is allowed only
//! where rows are meant to outlive them and the column's reference rule is `SetNull`. A
//! `Direct` column without a foreign key is allowed only for rows kept under a legal
//! obligation (the audit log, which must outlive the people it names). A `SetNull`
//! reference has `ON DELETE SET NULL`, so a reference the engine misses is still cleared.
//!
//! # Why the map carries the graph
//!
//! The entities declare no relations and the map does not derive its graph from them: the
//! foreign keys it walks are written here once, and a test compares them, with their
//! `ON DELETE` rules, with the foreign keys of the migrated database itself on SQLite and
//! PostgreSQL. One source of truth, checked against what the database enforces rather than
//! against hand-written entity relations that could drift from it just as the map could.

mod classes;
mod plan;
mod query;
mod reach;
mod stores;
mod tables;

#[cfg(test)]
mod checks;

pub use classes::{Category, ColumnClass, Export, ExportKind};
pub use plan::{
    Anchor, Hop, JoinPath, MEMBER_USER, MEMBER_WORKSPACE, MEMBERSHIPS, Plan, PlanError, Reference, SUBJECT_EMAIL,
    SUBJECT_KEY, SUBJECT_TABLE, Step, plan_for,
};
pub use query::TOMBSTONE;
pub use reach::{Reach, ReferenceRule, RowAction, Subject};
pub use stores::{ColumnRef, ExternalStore, STORES};
pub use tables::TABLES;

#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct TableMap {
    pub table: &'static str,
    /// Whose rows these are, how they reach that person and what erasure does to them.
    pub subject: Subject,
    pub columns: &'static [ColumnClass],
}

impl TableMap {
    pub fn column(&self, name: &str) -> Option<&ColumnClass> {
        self.columns.iter().find(|c| c.column == name)
    }

    /// The ways a row reaches a person; empty for a table whose rows are no one's.
    pub fn reach(&self) -> &'static [Reach] {
        match self.subject {
            Subject::Person { reach, .. } => reach,
            Subject::NoOne { .. } => &[],
        }
    }

    /// The first column holding the person's user id, if rows are tied to one directly.
    pub fn subject_column(&self) -> Option<&'static str> {
        self.reach().iter().find_map(|r| match r {
            Reach::Direct { column } => Some(*column),
            _ => None,
        })
    }

    /// Whether any column holds personal data.
    pub fn is_personal(&self) -> bool {
        self.columns.iter().any(|c| c.category != Category::NotPersonal)
    }
}

/// The classification of one table, if it is in the map.
pub fn table(name: &str) -> Option<&'static TableMap> {
    TABLES.iter().find(|t| t.table == name)
}
