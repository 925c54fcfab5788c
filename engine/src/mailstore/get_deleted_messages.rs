//! `get_deleted_messages`: the messages of an account that can still be
//! restored (in the lazy_expunge tree, deleted less than the retention ago),
//! newest deletion first, with their folder (IMAP and Unicode names; deleted
//! folders flagged) and headers (all, or those asked for). Extensions for the
//! portal's restore screen: `range`, and filters on sender, subject and the
//! deletion time.

use serde::{Deserialize, Serialize};

use super::account::{self, Access};
use super::folder_name;
use super::index;
use super::listing::{self, Message, Row};
use super::retention;
use crate::db::{Arg, Sql};
use crate::error::{Code, Error, Result};
use crate::oma::lenient;
use crate::oma::search::Range;
use crate::{Ctx, Engine};

#[derive(Debug, Default, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub folder: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub headers: Vec<String>,
    #[serde(default)]
    pub range: Option<Range>,
    /// Substring of the From header (case-insensitive).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub from: Option<String>,
    /// Substring of the Subject header (case-insensitive).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub subject: Option<String>,
    /// Deleted at or after / before these epoch seconds.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub deleted_after: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub deleted_before: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct Deleted {
    pub folder: String,
    #[serde(rename = "folder-unicode")]
    pub folder_unicode: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub folder_deleted: bool,
    #[serde(flatten)]
    pub message: Message,
    /// Until when it can be restored (epoch seconds), for the portal.
    #[serde(skip)]
    pub restorable_until: i64,
}

#[derive(Debug, Serialize)]
pub struct Response {
    pub count: usize,
    pub messages: Vec<Deleted>,
    /// Matching messages over all pages.
    #[serde(skip)]
    pub total: i64,
    /// How long this mailbox keeps deleted messages (seconds), for the portal.
    #[serde(skip)]
    pub retention: i64,
}

pub async fn get_deleted_messages(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let folder = match req.folder.as_deref().map(folder_name::normalize).transpose() {
        Ok(f) => f,
        Err(why) => return Err(Error::hint(Code::BadAttributes, "folder", why)),
    };
    let (first, limit) = match &req.range {
        Some(range) => range.window()?,
        None => (0, i64::MAX),
    };
    let mailbox = account::open(engine, &ctx.caller, &req.user, Access::Read).await?;
    let folders = index::refresh(engine, &mailbox).await?;
    let retention = retention::of_user(engine, mailbox.user_id).await?;
    let oldest = engine.clock().now() - retention;

    let mut sql = Sql::new(" WHERE f.user_id = ");
    sql.arg(Arg::Int(mailbox.user_id)).push(" AND f.deleted = 1 AND m.changed >= ").arg(Arg::Int(oldest));
    if let Some(folder) = &folder {
        sql.push(" AND f.name = ").arg(Arg::Text(folder.clone()));
    }
    for (column, text) in [("m.from_text", &req.from), ("m.subject", &req.subject)] {
        if let Some(text) = text.as_deref().filter(|s| !s.trim().is_empty()) {
            sql.push(&format!(" AND LOWER({column}) LIKE ")).arg(Arg::Text(contains(text))).push(" ESCAPE '\\'");
        }
    }
    if let Some(after) = req.deleted_after {
        sql.push(" AND m.changed >= ").arg(Arg::Int(after));
    }
    if let Some(before) = req.deleted_before {
        sql.push(" AND m.changed < ").arg(Arg::Int(before));
    }
    let from = "FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id";
    let mut rows: Vec<Row> = sql
        .fetch_packed(
            engine.db(),
            (listing::COLUMNS, from),
            listing::PACKED,
            "m.changed DESC, m.id DESC",
            (first, limit),
        )
        .await?;
    rows.sort_unstable_by_key(|r| std::cmp::Reverse((r.changed, r.id)));
    // All of them unless a page was asked for.
    let total = match req.range {
        Some(_) => sql.count(engine.db(), from).await?,
        None => rows.len() as i64,
    };
    let live: Vec<&str> = folders.iter().filter(|f| !f.is_deleted()).map(|f| f.name.as_str()).collect();
    let wanted = listing::wanted(&req.headers);
    let mut messages = Vec::with_capacity(rows.len());
    for row in &rows {
        messages.push(Deleted {
            folder: folder_name::encode(&row.folder),
            folder_unicode: row.folder.clone(),
            folder_deleted: !live.contains(&row.folder.as_str()),
            message: Message::of(engine.keys(), mailbox.user_id, row, wanted.as_deref())?,
            restorable_until: row.changed + retention,
        });
    }
    Ok(Response { count: messages.len(), messages, total, retention })
}

/// A LIKE pattern for "contains", lower-case, wildcards escaped.
fn contains(text: &str) -> String {
    let escaped: String = text
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] })
        .collect();
    format!("%{escaped}%")
}
