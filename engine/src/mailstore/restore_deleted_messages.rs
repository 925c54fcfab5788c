//! `restore_deleted_messages`: brings messages (ids from
//! get_deleted_messages) back from the expunged tree into their folders,
//! recreating a deleted folder, under fresh file names so that Dovecot gives
//! them new UIDs without warnings. Each id has its own result; an id restored
//! already, expired or from another mailbox is error 2 for that id.

use serde::{Deserialize, Serialize};

use super::account::{self, Access};
use super::listing::{self, ItemResult, Row};
use super::move_user_messages::MAX_IDS;
use super::relocate::{self, Move};
use super::retention;
use crate::error::{Code, Error, Result};
use crate::oma::lenient;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    #[serde(deserialize_with = "lenient::string_list")]
    pub ids: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Response {
    pub ids: Vec<ItemResult>,
}

pub async fn restore_deleted_messages(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    if req.ids.len() > MAX_IDS {
        return Err(Error::hint(Code::BadRequest, "ids", "At most 10,000 ids per call"));
    }
    let mailbox = account::open(engine, &ctx.caller, &req.user, Access::Write).await?;
    let retention = retention::of_user(engine, mailbox.user_id).await?;
    let oldest = engine.clock().now() - retention;
    // Expired ones (still on disk until the purge) are gone for the caller.
    let rows: Vec<Option<Row>> = listing::find(engine, mailbox.user_id, &req.ids, true)
        .await?
        .into_iter()
        .map(|row| row.filter(|r| r.changed >= oldest))
        .collect();
    let moves = rows.iter().flatten().map(|row| Move { row: row.clone(), to: row.folder.clone() }).collect();
    let mut moved = relocate::relocate(engine, &mailbox, moves, true).await?.into_iter();
    let results = req
        .ids
        .iter()
        .zip(&rows)
        .map(|(id, row)| match row.is_some() && moved.next() == Some(true) {
            true => ItemResult::ok(id),
            false => ItemResult::failed(id, Code::NoSuchObject),
        })
        .collect();
    Ok(Response { ids: results })
}
