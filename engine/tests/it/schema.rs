//! The SQLite and PostgreSQL migrations describe the same schema.

use std::collections::BTreeSet;

#[tokio::test]
async fn both_dialects_have_the_same_tables_and_columns() {
    let Some(pg) = crate::common::postgres().await else { return };
    let sqlite = crate::common::sqlite().await;
    let tables: Vec<(String,)> = sqlx::query_as(
        // user_locals (and its shadow tables) is SQLite's trigram index of
        // local parts, and user_versions its per-domain version for page
        // marks: search aids PostgreSQL does without.
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' \
         AND name NOT LIKE 'user_locals%' AND name <> 'user_versions'",
    )
    .fetch_all(sqlite.engine.db().pool())
    .await
    .expect("tables");
    let mut lite = BTreeSet::new();
    for (table,) in &tables {
        let cols: Vec<(String, i64)> =
            sqlx::query_as(&format!("SELECT name, \"notnull\" FROM pragma_table_info('{table}')"))
                .fetch_all(sqlite.engine.db().pool())
                .await
                .expect("columns");
        for (col, notnull) in cols {
            lite.insert(format!("{table}.{col} {}", if notnull == 1 { "not null" } else { "null" }));
        }
    }
    let cols: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pg.engine.db().pool())
    .await
    .expect("columns");
    let postgres: BTreeSet<String> = cols
        .into_iter()
        .map(|(t, c, nullable)| format!("{t}.{c} {}", if nullable == "NO" { "not null" } else { "null" }))
        .collect();
    // SQLite reports INTEGER PRIMARY KEY columns as nullable; PostgreSQL does not.
    let normalise = |set: BTreeSet<String>| -> BTreeSet<String> {
        set.into_iter().map(|s| s.replace(".id null", ".id not null")).collect()
    };
    assert_eq!(normalise(lite), normalise(postgres));
}
