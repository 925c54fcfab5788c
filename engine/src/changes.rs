//! The change log: one row per change, written in the change's own transaction.
//! It backs `get_*_changes`, `get_user_attribute_history` and the portal's audit
//! views.

use crate::db::Tx;
use crate::error::Result;
use crate::Ctx;

/// The kinds of object the log is kept for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Brand,
    Company,
    Domain,
    Workgroup,
    User,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Brand => "brand",
            Kind::Company => "company",
            Kind::Domain => "domain",
            Kind::Workgroup => "workgroup",
            Kind::User => "user",
        }
    }
}

/// One entry. `attribute`/`value` are set for attribute changes (they feed the
/// attribute history); `msg` is the spec's text, e.g. `changed spamtag [[JUNK]]`.
pub struct Change<'a> {
    pub kind: Kind,
    pub object_id: i64,
    pub msg: String,
    pub attribute: Option<&'a str>,
    pub value: Option<String>,
}

impl<'a> Change<'a> {
    pub fn new(kind: Kind, object_id: i64, msg: impl Into<String>) -> Change<'a> {
        Change { kind, object_id, msg: msg.into(), attribute: None, value: None }
    }

    pub fn attribute(kind: Kind, object_id: i64, attribute: &'a str, value: String) -> Change<'a> {
        Change {
            kind,
            object_id,
            msg: format!("changed {attribute} [{value}]"),
            attribute: Some(attribute),
            value: Some(value),
        }
    }
}

/// Who made a change: an account's name and the application it came through,
/// or the system itself (CLI, jobs).
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub application: Option<String>,
}

impl Actor {
    /// Changes nobody asked for over the API: the CLI, jobs.
    pub fn system(application: &str) -> Actor {
        Actor { name: "postroom".into(), application: Some(application.into()) }
    }
}

impl From<&Ctx> for Actor {
    fn from(ctx: &Ctx) -> Actor {
        Actor { name: ctx.caller.name.clone(), application: Some(ctx.application.clone()) }
    }
}

/// Writes the entry, stamped with who made the change, through what, and when.
pub async fn record(tx: &mut Tx, actor: &Actor, now: i64, change: Change<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO changes (object_kind, object_id, time, actor, application, msg, attribute, value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(change.kind.as_str())
    .bind(change.object_id)
    .bind(now)
    .bind(&actor.name)
    .bind(actor.application.as_deref())
    .bind(change.msg)
    .bind(change.attribute)
    .bind(change.value)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An entry as `get_*_changes` reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct Entry {
    pub application: Option<String>,
    pub msg: String,
    pub time: i64,
    pub user: String,
}

/// Entries of one object, earliest first, and how many there are in all.
pub async fn list(db: &crate::db::Db, kind: Kind, object_id: i64, first: i64, limit: i64) -> Result<(Vec<Entry>, i64)> {
    let entries = sqlx::query_as::<_, Entry>(
        "SELECT application, msg, time, actor AS user FROM changes \
         WHERE object_kind = $1 AND object_id = $2 ORDER BY id LIMIT $3 OFFSET $4",
    )
    .bind(kind.as_str())
    .bind(object_id)
    .bind(limit)
    .bind(first)
    .fetch_all(db.pool())
    .await?;
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM changes WHERE object_kind = $1 AND object_id = $2")
        .bind(kind.as_str())
        .bind(object_id)
        .fetch_one(db.pool())
        .await?;
    Ok((entries, total))
}

/// A `get_*_changes` answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub count: i64,
    pub total_count: i64,
    pub changes: Vec<Entry>,
}

/// One page of an object's log.
pub async fn page(db: &crate::db::Db, kind: Kind, object_id: i64, range: crate::oma::search::Range) -> Result<Page> {
    let (first, limit) = range.window()?;
    let (changes, total_count) = list(db, kind, object_id, first, limit).await?;
    Ok(Page { count: changes.len() as i64, total_count, changes })
}
