//! `change_company_bulletin` and `change_domain_bulletin`: create a bulletin,
//! replace its text, or (no `bulletin_text`) delete it. Deleting one stops its
//! post in progress.

use serde::Deserialize;

use super::text::Template;
use super::{find, kind, Scope};
use crate::authz::{Action, Billing};
use crate::changes::{self, Actor, Change};
use crate::error::{Code, Error, Result};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

/// The longest bulletin name.
const NAME_MAX: usize = 128;

pub type CompanyRequest = super::CompanyRequest<Request>;
pub type DomainRequest = super::DomainRequest<Request>;

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub bulletin: String,
    #[serde(rename = "type", deserialize_with = "lenient::string")]
    pub kind: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub bulletin_text: Option<String>,
}

pub async fn change_company_bulletin(engine: &Engine, ctx: &Ctx, req: CompanyRequest) -> Result<Done> {
    let scope = Scope::company(engine, &ctx.caller, &req.company, Action::Change(Billing::NonBillable)).await?;
    change(engine, ctx, &scope, req.fields).await
}

pub async fn change_domain_bulletin(engine: &Engine, ctx: &Ctx, req: DomainRequest) -> Result<Done> {
    let scope = Scope::domain(engine, &ctx.caller, &req.domain, Action::Change(Billing::NonBillable)).await?;
    change(engine, ctx, &scope, req.fields).await
}

async fn change(engine: &Engine, ctx: &Ctx, scope: &Scope, req: Request) -> Result<Done> {
    let kind = kind(&req.kind)?;
    let name = req.bulletin.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        return Err(Error::hint(Code::BadAttributes, "bulletin", format!("A name of 1 to {NAME_MAX} characters")));
    }
    let existing = match find(engine, scope, kind, name).await {
        Ok(b) => Some(b),
        Err(e) if e.code() == Code::NoSuchObject => None,
        Err(e) => return Err(e),
    };
    let (log_kind, log_id) = scope.log();
    let actor = Actor::from(ctx);
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let msg = match (&existing, req.bulletin_text) {
        (None, None) => return Err(Code::NoSuchObject.into()),
        (Some(old), None) => {
            sqlx::query("DELETE FROM bulletins WHERE id = $1").bind(old.id).execute(&mut *tx).await?;
            format!("deleted {kind} bulletin {name}")
        }
        (Some(old), Some(text)) => {
            Template::parse(&text)?;
            sqlx::query("UPDATE bulletins SET body = $1, changed_at = $2 WHERE id = $3")
                .bind(&text)
                .bind(now)
                .bind(old.id)
                .execute(&mut *tx)
                .await?;
            format!("changed {kind} bulletin {name}")
        }
        (None, Some(text)) => {
            Template::parse(&text)?;
            sqlx::query(
                "INSERT INTO bulletins (company_id, domain_id, kind, name, body, created_at, changed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(scope.company_id())
            .bind(scope.domain_id())
            .bind(kind)
            .bind(name)
            .bind(&text)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            format!("created {kind} bulletin {name}")
        }
    };
    changes::record(&mut tx, &actor, now, Change::new(log_kind, log_id, msg)).await?;
    tx.commit().await?;
    Ok(Done {})
}
