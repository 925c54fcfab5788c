//! Deep pages of search_users without walking every row before them: the
//! sort position of every [`EVERY`]th row of a search is remembered (a
//! mark), and a page at offset N starts from the last mark at or before N,
//! so it reads fewer than EVERY + limit index entries at any depth.
//!
//! Marks hold while the domain's accounts are unchanged. SQLite keeps a
//! version per domain (bumped by triggers in the writers' transactions), read
//! before and after a page: marks are built and used only when no write came
//! in between. Logins have a version of their own, which only the last-login
//! order reads. The first deep page of a search walks to its depth; the rest
//! of the search's marks are then laid in the background, so that the next
//! pages at any depth find them. PostgreSQL has no such version (a counter
//! row per domain would be rewritten by every insert of a bulk import), so
//! pages there walk from the start, as before.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::db::{Arg, Backend, Db, Sql};
use crate::error::Result;

/// Rows between marks, by default.
pub const EVERY: i64 = 4_000;
/// Searches whose marks are kept.
const KEPT: usize = 64;
/// Marks a background walk lays between looks at the version (and between
/// handing what it laid to the pages asked meanwhile).
const LOOK_EVERY: usize = 16;

/// What a search orders by (then by name and id, in the same direction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// `u.id` alone.
    Id,
    /// `u.name`, then `u.id`.
    Name,
    /// `column` (integer or text, NULL first ascending and last descending),
    /// then `u.name`, then `u.id`.
    Keyed { column: &'static str, text: bool },
}

/// The sort position of one row.
#[derive(Debug, Clone)]
struct Mark {
    key: Option<Arg>,
    name: String,
    id: i64,
}

#[derive(sqlx::FromRow)]
struct MarkRow {
    key_int: Option<i64>,
    key_text: Option<String>,
    name: String,
    id: i64,
}

/// The domain's accounts version and, for the last-login order, its logins version.
type Stamp = (i64, i64);

struct Entry {
    stamp: Stamp,
    marks: Arc<Vec<Mark>>,
    /// The marks reach the end of the search.
    complete: bool,
    used: u64,
}

#[derive(Default)]
struct State {
    entries: HashMap<String, Entry>,
    clock: u64,
    /// Searches whose marks a background walk is laying.
    laying: HashSet<String>,
}

/// The marks of recent searches, by search (WHERE clause, its values and the order).
pub struct Marks {
    every: i64,
    state: Arc<Mutex<State>>,
}

/// One search: its WHERE clause over `users u`, order and SQL ORDER BY.
pub struct Search<'a> {
    pub domain_id: i64,
    pub filter: &'a Sql,
    pub order: Order,
    pub ascending: bool,
    pub order_sql: &'a str,
}

impl Marks {
    pub fn new(every: i64) -> Marks {
        Marks { every: every.max(1), state: Arc::default() }
    }

    /// The ids of the page `(first, limit)` of `search`, or None when marks
    /// cannot serve it (a shallow page, PostgreSQL, or a write meanwhile):
    /// the caller then reads the page the plain way.
    pub async fn page(&self, db: &Db, search: &Search<'_>, (first, limit): (i64, i64)) -> Result<Option<Vec<i64>>> {
        let every = self.every;
        if first < every || db.backend() != Backend::Sqlite {
            return Ok(None);
        }
        let key = format!("{}|{:?}|{}", search.filter.text, search.filter.args, search.order_sql);
        let before = stamp(db, search).await?;
        // Shared with the cache; copied only when this page lays new marks.
        let (mut marks, mut complete) = known(&self.state, &key, before);
        let known = marks.len();
        // marks[i] is the row at position (i + 1) * every.
        let wanted = (first / every) as usize;
        while marks.len() < wanted && !complete {
            match walk_marks(db, search, marks.last(), every).await? {
                Some(mark) => Arc::make_mut(&mut marks).push(mark),
                None => complete = true,
            }
        }
        let ids = match marks.get(wanted - 1) {
            Some(mark) => walk_ids(db, search, mark, first - wanted as i64 * every, limit).await?,
            // Fewer rows than the offset: the page is empty.
            None => Vec::new(),
        };
        if stamp(db, search).await? != before {
            return Ok(None);
        }
        if marks.len() > known || complete {
            keep(&self.state, key.clone(), before, marks.clone(), complete);
        }
        if !complete {
            self.lay_rest(db, search, key, before, marks);
        }
        Ok(Some(ids))
    }

    /// Lays the marks after `marks` to the end of the search in the
    /// background (one walk per search at a time), and keeps them if no write
    /// came in meanwhile.
    fn lay_rest(&self, db: &Db, search: &Search<'_>, key: String, before: Stamp, marks: Arc<Vec<Mark>>) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if !state.laying.insert(key.clone()) {
                return;
            }
        }
        let (state, every, db) = (self.state.clone(), self.every, db.clone());
        let (filter, order_sql) = (search.filter.clone(), search.order_sql.to_string());
        let (domain_id, order, ascending) = (search.domain_id, search.order, search.ascending);
        runtime.spawn(async move {
            let search = Search { domain_id, filter: &filter, order, ascending, order_sql: &order_sql };
            let mut marks = Vec::clone(&marks);
            let laid: Result<bool> = async {
                loop {
                    for _ in 0..LOOK_EVERY {
                        match walk_marks(&db, &search, marks.last(), every).await? {
                            Some(mark) => marks.push(mark),
                            None => return Ok(stamp(&db, &search).await? == before),
                        }
                    }
                    if stamp(&db, &search).await? != before {
                        return Ok(false);
                    }
                    // Pages asked meanwhile start from what is laid so far.
                    keep(&state, key.clone(), before, Arc::new(marks.clone()), false);
                }
            }
            .await;
            match laid {
                Ok(true) => keep(&state, key.clone(), before, Arc::new(marks), true),
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "laying search_users page marks failed"),
            }
            state.lock().unwrap_or_else(|e| e.into_inner()).laying.remove(&key);
        });
    }
}

/// The marks known for `key` at `stamp` (none if it is stale), and whether they reach the end.
fn known(state: &Mutex<State>, key: &str, stamp: Stamp) -> (Arc<Vec<Mark>>, bool) {
    let mut guard = state.lock().unwrap_or_else(|e| e.into_inner());
    let State { entries, clock, .. } = &mut *guard;
    *clock += 1;
    match entries.get_mut(key) {
        Some(entry) if entry.stamp == stamp => {
            entry.used = *clock;
            (entry.marks.clone(), entry.complete)
        }
        _ => (Arc::default(), false),
    }
}

/// Remembers `marks` for `key` at `stamp`, unless more are known for it already.
fn keep(state: &Mutex<State>, key: String, stamp: Stamp, marks: Arc<Vec<Mark>>, complete: bool) {
    let mut guard = state.lock().unwrap_or_else(|e| e.into_inner());
    let State { entries, clock, .. } = &mut *guard;
    *clock += 1;
    if let Some(entry) = entries.get(&key) {
        if entry.stamp == stamp && (entry.complete || entry.marks.len() > marks.len()) {
            return;
        }
    }
    if entries.len() >= KEPT && !entries.contains_key(&key) {
        if let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| k.clone()) {
            entries.remove(&oldest);
        }
    }
    entries.insert(key, Entry { stamp, marks, complete, used: *clock });
}

/// The versions `search` depends on: the domain's accounts version (0 before
/// any account was written) and, for the last-login order, its logins version.
async fn stamp(db: &Db, search: &Search<'_>) -> Result<Stamp> {
    let row: Option<Stamp> = sqlx::query_as("SELECT version, login_version FROM user_versions WHERE domain_id = $1")
        .bind(search.domain_id)
        .fetch_optional(db.pool())
        .await?;
    let (version, logins) = row.unwrap_or_default();
    let by_login = matches!(search.order, Order::Keyed { column: "u.last_login", .. });
    Ok((version, if by_login { logins } else { 0 }))
}

/// The conditions, in order, that together select the rows at and after
/// `mark` in the search's order: each is one range of the sort's index.
fn after(search: &Search<'_>, mark: &Mark) -> Vec<Sql> {
    let (ge, gt) = if search.ascending { (">=", ">") } else { ("<=", "<") };
    let rest = |sql: &mut Sql| {
        sql.push(&format!("(u.name, u.id) {ge} ("))
            .arg(Arg::Text(mark.name.clone()))
            .push(", ")
            .arg(Arg::Int(mark.id))
            .push(")");
    };
    let part = |build: &dyn Fn(&mut Sql)| {
        let mut sql = search.filter.clone();
        sql.push(" AND ");
        build(&mut sql);
        sql
    };
    match (search.order, &mark.key) {
        (Order::Id, _) => vec![part(&|s| {
            s.push(&format!("u.id {ge} ")).arg(Arg::Int(mark.id));
        })],
        (Order::Name, _) => vec![part(&|s| rest(s))],
        (Order::Keyed { column, .. }, None) => {
            // NULL keys: first ascending (then every other), last descending.
            let mut parts = vec![part(&|s| {
                s.push(&format!("{column} IS NULL AND "));
                rest(s);
            })];
            if search.ascending {
                parts.push(part(&|s| {
                    s.push(&format!("{column} IS NOT NULL"));
                }));
            }
            parts
        }
        (Order::Keyed { column, .. }, Some(value)) => {
            let mut parts = vec![
                part(&|s| {
                    s.push(&format!("{column} = ")).arg(value.clone()).push(" AND ");
                    rest(s);
                }),
                part(&|s| {
                    s.push(&format!("{column} {gt} ")).arg(value.clone());
                }),
            ];
            if !search.ascending {
                parts.push(part(&|s| {
                    s.push(&format!("{column} IS NULL"));
                }));
            }
            parts
        }
    }
}

/// The rows `skip..skip + take` counted from `mark` (or from the start), as
/// `columns`: the parts are read in order, each a bounded index range.
async fn walk<T>(
    db: &Db,
    search: &Search<'_>,
    mark: Option<&Mark>,
    skip: i64,
    take: i64,
    columns: &str,
) -> Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let parts = match mark {
        Some(mark) => after(search, mark),
        None => vec![search.filter.clone()],
    };
    let (mut skip, mut rows) = (skip, Vec::new());
    for part in parts {
        let need = take - rows.len() as i64;
        if need <= 0 {
            break;
        }
        let mut page = Sql { text: format!("SELECT {columns} FROM users u{}", part.text), args: part.args.clone() };
        page.push(&format!(" ORDER BY {} LIMIT ", search.order_sql))
            .arg(Arg::Int(need))
            .push(" OFFSET ")
            .arg(Arg::Int(skip));
        let got: Vec<T> = page.query_as().fetch_all(db.pool()).await?;
        if got.is_empty() && skip > 0 {
            // The whole part lies before the window: count it (at most `skip` entries).
            let mut count =
                Sql { text: format!("SELECT COUNT(*) FROM (SELECT 1 FROM users u{}", part.text), args: part.args };
            count.push(" LIMIT ").arg(Arg::Int(skip)).push(") c");
            let (n,): (i64,) = count.query_as().fetch_one(db.pool()).await?;
            skip -= n;
        } else {
            skip = 0;
            rows.extend(got);
        }
    }
    Ok(rows)
}

/// The mark `step` rows after `base` (or the first mark).
async fn walk_marks(db: &Db, search: &Search<'_>, base: Option<&Mark>, step: i64) -> Result<Option<Mark>> {
    let key = match search.order {
        Order::Keyed { column, text: true } => format!("NULL AS key_int, {column} AS key_text"),
        Order::Keyed { column, text: false } => format!("{column} AS key_int, NULL AS key_text"),
        _ => "NULL AS key_int, NULL AS key_text".to_string(),
    };
    let rows: Vec<MarkRow> = walk(db, search, base, step, 1, &format!("{key}, u.name AS name, u.id AS id")).await?;
    Ok(rows.into_iter().next().map(|r| Mark {
        key: match (r.key_int, r.key_text) {
            (Some(i), _) => Some(Arg::Int(i)),
            (None, Some(t)) => Some(Arg::Text(t)),
            (None, None) => None,
        },
        name: r.name,
        id: r.id,
    }))
}

async fn walk_ids(db: &Db, search: &Search<'_>, mark: &Mark, skip: i64, take: i64) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = walk(db, search, Some(mark), skip, take, "u.id").await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
