//! `delete_domain`: soft-delete a domain that holds no live accounts (error 10
//! otherwise). Its alias domains go; its soft-deleted accounts stay with it and
//! come back with restore_domain.

use serde::Deserialize;

use super::{aliases, find_live};
use crate::authz::{self, Action, Object};
use crate::brand::{self, Use};
use crate::changes::{self, Actor, Change, Kind};
use crate::directory::{missing, names};
use crate::error::{fail, Code, Error, Result};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub domain: String,
}

pub async fn delete_domain(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let caller = &ctx.caller;
    let name = names::domain(&req.domain).map_err(|why| Error::hint(Code::BadAttributes, "domain", why))?;
    let Some(domain) = find_live(engine.db(), &name).await? else { return missing(caller) };
    if let Some(target) = domain.alias_of {
        let target = super::load(engine.db(), target).await?;
        authz::require(caller, Action::Read, &Object::Domain { company_id: target.company_id, domain_id: target.id })?;
        return fail(Code::IsAlias);
    }
    authz::require(caller, Action::Delete, &Object::Domain { company_id: domain.company_id, domain_id: domain.id })?;
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let (users,): (i64,) =
        sqlx::query_as("SELECT user_count FROM domains WHERE id = $1").bind(domain.id).fetch_one(&mut *tx).await?;
    if users > 0 {
        return fail(Code::NotEmpty);
    }
    sqlx::query("UPDATE domains SET deleted_at = $1 WHERE id = $2").bind(now).bind(domain.id).execute(&mut *tx).await?;
    aliases::drop_all(&mut tx, domain.id, domain.company_id).await?;
    sqlx::query("UPDATE companies SET domain_count = domain_count - 1 WHERE id = $1")
        .bind(domain.company_id)
        .execute(&mut *tx)
        .await?;
    brand::move_use(&mut tx, Use::Domain, domain.brand_id, None).await?;
    changes::record(&mut tx, &Actor::from(ctx), now, Change::new(Kind::Domain, domain.id, format!("deleted {name}")))
        .await?;
    tx.commit().await?;
    Ok(Done {})
}
