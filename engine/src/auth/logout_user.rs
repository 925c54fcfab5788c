//! `logout_user`: end every session of an account (its tokens of every kind,
//! portal sessions included).

use serde::Deserialize;

use crate::authz::{Action, Billing};
use crate::changes::{self, Actor, Change, Kind};
use crate::directory::resolve_user;
use crate::error::Result;
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
}

pub async fn logout_user(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let target = resolve_user(engine.db(), &ctx.caller, &req.user, Action::Change(Billing::NonBillable)).await?;
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    sqlx::query("DELETE FROM tokens WHERE user_id = $1").bind(target.id).execute(&mut *tx).await?;
    changes::record(&mut tx, &Actor::from(ctx), now, Change::new(Kind::User, target.id, "logged out all sessions"))
        .await?;
    tx.commit().await?;
    engine.identities_changed();
    Ok(Done {})
}
