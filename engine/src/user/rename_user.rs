//! `rename_user`: a new address in the same domain for an account. Settings,
//! aliases, roles and history follow (they hang on the account's id); the
//! rename is one transaction, so the account has the old name or the new one,
//! never both or neither.

use serde::Deserialize;

use super::find_account;
use crate::authz::{self, Action};
use crate::changes::{self, Actor, Change, Kind};
use crate::directory::{missing, names};
use crate::error::{fail, Code, Error, Result};
use crate::mailstore::{moves, MailStore};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    #[serde(deserialize_with = "lenient::string")]
    pub new_name: String,
}

pub async fn rename_user(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let caller = &ctx.caller;
    let (local, domain) = names::mailbox(&req.user).map_err(|why| Error::hint(Code::BadAttributes, "user", why))?;
    let (new_local, new_domain) =
        names::mailbox(&req.new_name).map_err(|why| Error::hint(Code::BadAttributes, "new_name", why))?;
    let Some(user) = find_account(engine.db(), caller, &format!("{local}@{domain}")).await? else {
        return crate::directory::resolve_user(engine.db(), caller, &req.user, Action::Read).await.and(missing(caller));
    };
    // A new address is a new account to the outside world: creating rights.
    authz::require(caller, Action::Create, &user.object())?;
    if new_domain != domain {
        return Err(Error::hint(Code::BadAttributes, "new_name", "Must be in the same domain"));
    }
    let new_name = format!("{new_local}@{new_domain}");
    if new_name == user.name {
        return Ok(Done {});
    }
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE name = $1 AND deleted_at IS NULL")
        .bind(&new_name)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return fail(Code::NameTaken);
    }
    sqlx::query("UPDATE users SET name = $1 WHERE id = $2").bind(&new_name).bind(user.id).execute(&mut *tx).await?;
    let msg = format!("renamed {} to {new_name}", user.name);
    changes::record(&mut tx, &Actor::from(ctx), now, Change::new(Kind::User, user.id, msg)).await?;
    let from = MailStore::relative_dir(&user.name)?;
    let to = MailStore::relative_dir(&new_name)?;
    let moved = moves::journal(&mut tx, user.id, &from, Some(&to), now).await?;
    tx.commit().await?;
    moves::finish(engine, moved).await;
    // Remembered logins carry the old name.
    engine.identities_changed();
    Ok(Done {})
}
