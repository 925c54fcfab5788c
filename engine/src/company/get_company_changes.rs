//! `get_company_changes`: a company's change log, earliest first, paged.

use serde::Deserialize;

use crate::authz::Action;
use crate::changes::{self, Kind, Page};
use crate::directory::resolve_company;
use crate::error::Result;
use crate::oma::lenient;
use crate::oma::search::Range;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub company: String,
    #[serde(default)]
    pub range: Range,
}

pub async fn get_company_changes(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Page> {
    let company = resolve_company(engine.db(), &ctx.caller, &req.company, Action::Read).await?;
    changes::page(engine.db(), Kind::Company, company.id, req.range).await
}
