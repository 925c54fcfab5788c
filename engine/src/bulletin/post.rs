//! `post_company_bulletin` and `post_domain_bulletin`: send a bulletin to
//! every mailbox of the company or domain (in the background: the answer
//! comes at once, get_company/get_domain show the progress), or to one
//! `test_email` now.

use serde::Deserialize;

use super::{find, kind, worker, Scope};
use crate::authz::{self, Action, Billing};
use crate::changes::Actor;
use crate::directory::find_user;
use crate::error::{Code, Result};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

pub type CompanyRequest = super::CompanyRequest<Request>;
pub type DomainRequest = super::DomainRequest<Request>;

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub bulletin: String,
    #[serde(rename = "type", deserialize_with = "lenient::string")]
    pub kind: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub test_email: Option<String>,
}

pub async fn post_company_bulletin(engine: &Engine, ctx: &Ctx, req: CompanyRequest) -> Result<Done> {
    let scope = Scope::company(engine, &ctx.caller, &req.company, Action::Change(Billing::NonBillable)).await?;
    post(engine, ctx, &scope, req.fields).await
}

pub async fn post_domain_bulletin(engine: &Engine, ctx: &Ctx, req: DomainRequest) -> Result<Done> {
    let scope = Scope::domain(engine, &ctx.caller, &req.domain, Action::Change(Billing::NonBillable)).await?;
    post(engine, ctx, &scope, req.fields).await
}

async fn post(engine: &Engine, ctx: &Ctx, scope: &Scope, req: Request) -> Result<Done> {
    let bulletin = find(engine, scope, kind(&req.kind)?, req.bulletin.trim()).await?;
    match req.test_email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(email) => {
            let account = test_account(engine, ctx, scope, email).await?;
            worker::send_one(engine, &bulletin, &account).await?;
        }
        None => {
            worker::start(engine, &Actor::from(ctx), scope, &bulletin).await?;
        }
    }
    Ok(Done {})
}

/// The account a test goes to: a live mailbox in the bulletin's company (its
/// domain, for a domain bulletin) that the caller can see; an alias stands for
/// its account. Anything else is error 13, whether or not the address exists.
pub(super) async fn test_account(engine: &Engine, ctx: &Ctx, scope: &Scope, email: &str) -> Result<worker::Account> {
    let user = find_user(engine.db(), &email.to_lowercase()).await?.ok_or(Code::NoSuchUser)?;
    if !authz::permits(&ctx.caller, Action::Read, &user.object()) {
        return Err(Code::NoSuchUser.into());
    }
    let (target,): (i64,) = sqlx::query_as("SELECT COALESCE(alias_of, id) FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(engine.db().pool())
        .await?;
    let account = worker::account(engine, target).await?.ok_or(Code::NoSuchUser)?;
    let (company_id, domain_id): (i64, i64) =
        sqlx::query_as("SELECT d.company_id, d.id FROM users u JOIN domains d ON d.id = u.domain_id WHERE u.id = $1")
            .bind(account.id)
            .fetch_one(engine.db().pool())
            .await?;
    let inside = company_id == scope.company_id() && scope.domain_id().is_none_or(|d| d == domain_id);
    if !inside {
        return Err(Code::NoSuchUser.into());
    }
    Ok(account)
}
