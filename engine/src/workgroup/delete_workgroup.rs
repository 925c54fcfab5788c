//! `delete_workgroup`: only an empty workgroup (10) that is not the domain's
//! default (18).

use serde::Deserialize;

use super::domain_for;
use crate::authz::{self, Action};
use crate::changes::{self, Actor, Change, Kind};
use crate::directory::find_workgroup;
use crate::error::{fail, Code, Result};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub domain: String,
    #[serde(deserialize_with = "lenient::string")]
    pub workgroup: String,
}

pub async fn delete_workgroup(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let domain = domain_for(engine.db(), &ctx.caller, &req.domain).await?;
    let Some(workgroup) = find_workgroup(engine.db(), &domain, &req.workgroup).await? else {
        return fail(Code::NoSuchObject);
    };
    authz::require(&ctx.caller, Action::Delete, &workgroup.object())?;
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let (is_default, users): (i64, i64) = sqlx::query_as("SELECT is_default, user_count FROM workgroups WHERE id = $1")
        .bind(workgroup.id)
        .fetch_one(&mut *tx)
        .await?;
    if is_default != 0 {
        return fail(Code::WorkgroupIsDefault);
    }
    if users > 0 {
        return fail(Code::NotEmpty);
    }
    // Soft-deleted accounts of the workgroup move to the default one (where a
    // restore puts them), and nobody administers the workgroup any more.
    sqlx::query(
        "UPDATE users SET workgroup_id = d.id, workgroup_name = d.name \
         FROM (SELECT id, name FROM workgroups WHERE domain_id = $1 AND is_default = 1) d WHERE workgroup_id = $2",
    )
    .bind(domain.id)
    .bind(workgroup.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE workgroups SET users_deleted = users_deleted + (SELECT users_deleted FROM workgroups WHERE id = $1) WHERE domain_id = $2 AND is_default = 1")
        .bind(workgroup.id)
        .bind(domain.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM workgroups WHERE id = $1").bind(workgroup.id).execute(&mut *tx).await?;
    let msg = format!("deleted workgroup {}", workgroup.name);
    changes::record(&mut tx, &Actor::from(ctx), now, Change::new(Kind::Domain, domain.id, msg)).await?;
    tx.commit().await?;
    Ok(Done {})
}
