//! `move_user_messages`: moves messages (ids from get_user_messages) into
//! `folder` (INBOX unless named; it must exist). Each id has its own result:
//! a stale or foreign id is error 2 for that id only.

use serde::{Deserialize, Serialize};

use super::account::{self, Access};
use super::listing::{self, ItemResult};
use super::relocate::{self, Move};
use super::{folder_name, index};
use crate::error::{Code, Error, Result};
use crate::oma::lenient;
use crate::{Ctx, Engine};

/// Most ids one call may name.
pub const MAX_IDS: usize = 10_000;

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    #[serde(deserialize_with = "lenient::string_list")]
    pub ids: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub folder: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Response {
    pub count: usize,
    pub ids: Vec<ItemResult>,
}

pub async fn move_user_messages(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    if req.ids.len() > MAX_IDS {
        return Err(Error::hint(Code::BadRequest, "ids", "At most 10,000 ids per call"));
    }
    let to = folder_name::normalize(req.folder.as_deref().unwrap_or(folder_name::INBOX))
        .map_err(|why| Error::hint(Code::BadAttributes, "folder", why))?;
    let mailbox = account::open(engine, &ctx.caller, &req.user, Access::Write).await?;
    if index::refresh_folder(engine, &mailbox, &to, false).await?.is_none() {
        return Err(Error::hint(Code::NoSuchObject, "folder", "No such folder"));
    }
    let rows = listing::find(engine, mailbox.user_id, &req.ids, false).await?;
    // Those in the folder already have nothing to do.
    let moves = rows.iter().flatten().filter(|r| r.folder != to).map(|r| Move { row: r.clone(), to: to.clone() });
    let mut moved = relocate::relocate(engine, &mailbox, moves.collect(), false).await?.into_iter();
    let results: Vec<ItemResult> = req
        .ids
        .iter()
        .zip(&rows)
        .map(|(id, row)| match row {
            Some(row) if row.folder == to => ItemResult::ok(id),
            Some(_) if moved.next() == Some(true) => ItemResult::ok(id),
            _ => ItemResult::failed(id, Code::NoSuchObject),
        })
        .collect();
    Ok(Response { count: results.len(), ids: results })
}
