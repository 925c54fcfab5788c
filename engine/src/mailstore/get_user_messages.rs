//! `get_user_messages`: the messages of one folder (INBOX unless named), with
//! their headers and ids for move_user_messages. `limit` + `recent` give the
//! newest first; `unseen` only what was not read yet. Extensions for the
//! portal's mailbox browser: `range`, `sort` (date, from, subject, size) and a
//! `headers` selection as in get_deleted_messages.

use serde::{Deserialize, Serialize};

use super::account::{self, Access};
use super::folder_name;
use super::index;
use super::listing::{self, Message, Row};
use crate::error::{Code, Error, Result};
use crate::oma::lenient;
use crate::oma::search::{Direction, Range, Sort};
use crate::{Ctx, Engine};

#[derive(Debug, Default, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub folder: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub limit: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub recent: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub unseen: Option<bool>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub headers: Vec<String>,
    #[serde(default)]
    pub range: Option<Range>,
    #[serde(default)]
    pub sort: Sort,
}

#[derive(Debug, Serialize)]
pub struct Response {
    pub count: usize,
    pub messages: Vec<Message>,
    /// Messages in the folder (with `unseen`: unseen ones), for paging.
    #[serde(skip)]
    pub total: i64,
}

const SORT_KEYS: &[&str] = &["date", "from", "subject", "size"];

pub async fn get_user_messages(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let folder = folder_name::normalize(req.folder.as_deref().unwrap_or(folder_name::INBOX))
        .map_err(|why| Error::hint(Code::BadAttributes, "folder", why))?;
    let key = req.sort.key(SORT_KEYS)?;
    let (first, limit) = match (&req.range, req.limit) {
        (Some(range), _) => range.window()?,
        (None, Some(limit)) if limit >= 0 => (0, limit),
        (None, Some(_)) => return Err(Code::BadRequest.into()),
        (None, None) => (0, i64::MAX),
    };
    let mailbox = account::open(engine, &ctx.caller, &req.user, Access::Read).await?;
    let Some(row) = index::refresh_folder(engine, &mailbox, &folder, false).await? else {
        return Err(Error::hint(Code::NoSuchObject, "folder", "No such folder"));
    };
    let column = match key {
        "from" => "m.from_text",
        "subject" => "m.subject",
        "size" => "m.size",
        _ => "m.received",
    };
    // `recent` (with a limit) means newest first, whatever else was asked.
    let direction =
        if req.recent == Some(true) && req.limit.is_some() { Direction::Descending } else { req.sort.direction };
    let unseen = if req.unseen == Some(true) { " AND m.seen = 0" } else { "" };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {} FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id \
         WHERE m.folder_id = $1{unseen} ORDER BY {column} {dir}, m.id {dir} LIMIT $2 OFFSET $3",
        listing::COLUMNS,
        dir = direction.sql()
    ))
    .bind(row.id)
    .bind(limit)
    .bind(first)
    .fetch_all(engine.db().pool())
    .await?;
    let wanted = listing::wanted(&req.headers);
    let messages = rows
        .iter()
        .map(|r| Message::of(engine.keys(), mailbox.user_id, r, wanted.as_deref()))
        .collect::<Result<Vec<_>>>()?;
    let total = if req.unseen == Some(true) { row.unseen } else { row.messages };
    Ok(Response { count: messages.len(), messages, total })
}
