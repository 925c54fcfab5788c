//! `get_company_bulletin` and `get_domain_bulletin`: a bulletin's text as
//! stored (no Date added; that happens when it is posted).

use serde::{Deserialize, Serialize};

use super::{find, kind, Scope};
use crate::authz::Action;
use crate::error::Result;
use crate::oma::lenient;
use crate::{Ctx, Engine};

pub type CompanyRequest = super::CompanyRequest<Request>;
pub type DomainRequest = super::DomainRequest<Request>;

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub bulletin: String,
    #[serde(rename = "type", deserialize_with = "lenient::string")]
    pub kind: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub bulletin_text: String,
}

pub async fn get_company_bulletin(engine: &Engine, ctx: &Ctx, req: CompanyRequest) -> Result<Response> {
    let scope = Scope::company(engine, &ctx.caller, &req.company, Action::Read).await?;
    get(engine, &scope, req.fields).await
}

pub async fn get_domain_bulletin(engine: &Engine, ctx: &Ctx, req: DomainRequest) -> Result<Response> {
    let scope = Scope::domain(engine, &ctx.caller, &req.domain, Action::Read).await?;
    get(engine, &scope, req.fields).await
}

async fn get(engine: &Engine, scope: &Scope, req: Request) -> Result<Response> {
    let bulletin = find(engine, scope, kind(&req.kind)?, req.bulletin.trim()).await?;
    Ok(Response { bulletin_text: bulletin.body })
}
