//! `generate_token`: a temporary login token for an account, issued by an admin.

use serde::{Deserialize, Serialize};

use super::{store_token, NewToken};
use crate::authz::{Action, TokenPower};
use crate::changes::{self, Actor, Change, Kind};
use crate::directory::resolve_user;
use crate::error::{fail, Code, Result};
use crate::identity::{token, TokenKind};
use crate::oma::lenient;
use crate::{Ctx, Engine};

pub const DEFAULT_HOURS: i64 = 24;
/// Longest lifetime one call may ask for (the spec sets none): a year.
pub const MAX_HOURS: i64 = 24 * 366;

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    /// Why the token was made; kept in the user's change log.
    #[serde(deserialize_with = "lenient::string")]
    pub reason: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub token: Option<String>,
    /// Session/sso token also valid for the OMA (company admins only).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub oma: Option<bool>,
    /// Hours (default 24).
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub duration: Option<i64>,
    /// `oma`, `session` (default) or `sso`.
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    pub kind: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Response {
    pub duration: i64,
    pub token: String,
}

pub async fn generate_token(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let kind = match req.kind.as_deref().unwrap_or("session") {
        "oma" => TokenKind::Oma,
        "session" => TokenKind::Session,
        "sso" => TokenKind::Sso,
        _ => return fail(Code::BadRequest),
    };
    let duration = req.duration.unwrap_or(DEFAULT_HOURS);
    let reason = req.reason.trim();
    if !(1..=MAX_HOURS).contains(&duration) || reason.is_empty() || reason.chars().count() > 1024 {
        return fail(Code::BadRequest);
    }
    // `oma` means nothing for a token that is an OMA token already.
    let oma_flag = kind != TokenKind::Oma && req.oma == Some(true);
    let power = match (kind, oma_flag) {
        (TokenKind::Oma, _) => TokenPower::OmaType,
        (_, true) => TokenPower::OmaFlag,
        _ => TokenPower::MailOnly,
    };
    let text = match req.token {
        Some(t) if token::valid_custom(&t) => t,
        Some(_) => return fail(Code::BadRequest),
        None => token::generate(),
    };
    let target = resolve_user(engine.db(), &ctx.caller, &req.user, Action::IssueToken(power)).await?;
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    store_token(
        engine,
        &mut tx,
        NewToken {
            user_id: target.id,
            kind,
            oma: oma_flag,
            token: &text,
            expires_at: now + duration * 3600,
            created_by: &ctx.caller.name,
            reason: Some(reason),
        },
    )
    .await?;
    let short: String = reason.chars().take(200).collect();
    let msg = format!("generated {} token [{short}]", kind.as_str());
    changes::record(&mut tx, &Actor::from(ctx), now, Change::new(Kind::User, target.id, msg)).await?;
    tx.commit().await?;
    Ok(Response { duration, token: text })
}
