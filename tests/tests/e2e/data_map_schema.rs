//! Reading the migrated schema back from the database: its columns and its foreign keys,
//! with their `ON DELETE` rules, on SQLite and PostgreSQL alike.

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    pub table: String,
    pub column: String,
    pub parent: String,
    pub parent_column: String,
    /// As both databases spell it: `CASCADE`, `SET NULL`, `RESTRICT`, `NO ACTION`, `SET DEFAULT`.
    pub on_delete: String,
}

pub async fn schema_columns(db: &impl ConnectionTrait) -> BTreeMap<String, BTreeSet<String>> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public'"
        }
        _ => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
    };
    let rows = db.query_all_raw(Statement::from_string(backend, sql)).await.expect("read the schema");
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        let table: String = row.try_get("", "t").expect("table");
        let column: String = row.try_get("", "c").expect("column");
        if table != "seaql_migrations" {
            tables.entry(table).or_default().insert(column);
        }
    }
    tables
}

pub async fn foreign_keys(db: &impl ConnectionTrait) -> Vec<ForeignKey> {
    let backend = db.get_database_backend();
    // Every foreign key in the schema has one column, so joining the column usages by
    // constraint name pairs each column with its parent.
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT kcu.table_name AS t, kcu.column_name AS c, ccu.table_name AS pt, ccu.column_name AS pc, rc.delete_rule AS d \
             FROM information_schema.table_constraints tc \
             JOIN information_schema.key_column_usage kcu \
               ON kcu.constraint_name = tc.constraint_name AND kcu.constraint_schema = tc.constraint_schema \
             JOIN information_schema.referential_constraints rc \
               ON rc.constraint_name = tc.constraint_name AND rc.constraint_schema = tc.constraint_schema \
             JOIN information_schema.constraint_column_usage ccu \
               ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'"
        }
        _ => {
            "SELECT m.name AS t, f.\"from\" AS c, f.\"table\" AS pt, f.\"to\" AS pc, f.on_delete AS d \
             FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
    };
    let rows = db.query_all_raw(Statement::from_string(backend, sql)).await.expect("read the foreign keys");
    rows.into_iter()
        .map(|row| ForeignKey {
            table: row.try_get("", "t").expect("table"),
            column: row.try_get("", "c").expect("column"),
            parent: row.try_get("", "pt").expect("parent"),
            // SQLite leaves `to` empty for a key naming the parent's primary key implicitly.
            parent_column: row.try_get::<Option<String>>("", "pc").expect("parent column").unwrap_or_default(),
            on_delete: row.try_get::<String>("", "d").expect("delete rule").to_uppercase(),
        })
        .collect()
}

/// The foreign key on `table.column`, if it has one.
pub fn key_on<'k>(keys: &'k [ForeignKey], table: &str, column: &str) -> Option<&'k ForeignKey> {
    keys.iter().find(|k| k.table == table && k.column == column)
}
