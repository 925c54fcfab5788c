//! `delete_user`: soft delete. The account stops receiving mail and logging
//! in, leaves the live lists, and can be restored (restore_user) within the
//! retention period; its alias rows go with it and come back with it.

use serde::Deserialize;

use super::{count, count_column, find_account};
use crate::authz::{self, Action};
use crate::changes::{self, Actor, Change, Kind};
use crate::directory::{missing, names};
use crate::error::{Code, Error, Result};
use crate::mailstore::{moves, MailStore};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
}

pub async fn delete_user(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let caller = &ctx.caller;
    let (local, domain) = names::mailbox(&req.user).map_err(|why| Error::hint(Code::BadAttributes, "user", why))?;
    let Some(user) = find_account(engine.db(), caller, &format!("{local}@{domain}")).await? else {
        return crate::directory::resolve_user(engine.db(), caller, &req.user, Action::Delete)
            .await
            .and(missing(caller));
    };
    authz::require(caller, Action::Delete, &user.object())?;
    if user.id == caller.user_id {
        return Err(Error::hint(Code::BadAttributes, "user", "You cannot delete your own account"));
    }
    let ids = (user.company_id.unwrap_or(0), user.domain_id.unwrap_or(0), user.workgroup_id);
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    sqlx::query("UPDATE users SET deleted_at = $1 WHERE id = $2").bind(now).bind(user.id).execute(&mut *tx).await?;
    count(&mut tx, ids, count_column(&user.kind), -1, true).await?;
    count(&mut tx, ids, "users_deleted", 1, false).await?;
    let aliases: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, domain_id FROM users WHERE alias_of = $1 AND deleted_at IS NULL")
            .bind(user.id)
            .fetch_all(&mut *tx)
            .await?;
    for (id, domain_id) in aliases {
        sqlx::query("UPDATE users SET deleted_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
        count(&mut tx, (ids.0, domain_id, None), "users_alias", -1, true).await?;
    }
    changes::record(
        &mut tx,
        &Actor::from(ctx),
        now,
        Change::new(Kind::User, user.id, format!("deleted {}", user.name)),
    )
    .await?;
    // The mailbox waits aside, so that a new account of the same name starts empty.
    let from = MailStore::relative_dir(&user.name)?;
    let moved = moves::journal(&mut tx, user.id, &from, Some(&MailStore::deleted_relative_dir(user.id)), now).await?;
    tx.commit().await?;
    moves::finish(engine, moved).await;
    // Its sessions and remembered logins end now.
    engine.identities_changed();
    Ok(Done {})
}
