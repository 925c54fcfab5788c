//! `restore_deleted_messages`: brings messages (ids from
//! get_deleted_messages) back from the expunged tree into their folders,
//! recreating a deleted folder, under fresh file names so that Dovecot gives
//! them new UIDs without warnings. Each id has its own result; an id restored
//! already, expired or from another mailbox is error 2 for that id.

use serde::{Deserialize, Serialize};

use super::account::{self, Access};
use super::listing::{self, ItemResult};
use super::move_user_messages::MAX_IDS;
use super::relocate;
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
    let retention = engine.deleted_message_retention(mailbox.user_id).await?;
    let oldest = engine.clock().now() - retention;
    let mut results = Vec::with_capacity(req.ids.len());
    for id in &req.ids {
        let outcome = match listing::find(engine, mailbox.user_id, id, true).await? {
            Some(row) if row.changed >= oldest => {
                let folder = row.folder.clone();
                match relocate::relocate(engine, &mailbox, &row, &folder, true).await {
                    Ok(()) => ItemResult::ok(id),
                    Err(e) => {
                        // Most likely restored meanwhile by another call.
                        tracing::warn!(user = %mailbox.name, error = %e, "restoring a message failed");
                        ItemResult::failed(id, Code::NoSuchObject)
                    }
                }
            }
            _ => ItemResult::failed(id, Code::NoSuchObject),
        };
        results.push(outcome);
    }
    Ok(Response { ids: results })
}
