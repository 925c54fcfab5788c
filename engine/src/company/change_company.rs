//! `change_company`: change a company's attributes (partial update; lists are
//! replaced whole; null unsets). For the provider it also creates a company
//! that does not exist yet, Postroom's extension since OMA has no
//! company-creation method.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{load, quota_maximum};
use crate::attributes::{self, apply};
use crate::authz::{self, Action, Billing, Object};
use crate::brand::{self, Use};
use crate::changes::{self, Actor, Change, Kind};
use crate::db::Tx;
use crate::directory::{find_company, provision, resolve_company};
use crate::error::{Code, Error, Result};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub company: String,
    #[serde(deserialize_with = "lenient::object")]
    pub attributes: Map<String, Value>,
}

pub async fn change_company(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let caller = &ctx.caller;
    let existing = match find_company(engine.db(), &req.company).await? {
        Some(_) => {
            Some(resolve_company(engine.db(), caller, &req.company, Action::Change(Billing::NonBillable)).await?)
        }
        None => {
            authz::require(caller, Action::Create, &Object::Company { company_id: 0 })?;
            None
        }
    };
    let mut requested = attributes::validate(attributes::COMPANY, &req.attributes)?;
    let actor = Actor::from(ctx);
    let now = engine.clock().now();
    match existing {
        Some(company) => {
            let record = load(engine.db(), company.id).await?;
            let mut attrs = record.attrs();
            apply::check_rights(caller, &company.object(), &attrs, &requested)?;
            let brand = brand::after_change(engine.db(), company.id, &mut requested, record.brand_id).await?;
            let log = apply::merge(&mut attrs, &requested, authz::rank(caller));
            check_quota(&attrs)?;
            let mut tx = engine.db().begin_write().await?;
            save(&mut tx, company.id, &attrs, record.brand_id, brand).await?;
            record_changes(&mut tx, &actor, now, company.id, &log).await?;
            tx.commit().await?;
        }
        None => {
            let mut tx = engine.db().begin_write().await?;
            let company = provision::insert_company(&mut tx, &actor, now, &req.company).await?;
            let mut attrs = attributes::company_defaults();
            let brand = brand::after_change(engine.db(), company.id, &mut requested, None).await?;
            let log = apply::merge(&mut attrs, &requested, authz::rank(caller));
            check_quota(&attrs)?;
            save(&mut tx, company.id, &attrs, None, brand).await?;
            record_changes(&mut tx, &actor, now, company.id, &log).await?;
            tx.commit().await?;
        }
    }
    Ok(Done {})
}

fn check_quota(attrs: &Map<String, Value>) -> Result<()> {
    let quota = attrs.get("quota").and_then(Value::as_i64).unwrap_or(0);
    let maximum = quota_maximum(attrs);
    if quota > maximum {
        return Err(Error::hint(Code::BadAttributes, "quota", format!("More than quota_maximum ({maximum})")));
    }
    Ok(())
}

async fn save(
    tx: &mut Tx,
    id: i64,
    attrs: &Map<String, Value>,
    old_brand: Option<i64>,
    brand: Option<i64>,
) -> Result<()> {
    sqlx::query("UPDATE companies SET attrs = $1, brand_id = $2 WHERE id = $3")
        .bind(Value::Object(attrs.clone()).to_string())
        .bind(brand)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    brand::move_use(tx, Use::Company, old_brand, brand).await
}

/// One change-log entry per attribute that changed.
pub async fn record_changes(
    tx: &mut Tx,
    actor: &Actor,
    now: i64,
    id: i64,
    log: &[(&'static str, String)],
) -> Result<()> {
    for (name, text) in log {
        changes::record(tx, actor, now, Change::attribute(Kind::Company, id, name, text.clone())).await?;
    }
    Ok(())
}
