//! `create_workgroup`: error 8 for a missing domain, 7 for an existing workgroup.

use serde::Deserialize;

use super::domain_for;
use crate::authz::{self, Action, Object};
use crate::changes::Actor;
use crate::directory::provision;
use crate::error::Result;
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub domain: String,
    #[serde(deserialize_with = "lenient::string")]
    pub workgroup: String,
}

pub async fn create_workgroup(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let domain = domain_for(engine.db(), &ctx.caller, &req.domain).await?;
    let object = Object::Workgroup { company_id: domain.company_id, domain_id: domain.id, workgroup_id: 0 };
    authz::require(&ctx.caller, Action::Create, &object)?;
    provision::create_workgroup(engine, &Actor::from(ctx), &domain, &req.workgroup).await?;
    Ok(Done {})
}
