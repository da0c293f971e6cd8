//! The personal-data map: every column of every table, classified by what it holds and by
//! what erasure does to it. A test compares this map with the migrated schema, so a new
//! column cannot ship unclassified; the erasure and export engines are driven by it.

mod tables;

pub use tables::TABLES;

/// What kind of data a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Ids and handles that single out a person (user id, platform account id).
    Identifier,
    /// Ways to reach a person (email address).
    Contact,
    /// Secrets that prove identity (password hashes, token hashes, encrypted tokens).
    Credential,
    /// What a person wrote or uploaded.
    Content,
    /// What a person did and when (logins, last use, consent events).
    Behavioural,
    /// Bookkeeping that says nothing about a person.
    NotPersonal,
}

/// What erasure of the subject does to the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Erasure {
    /// The row goes (the whole row, when the table's subject column matches).
    Delete,
    /// The value is replaced by one that no longer points at the person.
    Anonymise,
    /// Kept: not personal, or kept under a legal obligation (the audit trail).
    Keep,
}

#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct ColumnClass {
    pub column: &'static str,
    pub category: Category,
    pub erasure: Erasure,
}

#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct TableMap {
    pub table: &'static str,
    /// The column that links a row to its data subject, if rows belong to one person.
    pub subject_column: Option<&'static str>,
    pub columns: &'static [ColumnClass],
}

impl TableMap {
    pub fn column(&self, name: &str) -> Option<&ColumnClass> {
        self.columns.iter().find(|c| c.column == name)
    }
}

/// The classification of one table, if it is in the map.
pub fn table(name: &str) -> Option<&'static TableMap> {
    TABLES.iter().find(|t| t.table == name)
}

pub(crate) const fn col(column: &'static str, category: Category, erasure: Erasure) -> ColumnClass {
    ColumnClass { column, category, erasure }
}
