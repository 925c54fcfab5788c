//! A mailbox owner changing its own password in the portal: the current
//! password must be given (a session left open on a shared computer is not
//! enough to take the account over), and the account's other sessions end.
//! Not an OMA method; OMA clients set `password` through change_user.

use serde_json::{Map, Value};

use super::change_user::{change_user, Request as ChangeUser};
use crate::error::{Code, Error, Result};
use crate::identity::credentials::{Purpose, Secret};
use crate::{Credentials, Ctx, Engine};

pub struct Request {
    pub current: String,
    pub new: String,
    /// The portal session making the change (it stays open).
    pub session: Option<String>,
}

/// The hint key under which a wrong current password is reported.
pub const CURRENT: &str = "current_password";

pub async fn change_own_password(engine: &Engine, ctx: &Ctx, req: Request) -> Result<()> {
    let me = &ctx.caller;
    if me.home.domain_id.is_none() {
        // Provider admins have no mailbox account to change.
        return Err(Code::NotPermitted.into());
    }
    let creds = Credentials { user: me.name.clone(), secret: Secret::Password(req.current), client: None };
    let wrong = || Error::hint(Code::BadAttributes, CURRENT, "This is not the account's current password");
    match engine.authenticate_credentials(&creds, Purpose::Portal).await {
        Ok(checked) if checked.user_id == me.user_id => {}
        Ok(_) => return Err(wrong()),
        Err(e) if e.code() == Code::InvalidCredentials => return Err(wrong()),
        // A server fault is reported as one, not as a wrong password.
        Err(e) => return Err(e),
    }
    let mut attributes = Map::new();
    attributes.insert("password".into(), Value::String(req.new));
    change_user(engine, ctx, ChangeUser { user: me.name.clone(), attributes, create_only: None }).await?;
    // Whoever else holds a session or token of this account loses it.
    let keep = req.session.map(|t| engine.token_mac(&t)).unwrap_or_default();
    sqlx::query("DELETE FROM tokens WHERE user_id = $1 AND token_mac <> $2")
        .bind(me.user_id)
        .bind(keep)
        .execute(engine.db().pool())
        .await?;
    engine.identities_changed();
    Ok(())
}
