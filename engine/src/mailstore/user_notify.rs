//! `user_notify`: whether the account has unseen mail in its INBOX.

use serde::{Deserialize, Serialize};

use super::account::{self, Access};
use super::{folder_name, index};
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
    pub new_mail: bool,
}

pub async fn user_notify(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let mailbox = account::open(engine, &ctx.caller, &req.user, Access::Read).await?;
    let inbox = index::refresh_folder(engine, &mailbox, folder_name::INBOX, false).await?;
    Ok(Response { new_mail: inbox.is_some_and(|f| f.unseen > 0) })
}
