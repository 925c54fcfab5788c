//! `get_domain_changes`: a domain's change log, earliest first, paged.

use serde::Deserialize;

use crate::authz::Action;
use crate::changes::{self, Kind, Page};
use crate::directory::resolve_domain;
use crate::error::Result;
use crate::oma::lenient;
use crate::oma::search::Range;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub domain: String,
    #[serde(default)]
    pub range: Range,
}

pub async fn get_domain_changes(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Page> {
    let domain = resolve_domain(engine.db(), &ctx.caller, &req.domain, Action::Read).await?;
    changes::page(engine.db(), Kind::Domain, domain.id, req.range).await
}
