//! Company and domain bulletins: messages an admin writes once and the server
//! delivers into every mailbox of the company or domain, `auto` ones to each
//! new account as it is made, `manual` ones when posted.
//!
//! The OMA methods come in pairs, one file per pair: `change_*_bulletin` in
//! [`change`], `get_*_bulletin` in [`get`], `post_*_bulletin` in [`post`].
//! Posting is durable background work ([`worker`]).

pub mod change;
pub mod get;
pub mod post;
pub mod preview;
pub mod text;
pub mod worker;

use serde::{Deserialize, Serialize};

use crate::authz::{Action, Object};
use crate::changes::Kind as LogKind;
use crate::directory::{resolve_company, resolve_domain, CompanyRef, DomainRef};
use crate::error::{Code, Error, Result};
use crate::identity::Caller;
use crate::oma::lenient;
use crate::Engine;

/// A company bulletin method's request: the company, then the method's fields.
#[derive(Debug, Deserialize)]
pub struct CompanyRequest<T> {
    #[serde(deserialize_with = "lenient::string")]
    pub company: String,
    #[serde(flatten)]
    pub fields: T,
}

/// A domain bulletin method's request: the domain, then the method's fields.
#[derive(Debug, Deserialize)]
pub struct DomainRequest<T> {
    #[serde(deserialize_with = "lenient::string")]
    pub domain: String,
    #[serde(flatten)]
    pub fields: T,
}

/// Whose bulletin: a company's (to every account of its domains) or a domain's.
#[derive(Debug, Clone)]
pub enum Scope {
    Company(CompanyRef),
    Domain(DomainRef),
}

impl Scope {
    pub async fn company(engine: &Engine, caller: &Caller, name: &str, action: Action) -> Result<Scope> {
        Ok(Scope::Company(resolve_company(engine.db(), caller, name, action).await?))
    }

    pub async fn domain(engine: &Engine, caller: &Caller, name: &str, action: Action) -> Result<Scope> {
        Ok(Scope::Domain(resolve_domain(engine.db(), caller, name, action).await?))
    }

    pub fn company_id(&self) -> i64 {
        match self {
            Scope::Company(c) => c.id,
            Scope::Domain(d) => d.company_id,
        }
    }

    pub fn domain_id(&self) -> Option<i64> {
        match self {
            Scope::Company(_) => None,
            Scope::Domain(d) => Some(d.id),
        }
    }

    pub fn object(&self) -> Object {
        match self {
            Scope::Company(c) => c.object(),
            Scope::Domain(d) => d.object(),
        }
    }

    /// Where the change log records changes of its bulletins.
    fn log(&self) -> (LogKind, i64) {
        match self {
            Scope::Company(c) => (LogKind::Company, c.id),
            Scope::Domain(d) => (LogKind::Domain, d.id),
        }
    }
}

/// `auto` (to each new account) or `manual` (when posted).
pub fn kind(value: &str) -> Result<&'static str> {
    match value.trim().to_ascii_lowercase().as_str() {
        "auto" => Ok("auto"),
        "manual" => Ok("manual"),
        _ => Err(Error::hint(Code::BadAttributes, "type", "auto or manual")),
    }
}

/// A stored bulletin.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Bulletin {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub body: String,
}

/// The bulletin `name` of type `kind` in `scope`, or error 2.
pub async fn find(engine: &Engine, scope: &Scope, kind: &str, name: &str) -> Result<Bulletin> {
    let found: Option<Bulletin> = match scope.domain_id() {
        None => sqlx::query_as(
            "SELECT id, kind, name, body FROM bulletins \
                 WHERE company_id = $1 AND domain_id IS NULL AND kind = $2 AND name = $3",
        )
        .bind(scope.company_id()),
        Some(domain) => sqlx::query_as(
            "SELECT id, kind, name, body FROM bulletins WHERE domain_id = $1 AND kind = $2 AND name = $3",
        )
        .bind(domain),
    }
    .bind(kind)
    .bind(name)
    .fetch_optional(engine.db().pool())
    .await?;
    found.ok_or_else(|| Code::NoSuchObject.into())
}

/// `metadata.bulletins` of get_company and get_domain: `{manual: [...], auto: [...]}`.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub struct Bulletins {
    pub manual: Vec<Listed>,
    pub auto: Vec<Listed>,
}

/// One bulletin in the metadata: its last post to everyone (`count` delivered
/// of `total`; equal once the post is done; `last`/`mtime` null before any).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Listed {
    pub count: i64,
    pub last: Option<String>,
    pub mtime: Option<i64>,
    pub name: String,
    pub total: i64,
}

/// The bulletins of `scope`, by name.
pub async fn listing(engine: &Engine, scope: &Scope) -> Result<Bulletins> {
    type Row = (String, String, i64, i64, Option<i64>);
    let rows: Vec<Row> = match scope.domain_id() {
        None => sqlx::query_as(
            "SELECT kind, name, sent_count, sent_total, sent_at FROM bulletins \
             WHERE company_id = $1 AND domain_id IS NULL ORDER BY name",
        )
        .bind(scope.company_id()),
        Some(domain) => sqlx::query_as(
            "SELECT kind, name, sent_count, sent_total, sent_at FROM bulletins WHERE domain_id = $1 ORDER BY name",
        )
        .bind(domain),
    }
    .fetch_all(engine.db().pool())
    .await?;
    let mut out = Bulletins::default();
    for (kind, name, count, total, sent_at) in rows {
        let listed = Listed { count, last: sent_at.map(text::ctime_text), mtime: sent_at, name, total };
        if kind == "auto" {
            out.auto.push(listed);
        } else {
            out.manual.push(listed);
        }
    }
    Ok(out)
}
