//! `change_company`: change an existing company's attributes; for the provider,
//! also create a company that does not exist yet (Postroom's extension: OMA has
//! no company-creation method).
//!
//! Company attributes themselves (spam settings, defaults, contacts...) are not
//! stored yet: any attribute is refused with error 6 and a hint, never accepted
//! and dropped.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::authz::{Action, Billing, Object};
use crate::changes::Actor;
use crate::directory::{find_company, provision, resolve_company};
use crate::error::{Code, Error, Hints, Result};
use crate::oma::{lenient, Done};
use crate::{authz, Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub company: String,
    #[serde(deserialize_with = "lenient::object")]
    pub attributes: Map<String, Value>,
}

pub async fn change_company(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let caller = &ctx.caller;
    let exists = find_company(engine.db(), &req.company).await?.is_some();
    if exists {
        resolve_company(engine.db(), caller, &req.company, Action::Change(Billing::NonBillable)).await?;
    } else {
        authz::require(caller, Action::Create, &Object::Company { company_id: 0 })?;
    }
    if !req.attributes.is_empty() {
        let hints: Hints = req.attributes.keys().map(|k| (k.clone(), "Unknown attribute".to_string())).collect();
        return Err(Error::with_hints(Code::BadAttributes, hints));
    }
    if !exists {
        provision::create_company(engine, &Actor::from(ctx), &req.company).await?;
    }
    Ok(Done {})
}
