//! `delete_brand` (provider only): error 14 while a company, domain or user uses it.

use serde::Deserialize;

use super::find_brand;
use crate::authz::{self, Action, Object};
use crate::changes::{self, Actor, Change, Kind};
use crate::error::{fail, Code, Result};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub brand: String,
}

pub async fn delete_brand(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    authz::require(&ctx.caller, Action::Delete, &Object::Provider)?;
    let Some(brand) = find_brand(engine.db(), &req.brand).await? else { return fail(Code::NoSuchObject) };
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let (uses,): (i64,) = sqlx::query_as("SELECT company_uses + domain_uses + user_uses FROM brands WHERE id = $1")
        .bind(brand.id)
        .fetch_one(&mut *tx)
        .await?;
    if uses > 0 {
        return fail(Code::BrandInUse);
    }
    sqlx::query("UPDATE brands SET deleted_at = $1 WHERE id = $2").bind(now).bind(brand.id).execute(&mut *tx).await?;
    // Soft-deleted domains still pointing at it forget it (restoring one must not revive the brand).
    sqlx::query("UPDATE domains SET brand_id = NULL WHERE brand_id = $1").bind(brand.id).execute(&mut *tx).await?;
    changes::record(
        &mut tx,
        &Actor::from(ctx),
        now,
        Change::new(Kind::Brand, brand.id, format!("deleted {}", brand.name)),
    )
    .await?;
    tx.commit().await?;
    Ok(Done {})
}
