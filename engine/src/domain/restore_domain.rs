//! `restore_domain`: bring back a deleted domain (by the `id` search_domains
//! lists with `deleted: true`) under its old name or a new one.

use serde::Deserialize;
use serde_json::Value;

use super::{aliases, DomainRecord};
use crate::authz::{self, Action, Object};
use crate::brand::{self, Use};
use crate::changes::{self, Actor, Change, Kind};
use crate::directory::names;
use crate::error::{fail, Code, Error, Result};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub domain: String,
    #[serde(deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(deserialize_with = "lenient::string")]
    pub new_name: String,
}

pub async fn restore_domain(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let caller = &ctx.caller;
    // Who may restore at all: whoever may create domains (the provider, company admins).
    let own = caller.grant.as_ref().and_then(|g| g.company_id).unwrap_or(0);
    if !caller.is_provider()
        && !authz::permits(caller, Action::Create, &Object::Domain { company_id: own, domain_id: 0 })
    {
        return fail(Code::NotPermitted);
    }
    let new_name = names::domain(&req.new_name).map_err(|why| Error::hint(Code::BadAttributes, "new_name", why))?;
    let id: i64 = req.id.trim().parse().map_err(|_| Error::from(Code::NoSuchObject))?;
    let old_name = req.domain.trim().to_lowercase();
    let found: Option<DomainRecord> = sqlx::query_as(
        "SELECT id, company_id, name, attrs, brand_id, alias_of, created_at, deleted_at FROM domains \
         WHERE id = $1 AND name = $2 AND deleted_at IS NOT NULL AND alias_of IS NULL",
    )
    .bind(id)
    .bind(&old_name)
    .fetch_optional(engine.db().pool())
    .await?;
    // Outside the caller's company counts as not there.
    let Some(domain) = found.filter(|d| {
        authz::permits(caller, Action::Create, &Object::Domain { company_id: d.company_id, domain_id: d.id })
    }) else {
        return fail(Code::NoSuchObject);
    };
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM domains WHERE name = $1 AND deleted_at IS NULL")
        .bind(&new_name)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return fail(Code::NameTaken);
    }
    sqlx::query("UPDATE domains SET deleted_at = NULL, name = $1 WHERE id = $2")
        .bind(&new_name)
        .bind(domain.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE companies SET domain_count = domain_count + 1 WHERE id = $1")
        .bind(domain.company_id)
        .execute(&mut *tx)
        .await?;
    brand::move_use(&mut tx, Use::Domain, None, domain.brand_id).await?;
    // Alias domains come back where their names are still free; the rest are dropped.
    let mut attrs = domain.attrs();
    if let Some(Value::Array(list)) = attrs.get("aliases").cloned() {
        let mut kept = Vec::new();
        for alias in list.iter().filter_map(Value::as_str) {
            let free: Option<(i64,)> = sqlx::query_as("SELECT id FROM domains WHERE name = $1 AND deleted_at IS NULL")
                .bind(alias)
                .fetch_optional(&mut *tx)
                .await?;
            if free.is_none() && alias != new_name {
                kept.push(alias.to_string());
            }
        }
        aliases::set(&mut tx, domain.id, domain.company_id, &new_name, &kept, now).await?;
        attrs.insert("aliases".into(), Value::from(kept));
        sqlx::query("UPDATE domains SET attrs = $1 WHERE id = $2")
            .bind(Value::Object(attrs).to_string())
            .bind(domain.id)
            .execute(&mut *tx)
            .await?;
    }
    let msg = format!("restored {} as {new_name}", domain.name);
    changes::record(&mut tx, &Actor::from(ctx), now, Change::new(Kind::Domain, domain.id, msg)).await?;
    tx.commit().await?;
    Ok(Done {})
}
