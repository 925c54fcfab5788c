//! `stats_snapshot`: a link to a company's or domain's figures for one period
//! as a file (CSV, or JSON with `&format=json`), valid for 15 minutes and
//! signed with the server key over the id, the requester and the expiry.

use serde::{Deserialize, Serialize};

use super::rollup::known_period;
use super::snapshot_file;
use super::stats_summary::resolve;
use crate::error::{fail, Code, Result};
use crate::oma::lenient;
use crate::{Ctx, Engine};

#[derive(Debug, Default, Deserialize)]
pub struct Request {
    #[serde(rename = "type", deserialize_with = "lenient::string")]
    pub kind: String,
    #[serde(deserialize_with = "lenient::string")]
    pub object: String,
    #[serde(deserialize_with = "lenient::string")]
    pub date: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub snapshot: String,
}

pub async fn stats_snapshot(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let target = resolve(engine, &ctx.caller, Some(&req.kind), Some(&req.object), false).await?;
    let Some((period, start)) = known_period(engine, &req.date).await? else { return fail(Code::NoSuchObject) };
    let id = format!("{}:{}:{}", target.name(), target.kind(), period.key(start));
    let expires = engine.clock().now() + snapshot_file::VALID_SECONDS;
    Ok(Response { snapshot: snapshot_file::url(engine, &id, &ctx.caller.name, expires) })
}
