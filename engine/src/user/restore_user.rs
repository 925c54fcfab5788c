//! `restore_user`: bring back an account deleted within the retention period
//! (30 days unless configured), under its old name or a new one in the same
//! domain. Wrong or expired id → 2; name taken → 7. Aliases whose names are
//! still free come back too.

use serde::Deserialize;

use super::{count, count_column, UserRecord};
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
    /// The spec's first example spells it `ids`.
    #[serde(alias = "ids", deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(deserialize_with = "lenient::string")]
    pub new_name: String,
}

pub async fn restore_user(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let caller = &ctx.caller;
    let (local, domain) = names::mailbox(&req.user).map_err(|why| Error::hint(Code::BadAttributes, "user", why))?;
    let (new_local, new_domain) =
        names::mailbox(&req.new_name).map_err(|why| Error::hint(Code::BadAttributes, "new_name", why))?;
    if new_domain != domain {
        return Err(Error::hint(Code::BadAttributes, "new_name", "Must be in the same domain"));
    }
    let now = engine.clock().now();
    let oldest = now - engine.user_retention().as_secs() as i64;
    let id: i64 = req.id.trim().parse().unwrap_or(-1);
    let found: Option<UserRecord> = sqlx::query_as(&format!(
        "{} WHERE u.id = $1 AND u.name = $2 AND u.deleted_at IS NOT NULL AND u.alias_of IS NULL",
        super::SELECT
    ))
    .bind(id)
    .bind(format!("{local}@{domain}"))
    .fetch_optional(engine.db().pool())
    .await?;
    let Some(user) = found else {
        let domain_ref = crate::directory::find_domain(engine.db(), &domain).await?;
        return match domain_ref {
            Some(d) => authz::require(caller, Action::Read, &d.object()).and(fail(Code::NoSuchObject)),
            None => missing(caller),
        };
    };
    authz::require(caller, Action::Create, &user.object())?;
    if user.deleted_at.unwrap_or(0) < oldest {
        return fail(Code::NoSuchObject);
    }
    let Some(domain_ref) = crate::directory::domain_by_id(engine.db(), user.domain_id.unwrap_or(0)).await? else {
        // The domain itself is deleted: restore_domain first.
        return fail(Code::NoSuchDomain);
    };
    let new_name = format!("{new_local}@{new_domain}");
    let ids = (domain_ref.company_id, domain_ref.id, user.workgroup_id);
    let mut tx = engine.db().begin_write().await?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE name = $1 AND deleted_at IS NULL")
        .bind(&new_name)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return fail(Code::NameTaken);
    }
    sqlx::query("UPDATE users SET deleted_at = NULL, name = $1 WHERE id = $2")
        .bind(&new_name)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    count(&mut tx, ids, count_column(&user.kind), 1, true).await?;
    count(&mut tx, ids, "users_deleted", -1, false).await?;
    let aliases: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT id, name, domain_id FROM users WHERE alias_of = $1 AND deleted_at = $2")
            .bind(user.id)
            .bind(user.deleted_at)
            .fetch_all(&mut *tx)
            .await?;
    let mut kept = Vec::new();
    for (alias_id, alias, domain_id) in aliases {
        let free: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE name = $1 AND deleted_at IS NULL")
            .bind(&alias)
            .fetch_optional(&mut *tx)
            .await?;
        if free.is_none() {
            sqlx::query("UPDATE users SET deleted_at = NULL WHERE id = $1").bind(alias_id).execute(&mut *tx).await?;
            count(&mut tx, (ids.0, domain_id, None), "users_alias", 1, true).await?;
            kept.push(serde_json::Value::String(alias));
        }
    }
    let mut attrs = user.attrs();
    attrs.insert("aliases".into(), serde_json::Value::Array(kept));
    sqlx::query("UPDATE users SET attrs = $1 WHERE id = $2")
        .bind(serde_json::Value::Object(attrs).to_string())
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    let msg = if new_name == user.name {
        format!("restored {new_name}")
    } else {
        format!("restored {} as {new_name}", user.name)
    };
    changes::record(&mut tx, &Actor::from(ctx), now, Change::new(Kind::User, user.id, msg)).await?;
    let to = MailStore::relative_dir(&new_name)?;
    let moved = moves::journal(&mut tx, user.id, &MailStore::deleted_relative_dir(user.id), Some(&to), now).await?;
    tx.commit().await?;
    moves::finish(engine, moved).await;
    Ok(Done {})
}
