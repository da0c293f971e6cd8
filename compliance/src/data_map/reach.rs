//! How a table's rows lead to a person, and what erasing that person does to them.

/// Whose rows a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Subject {
    /// Rows belong to a person: a row is theirs when any of `reach` leads to them, and
    /// erasing them does `rows` to it.
    Person { reach: &'static [Reach], rows: RowAction },
    /// Rows are no one person's. Personal columns in them are references to people (with a
    /// rule) or are explained by `reason`.
    NoOne { reason: &'static str },
}

/// One way a row leads to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Reach {
    /// `column` holds the person's user id (`users.id`).
    Direct { column: &'static str },
    /// `column` is a foreign key to `table.parent_column`; the row is the person's when the
    /// parent row is.
    Parent { column: &'static str, table: &'static str, parent_column: &'static str },
    /// `column` holds the person's normalised email (`users.email_normalized`): the row
    /// may predate their account, so there is no user id to key it by.
    ByEmail { column: &'static str },
}

/// What erasure does to a person's own rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RowAction {
    /// The row goes.
    Delete,
    /// The row stays; its personal columns are overwritten with values that no longer
    /// point at the person.
    Anonymise,
    /// Workspace content: the row goes when no one else is a member of the workspace in
    /// `workspace_column`; otherwise it stays with the members and the columns naming the
    /// person follow their reference rule.
    DeleteUnlessShared { workspace_column: &'static str },
    /// The row has no fate of its own: it goes when a parent it reaches the person through
    /// goes (every reach is a `Parent`), and stays when they stay.
    FollowParent,
    /// The row is kept, because the law requires it.
    KeepUnderLegalObligation { reason: &'static str },
}

/// What erasure does to a column that names the person in a row that stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ReferenceRule {
    /// The value becomes NULL; the column's foreign key to `users` says `ON DELETE SET
    /// NULL`, so the database does the same should the engine miss it.
    SetNull,
    /// The value becomes [`super::TOMBSTONE`], a fixed id that points at no one, for a
    /// column that must not be NULL. Such a column has no foreign key to `users`.
    Tombstone,
    /// The value is kept, because the law requires it.
    KeepUnderLegalObligation { reason: &'static str },
}
