//! `authenticate`: check credentials (done before the method runs), and on request
//! return the caller's roles and a fresh OMA session token.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{store_token, NewToken};
use crate::admin::roles::roles_of;
use crate::error::{fail, Code, Result};
use crate::identity::{token, TokenKind};
use crate::oma::lenient;
use crate::{Ctx, Engine};

pub const DEFAULT_SESSION_SECONDS: i64 = 10_800;
pub const MAX_SESSION_SECONDS: i64 = 86_400;

#[derive(Debug, Default, Deserialize)]
pub struct Request {
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub fetch_extra_info: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub generate_session_token: Option<bool>,
    /// Seconds, 1 to 86400 (default 10800). Ignored without generate_session_token.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub session_token_duration: Option<i64>,
    /// The token to create instead of a random one.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub token: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Response {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_info: Option<ExtraInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_token_duration: Option<i64>,
}

#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ExtraInfo {
    /// `{"<role>": ["<object>"]}`, `{}` without a role, `{"provider": []}` for the provider.
    pub roles: Map<String, Value>,
    /// Webmail UI settings; Postroom keeps none.
    pub macsettings: Option<String>,
}

pub async fn authenticate(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let mut response = Response::default();
    if req.fetch_extra_info == Some(true) {
        response.extra_info =
            Some(ExtraInfo { roles: roles_of(engine.db(), ctx.caller.grant.as_ref()).await?, macsettings: None });
    }
    if req.generate_session_token == Some(true) {
        let duration = req.session_token_duration.unwrap_or(DEFAULT_SESSION_SECONDS);
        if !(1..=MAX_SESSION_SECONDS).contains(&duration) {
            return fail(Code::BadRequest);
        }
        let text = match req.token {
            Some(t) if token::valid_custom(&t) => t,
            Some(_) => return fail(Code::BadRequest),
            None => token::generate(),
        };
        let mut tx = engine.db().begin_write().await?;
        store_token(
            engine,
            &mut tx,
            NewToken {
                user_id: ctx.caller.user_id,
                kind: TokenKind::Oma,
                oma: true,
                token: &text,
                expires_at: engine.clock().now() + duration,
                created_by: &ctx.caller.name,
                reason: Some("authenticate"),
            },
        )
        .await?;
        tx.commit().await?;
        response.session_token = Some(text);
        response.session_token_duration = Some(duration);
    }
    Ok(response)
}
