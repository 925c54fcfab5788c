//! The mailbox a mail method works on: a live account the caller may act on,
//! not an alias (error 3) and not a provider admin (no mailbox: error 2).

use std::path::PathBuf;

use crate::authz::{Action, Billing};
use crate::directory::resolve_user;
use crate::error::{fail, Code, Result};
use crate::identity::Caller;
use crate::Engine;

#[derive(Debug, Clone)]
pub struct Mailbox {
    pub user_id: i64,
    pub name: String,
    pub dir: PathBuf,
}

impl Mailbox {
    /// The mailbox of account `user_id` named `name`.
    pub fn of(engine: &Engine, user_id: i64, name: &str) -> Result<Mailbox> {
        Ok(Mailbox { user_id, name: name.to_string(), dir: engine.mail().mailbox_dir(name)? })
    }
}

/// What a mail method does to the mailbox, for the role check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// List folders and messages (the owner, and every admin who can read the account).
    Read,
    /// Move or restore messages (the owner, and admins who may change the account).
    Write,
}

pub async fn open(engine: &Engine, caller: &Caller, name: &str, access: Access) -> Result<Mailbox> {
    let action = match access {
        Access::Read => Action::Read,
        Access::Write => Action::Change(Billing::NonBillable),
    };
    let user = resolve_user(engine.db(), caller, name, action).await?;
    let alias: Option<(Option<i64>,)> = sqlx::query_as("SELECT alias_of FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_optional(engine.db().pool())
        .await?;
    if alias.and_then(|(a,)| a).is_some() {
        return fail(Code::IsAlias);
    }
    if user.domain_id.is_none() {
        return fail(Code::NoSuchObject);
    }
    Mailbox::of(engine, user.id, &user.name)
}

/// The mailbox of a live account, for the server's own work (delivery,
/// bulletins): no caller, no role check. Aliases resolve to their account.
pub async fn system(engine: &Engine, name: &str) -> Result<Mailbox> {
    let row: Option<(i64, String, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT id, name, alias_of, domain_id FROM users WHERE name = $1 AND deleted_at IS NULL")
            .bind(name.trim().to_lowercase())
            .fetch_optional(engine.db().pool())
            .await?;
    let (id, name) = match row {
        Some((_, _, Some(target), _)) => {
            let (id, name): (i64, String) =
                sqlx::query_as("SELECT id, name FROM users WHERE id = $1 AND deleted_at IS NULL")
                    .bind(target)
                    .fetch_one(engine.db().pool())
                    .await?;
            (id, name)
        }
        Some((id, name, None, Some(_))) => (id, name),
        _ => return fail(Code::NoSuchUser),
    };
    Mailbox::of(engine, id, &name)
}
