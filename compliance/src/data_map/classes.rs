//! Column classes: what a column holds, which exports carry it, and what happens to it where
//! it names a person in a row that stays.

use super::reach::ReferenceRule;

/// What kind of data a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Our id for a person (a user id), wherever it appears.
    InternalId,
    /// A person's account, or a post of theirs, at a social platform: its id, handle, name,
    /// avatar or URL there.
    PlatformId,
    /// How the person is named here (display name).
    Profile,
    /// Ways to reach a person (email address).
    Contact,
    /// Secrets: password and token hashes, encrypted tokens, URLs that may embed a secret.
    /// Never exported.
    Credential,
    /// What a person wrote, uploaded or set.
    Content,
    /// What was observed or derived: what a person did and when, and what was measured
    /// about their content.
    Behavioural,
    /// A hash or derived key that singles a person out only together with other data.
    Pseudonym,
    /// Bookkeeping that says nothing about a person.
    NotPersonal,
}

/// Which exports a column goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Export {
    /// Access and portability: what the person provided.
    Both,
    /// Access only: what was observed or derived.
    Access,
    Neither,
}

/// The two kinds of export a person can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// A copy of everything held about them (GDPR Art. 15).
    Access,
    /// What they provided, in a reusable form (GDPR Art. 20).
    Portability,
}

impl Export {
    pub fn includes(self, kind: ExportKind) -> bool {
        matches!((self, kind), (Export::Both, _) | (Export::Access, ExportKind::Access))
    }
}

#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct ColumnClass {
    pub column: &'static str,
    pub category: Category,
    pub export: Export,
    /// Set where the column names a person in a row that may outlive them.
    pub reference: Option<ReferenceRule>,
}

impl ColumnClass {
    pub(crate) const fn refers(self, rule: ReferenceRule) -> Self {
        ColumnClass { reference: Some(rule), ..self }
    }
}

pub(crate) const fn col(column: &'static str, category: Category, export: Export) -> ColumnClass {
    ColumnClass { column, category, export, reference: None }
}

/// Bookkeeping, in no export.
pub(crate) const fn np(column: &'static str) -> ColumnClass {
    col(column, Category::NotPersonal, Export::Neither)
}

/// Not personal by itself, but carried in exports so a record reads on its own.
pub(crate) const fn ctx(column: &'static str, export: Export) -> ColumnClass {
    col(column, Category::NotPersonal, export)
}

/// Provided by the person: in both exports.
pub(crate) const fn given(column: &'static str, category: Category) -> ColumnClass {
    col(column, category, Export::Both)
}

/// Observed or derived: access only.
pub(crate) const fn seen(column: &'static str, category: Category) -> ColumnClass {
    col(column, category, Export::Access)
}

/// A secret: never exported.
pub(crate) const fn secret(column: &'static str) -> ColumnClass {
    col(column, Category::Credential, Export::Neither)
}

/// A user id column: the person's own, or one naming them (with [`ColumnClass::refers`]).
pub(crate) const fn user_id(column: &'static str) -> ColumnClass {
    col(column, Category::InternalId, Export::Access)
}

/// A user id naming a person in a row that is not theirs.
pub(crate) const fn names(column: &'static str, rule: ReferenceRule) -> ColumnClass {
    user_id(column).refers(rule)
}
