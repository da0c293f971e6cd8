//! The migration that ties a person's connections to them rebuilds `connections` on SQLite
//! and swaps its foreign key on PostgreSQL. Neither may lose or change a row, here or in the
//! tables pointing at it, and `down` restores the old rule.

use crate::{
    data_map_schema::{foreign_keys, key_on},
    data_map_seed::{World, key, seed, v},
};
use compliance::data_map::TABLES;
use migration::{Migrator, MigratorTrait};
use postwarden_tests::TestDb;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
    sea_query::{Expr, ExprTrait, Query},
};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

const OWNER: &str = "m20261201_000001_connections_owner";

async fn connect(url: &str) -> DatabaseConnection {
    let mut options = ConnectOptions::new(url);
    // More than one pooled connection, as the server has: a setting made on one of them
    // must not be what the migration relies on.
    options.max_connections(3).sqlx_logging(false).map_sqlx_sqlite_opts(|o| o.foreign_keys(true));
    Database::connect(options).await.expect("connect")
}

async fn raw(db: &DatabaseConnection, sql: &str) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.expect(sql)
}

/// The columns and indexes of `connections`, as text to compare.
async fn shape(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') AS s \
             FROM information_schema.columns WHERE table_name = 'connections' \
             UNION ALL SELECT indexdef AS s FROM pg_indexes WHERE tablename = 'connections' ORDER BY s"
        }
        _ => {
            "SELECT p.cid || ' ' || p.name || ' ' || p.type || ' ' || p.\"notnull\" || ' ' || COALESCE(p.dflt_value, '') || ' ' || p.pk AS s \
             FROM pragma_table_info('connections') p \
             UNION ALL SELECT i.name || ' ' || i.\"unique\" || ' ' || group_concat(c.name) AS s \
             FROM pragma_index_list('connections') i JOIN pragma_index_info(i.name) c GROUP BY i.name ORDER BY s"
        }
    };
    raw(db, sql).await.iter().map(|r| r.try_get::<String>("", "s").expect("shape")).collect()
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    raw(db, sql).await.first().and_then(|r| r.try_get_by_index::<i64>(0).ok()).unwrap_or(-1)
}

/// Every row of every table: its key where it has a uuid id, else how many rows there are.
async fn contents(db: &DatabaseConnection) -> BTreeMap<&'static str, Vec<String>> {
    let mut all = BTreeMap::new();
    let present = crate::data_map_schema::schema_columns(db).await;
    // Tables added by later migrations are not there yet, before or after this one.
    for t in TABLES.iter().filter(|t| present.contains_key(t.table)) {
        let k = key(t.table);
        let rows = if t.column(k).is_some() {
            let rows = db.query_all(&Query::select().column(k).from(t.table).to_owned()).await.expect("keys");
            let mut keys: Vec<String> =
                rows.iter().map(|r| r.try_get_by_index::<Uuid>(0).expect("key").to_string()).collect();
            keys.sort();
            keys
        } else {
            vec![count(db, &format!("SELECT COUNT(*) FROM {}", t.table)).await.to_string()]
        };
        all.insert(t.table, rows);
    }
    all
}

/// What the tables pointing at connections hold about them.
async fn links(db: &DatabaseConnection) -> Vec<String> {
    let sql = "SELECT c.id AS c, c.connected_by AS u, v.ciphertext AS x, t.id AS t FROM connections c \
               LEFT JOIN vault_secrets v ON v.connection_id = c.id LEFT JOIN post_targets t ON t.connection_id = c.id";
    let mut out: Vec<String> = raw(db, sql)
        .await
        .iter()
        .map(|r| {
            let get = |c| r.try_get::<Option<Uuid>>("", c).expect("uuid");
            let secret = r.try_get::<Option<Vec<u8>>>("", "x").expect("ciphertext");
            format!("{:?} {:?} {secret:?} {:?}", get("c"), get("u"), get("t"))
        })
        .collect();
    out.sort();
    out
}

async fn connected_by_rule(db: &DatabaseConnection) -> String {
    let keys = foreign_keys(db).await;
    let key = key_on(&keys, "connections", "connected_by").filter(|k| k.parent == "users" && k.parent_column == "id");
    key.map(|k| k.on_delete.clone()).unwrap_or_default()
}

async fn assert_intact(db: &DatabaseConnection, before: &(Vec<String>, BTreeMap<&str, Vec<String>>, Vec<String>)) {
    assert_eq!(&shape(db).await, &before.0, "the table changed shape");
    let now = contents(db).await;
    let changed: Vec<_> = now.iter().filter(|(t, rows)| before.1.get(*t) != Some(*rows)).map(|(t, _)| t).collect();
    assert!(changed.is_empty(), "rows changed in {changed:?}");
    assert_eq!(&links(db).await, &before.2, "what points at connections changed");
    if db.get_database_backend() == DbBackend::Sqlite {
        assert!(raw(db, "PRAGMA foreign_key_check").await.is_empty(), "a foreign key is broken");
        let enforced = raw(db, "PRAGMA foreign_keys").await;
        assert_eq!(enforced[0].try_get_by_index::<i32>(0).ok(), Some(1), "the pool lost foreign keys");
    }
}

#[tokio::test]
async fn the_connections_owner_migration_keeps_every_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let test_db = TestDb::create(dir.path()).await;
    let db = connect(&test_db.url).await;
    let all = Migrator::migrations();
    let at = all.iter().position(|m| m.name() == OWNER).expect("the migration is registered");
    Migrator::up(&db, Some(at as u32)).await.expect("migrate to just before");
    assert_eq!(connected_by_rule(&db).await, "SET NULL");

    let world: World = seed(&db).await;
    let unowned = Uuid::now_v7();
    let now = chrono::Utc::now();
    let workspace = world.shared.workspace;
    let insert = Query::insert()
        .into_table("connections")
        .columns([
            "id",
            "workspace_id",
            "platform",
            "platform_account_id",
            "account_name",
            "scopes",
            "status",
            "connected_at",
            "updated_at",
            "can_refresh",
        ])
        .values_panic(
            [v(unowned), v(workspace), v("x"), v("legacy"), v("legacy"), v(""), v("active"), v(now), v(now), v(false)]
                .map(Expr::val),
        )
        .to_owned();
    db.execute(&insert).await.expect("a connection without a connector");
    let before = (shape(&db).await, contents(&db).await, links(&db).await);

    Migrator::up(&db, Some(1)).await.expect("the migration applies");
    assert_eq!(connected_by_rule(&db).await, "CASCADE");
    assert_intact(&db, &before).await;

    Migrator::down(&db, Some(1)).await.expect("the migration reverts");
    assert_eq!(connected_by_rule(&db).await, "SET NULL");
    assert_intact(&db, &before).await;
    Migrator::up(&db, Some(1)).await.expect("the migration applies again");
    assert_intact(&db, &before).await;

    // Deleting a person now takes their connections and tokens; the other person's, and a
    // connection without a connector, stay.
    let delete = Query::delete().from_table("users").and_where(Expr::col("id").eq(world.a)).to_owned();
    db.execute(&delete).await.expect("delete a person");
    let after = contents(&db).await;
    for table in ["connections", "vault_secrets"] {
        let left: BTreeSet<&String> = after[table].iter().collect();
        let of =
            |person: Uuid| -> BTreeSet<String> { world.owned[&person][table].iter().map(Uuid::to_string).collect() };
        assert!(of(world.a).iter().all(|k| !left.contains(k)), "A's {table} stayed");
        assert!(of(world.b).iter().all(|k| left.contains(k)), "B's {table} went");
    }
    assert!(after["connections"].contains(&unowned.to_string()), "the connection without a connector went");
}
