//! `get_user_folders`: an account's folders (Unicode, '.'-separated, INBOX
//! first) and its deleted folders: those with restorable messages in the
//! expunged tree and no live folder of the same name.

use serde::{Deserialize, Serialize};

use super::account::{self, Access};
use super::folder_name::INBOX;
use super::index::{self, FolderRow};
use crate::error::Result;
use crate::oma::lenient;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
}

#[derive(Debug, Serialize)]
pub struct Response {
    pub folders: Vec<String>,
    pub deleted_folders: Vec<String>,
    /// Counts and sizes per folder, for the portal (not on the wire).
    #[serde(skip)]
    pub details: Vec<FolderRow>,
}

pub async fn get_user_folders(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let mailbox = account::open(engine, &ctx.caller, &req.user, Access::Read).await?;
    let rows = index::refresh(engine, &mailbox).await?;
    Ok(shape(rows))
}

pub fn shape(mut rows: Vec<FolderRow>) -> Response {
    rows.sort_by_key(|r| (r.name != INBOX, r.name.to_lowercase()));
    let live: Vec<String> = rows.iter().filter(|r| !r.is_deleted()).map(|r| r.name.clone()).collect();
    let deleted_folders = rows
        .iter()
        .filter(|r| r.is_deleted() && r.messages > 0 && !live.contains(&r.name))
        .map(|r| r.name.clone())
        .collect();
    Response { folders: live, deleted_folders, details: rows }
}
