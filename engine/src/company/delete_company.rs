//! `delete_company` (Postroom's extension, provider only): remove a company that
//! holds no domains. Deleted domains still count until they are purged, since
//! restoring one needs its company.

use serde::Deserialize;

use crate::authz::Action;
use crate::changes::{self, Actor, Change, Kind};
use crate::directory::resolve_company;
use crate::error::{fail, Code, Result};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub company: String,
}

pub async fn delete_company(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let company = resolve_company(engine.db(), &ctx.caller, &req.company, Action::Delete).await?;
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let (domains,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM domains WHERE company_id = $1")
        .bind(company.id)
        .fetch_one(&mut *tx)
        .await?;
    if domains > 0 {
        return fail(Code::NotEmpty);
    }
    sqlx::query("DELETE FROM companies WHERE id = $1").bind(company.id).execute(&mut *tx).await?;
    let msg = format!("deleted {}", company.name);
    changes::record(&mut tx, &Actor::from(ctx), now, Change::new(Kind::Company, company.id, msg)).await?;
    tx.commit().await?;
    engine.identities_changed();
    Ok(Done {})
}
