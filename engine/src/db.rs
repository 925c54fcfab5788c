//! One database code path for SQLite (embedded default) and PostgreSQL.
//!
//! Queries are written once with `$1`-style placeholders (SQLite accepts them as
//! numbered parameters) and portable SQL; integers are i64 and booleans 0/1 on both.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyPool, Executor, Transaction};

use crate::error::{Error, Result};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

pub type Tx = Transaction<'static, Any>;

impl Db {
    /// Connects to `sqlite://...` or `postgres://...`. A SQLite file is created if
    /// missing and opened in WAL mode with a busy timeout; writers take the lock
    /// up front (see [`Db::begin_write`]). At most `max_connections` (None: 8
    /// on SQLite, 16 on PostgreSQL).
    pub async fn connect(url: &str, max_connections: Option<u32>) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(Error::Internal(format!(
                "unsupported database URL (use sqlite:// or postgres://): {}",
                redact_url(url)
            )));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url).map_err(|e| Error::Internal(format!("database URL: {e}")))?;
        let pool_options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        let pool = match backend {
            Backend::Sqlite => {
                pool_options
                    .max_connections(max_connections.unwrap_or(8))
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            // A larger page cache and memory-mapped reads: at a
                            // million accounts the indexes outgrow SQLite's 2 MB
                            // default and every page would be a system call.
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
                                 PRAGMA cache_size = -32768; PRAGMA mmap_size = 1073741824;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                pool_options.max_connections(max_connections.unwrap_or(16)).connect_with(options).await?
            }
        };
        Ok(Db { pool, backend })
    }

    /// Applies pending migrations of this backend's dialect.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction for a change. On SQLite it takes the write lock at BEGIN, so
    /// two writers queue on the busy timeout instead of failing on lock upgrade.
    pub async fn begin_write(&self) -> Result<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The URL without its password, for messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!("{}{}:*****{}", &url[..scheme + 3], &creds[..colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Translates an OMA `match` pattern (`*` any string, `?` one character,
/// case-insensitive) into a lower-case LIKE pattern with `\` as escape.
pub fn like_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 2);
    for c in pattern.to_lowercase().chars() {
        match c {
            '*' => out.push('%'),
            '?' => out.push('_'),
            '%' | '_' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The range of names a `match` pattern's literal head allows, as
/// `low <= name < high` in byte order (how both backends compare names), or
/// None when the pattern starts with a wildcard.
pub fn prefix_range(pattern: &str) -> Option<(String, String)> {
    let head: String = pattern.to_lowercase().chars().take_while(|c| *c != '*' && *c != '?').collect();
    let mut high = head.clone();
    // The successor of the last character that has one; a name starting
    // with `head` sorts before it.
    while let Some(last) = high.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            high.push(next);
            return Some((head, high));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_ranges_bound_what_the_pattern_matches() {
        assert_eq!(prefix_range("Ab*.com"), Some(("ab".into(), "ac".into())));
        assert_eq!(prefix_range("x?z"), Some(("x".into(), "y".into())));
        assert_eq!(prefix_range("*ab*"), None);
        assert_eq!(prefix_range(""), None);
        assert_eq!(prefix_range("a\u{D7FF}"), Some(("a\u{D7FF}".into(), "a\u{E000}".into())));
        assert_eq!(prefix_range("a\u{10FFFF}"), Some(("a\u{10FFFF}".into(), "b".into())));
    }

    #[test]
    fn like_patterns_escape_sql_wildcards() {
        assert_eq!(like_pattern("Jo*_?%"), "jo%\\__\\%");
        assert_eq!(like_pattern("a\\b"), "a\\\\b");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_url("postgres://pr:secret@127.0.0.1:5432/db"), "postgres://pr:*****@127.0.0.1:5432/db");
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}

impl Db {
    /// A subquery of integer rows bound as one value, `param`: a JSON array
    /// of arrays, read as `columns` in that order. SQLite finds each numbered
    /// parameter by walking a list, so binding the thousands of values of a
    /// multi-row statement one by one is quadratic and outweighs the
    /// statement; one JSON text costs a single parse.
    pub fn json_ints(&self, param: &str, columns: &[&str]) -> String {
        let fields: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, name)| match self.backend {
                Backend::Sqlite => format!("json_extract(value, '$[{i}]') AS {name}"),
                Backend::Postgres => format!("CAST(value->>{i} AS BIGINT) AS {name}"),
            })
            .collect();
        match self.backend {
            Backend::Sqlite => format!("SELECT {} FROM json_each({param})", fields.join(", ")),
            Backend::Postgres => {
                format!("SELECT {} FROM json_array_elements(CAST({param} AS JSON))", fields.join(", "))
            }
        }
    }
}

/// A value bound into a query assembled at run time.
#[derive(Debug, Clone)]
pub enum Arg {
    Int(i64),
    Text(String),
}

/// SQL text with numbered placeholders and the values that go with them, for the
/// searches whose WHERE and ORDER BY depend on the request.
#[derive(Debug, Default, Clone)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: impl Into<String>) -> Sql {
        Sql { text: text.into(), args: Vec::new() }
    }

    /// Appends text.
    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `arg`.
    pub fn arg(&mut self, arg: Arg) -> &mut Sql {
        self.args.push(arg);
        let n = self.args.len();
        self.text.push_str(&format!("${n}"));
        self
    }

    /// Appends placeholders for `args`, comma-separated (an `IN (...)` list).
    pub fn list(&mut self, args: impl IntoIterator<Item = Arg>) -> &mut Sql {
        for (i, arg) in args.into_iter().enumerate() {
            self.push(if i == 0 { "" } else { ", " }).arg(arg);
        }
        self
    }

    /// One page of a search and the number of rows matching in all:
    /// `SELECT {columns} {from}{self} ORDER BY {order} LIMIT .. OFFSET ..` and
    /// `SELECT COUNT(*) {from}{self}`, where `self` is the WHERE clause.
    pub async fn page<T>(
        &self,
        db: &Db,
        columns: &str,
        from: &str,
        order: &str,
        window: (i64, i64),
    ) -> Result<(Vec<T>, i64)>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        let mut page = Sql { text: format!("SELECT {columns} {from}{}", self.text), args: self.args.clone() };
        page.window(order, window);
        let rows: Vec<T> = page.query_as().fetch_all(db.pool()).await?;
        Ok((rows, self.count(db, from).await?))
    }

    /// `SELECT COUNT(*) {from}{self}`.
    pub async fn count(&self, db: &Db, from: &str) -> Result<i64> {
        let count = Sql { text: format!("SELECT COUNT(*) {from}{}", self.text), args: self.args.clone() };
        let (total,): (i64,) = count.query_as().fetch_one(db.pool()).await?;
        Ok(total)
    }

    /// One page read in two steps, so that a deep page costs no more than a
    /// walk along an index: the sort and the offset run on `key` alone over
    /// `table` (index-only when an index holds the sort columns and every
    /// column the WHERE clause `self` reads), then `columns` are read, with
    /// `joins`, for the page's rows only. `order` must name `table`'s columns.
    pub async fn page_by_key<T>(
        &self,
        db: &Db,
        (table, key): (&str, &str),
        columns: &str,
        joins: &str,
        order: &str,
        window: (i64, i64),
    ) -> Result<Vec<T>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        let mut keys =
            Sql { text: format!("SELECT {key} AS page_key FROM {table}{}", self.text), args: self.args.clone() };
        keys.window(order, window);
        let text = format!(
            // CROSS JOIN: the page's keys drive the join (SQLite would otherwise
            // walk `table` in `order` when it can and probe the keys per row).
            "SELECT {columns} FROM ({}) p CROSS JOIN {table} {joins} WHERE {key} = p.page_key ORDER BY {order}",
            keys.text
        );
        Ok(Sql { text, args: keys.args }.query_as().fetch_all(db.pool()).await?)
    }

    /// A long listing in one round trip: the database packs the rows of
    /// `SELECT {columns} {from}{self}` (the window of them in `order`) into one
    /// JSON array of arrays, since thousands of rows through the driver one by
    /// one cost more than the query. `fields` are the selected columns in the
    /// order `T` reads them: numbers, `text:` text (quoted) or `json:` JSON
    /// text (spliced in). The rows come in no particular order: sorting them
    /// is cheaper in the caller than in the database's aggregate.
    pub async fn fetch_packed<T: serde::de::DeserializeOwned>(
        &self,
        db: &Db,
        (columns, from): (&str, &str),
        fields: &[&str],
        order: &str,
        window: (i64, i64),
    ) -> Result<Vec<T>> {
        // Built as text with concat() and string_agg (both dialects have them;
        // cheaper than building JSON values): numbers as printed, text quoted,
        // JSON columns spliced as stored, without the database parsing them.
        let quote = match db.backend() {
            Backend::Sqlite => "json_quote",
            Backend::Postgres => "to_json",
        };
        let values: Vec<String> = fields
            .iter()
            .map(|f| match (f.strip_prefix("json:"), f.strip_prefix("text:")) {
                (Some(column), _) => format!("p.{column}"),
                (_, Some(column)) => format!("COALESCE(CAST({quote}(p.{column}) AS TEXT), 'null')"),
                _ => format!("COALESCE(CAST(p.{f} AS TEXT), 'null')"),
            })
            .collect();
        let packed =
            format!("'[' || COALESCE(string_agg(concat('[', {}, ']'), ','), '') || ']'", values.join(", ',', "));
        let mut inner = Sql { text: format!("SELECT {columns} {from}{}", self.text), args: self.args.clone() };
        if window != (0, i64::MAX) {
            inner.window(order, window);
        }
        let text = format!("SELECT {packed} FROM ({}) p", inner.text);
        let (json,): (String,) = Sql { text, args: inner.args }.query_as().fetch_one(db.pool()).await?;
        serde_json::from_str(&json).map_err(|e| Error::Internal(format!("packed rows: {e}")))
    }

    fn window(&mut self, order: &str, (first, limit): (i64, i64)) {
        self.push(&format!(" ORDER BY {order} LIMIT ")).arg(Arg::Int(limit)).push(" OFFSET ").arg(Arg::Int(first));
    }

    /// The statement with its values bound, for statements without rows.
    pub fn query<'q>(&'q self) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
        self.args.iter().fold(sqlx::query(&self.text), |q, arg| match arg {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(s) => q.bind(s.as_str()),
        })
    }

    pub fn query_as<'q, T>(&'q self) -> sqlx::query::QueryAs<'q, Any, T, sqlx::any::AnyArguments<'q>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        self.args.iter().fold(sqlx::query_as(&self.text), |q, arg| match arg {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(s) => q.bind(s.as_str()),
        })
    }
}
