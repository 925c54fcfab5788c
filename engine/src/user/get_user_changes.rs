//! `get_user_changes`: an account's change log, earliest first, paged.

use serde::Deserialize;

use crate::authz::Action;
use crate::changes::{self, Kind, Page};
use crate::directory::resolve_user;
use crate::error::Result;
use crate::oma::lenient;
use crate::oma::search::Range;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    #[serde(default)]
    pub range: Range,
}

pub async fn get_user_changes(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Page> {
    let user = resolve_user(engine.db(), &ctx.caller, &req.user, Action::Read).await?;
    changes::page(engine.db(), Kind::User, user.id, req.range).await
}
