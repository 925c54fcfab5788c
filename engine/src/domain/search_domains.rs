//! `search_domains`: a company's domains and alias domains with per-domain
//! account counts, or its deleted domains with their ids. Every sort key is
//! served by an index, and counts are maintained columns.

use serde::{Deserialize, Serialize};

use crate::authz::Action;
use crate::db::{like_pattern, Arg, Sql};
use crate::directory::resolve_company;
use crate::error::{fail, Code, Result};
use crate::identity::role::Level;
use crate::identity::Role;
use crate::oma::lenient;
use crate::oma::search::Search;
use crate::{Ctx, Engine};

pub type Request = Search<Criteria>;

#[derive(Debug, Default, Deserialize)]
pub struct Criteria {
    /// Default: the caller's company (the provider: every company).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub company: Option<String>,
    /// `domain` and/or `alias`; default both.
    #[serde(default, rename = "type", deserialize_with = "lenient::string_list")]
    pub types: Vec<String>,
    #[serde(default, rename = "match", deserialize_with = "lenient::opt_string")]
    pub pattern: Option<String>,
    /// true: only deleted domains (with their ids).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub deleted: Option<bool>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Response {
    pub domains: Vec<DomainRow>,
    pub count: i64,
    pub total_count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DomainRow {
    pub domain: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub alias_target: Option<String>,
    pub counts: Counts,
    /// Deleted domains only: what restore_domain takes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// Deleted domains only: when (Postroom's addition, for the restore screen).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub delete_time: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Counts {
    pub filter: i64,
    pub forward: i64,
    pub deleted: i64,
    pub mailbox: i64,
    pub total: i64,
    pub alias: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    target: Option<String>,
    users_filter: i64,
    users_forward: i64,
    users_deleted: i64,
    users_mailbox: i64,
    user_count: i64,
    users_alias: i64,
    deleted_at: Option<i64>,
}

pub const SORT_KEYS: [&str; 11] = [
    "domain",
    "delete_time",
    "id",
    "type",
    "users",
    "users/filter",
    "users/forward",
    "users/mailbox",
    "users/alias",
    "users/deleted",
    "company",
];

pub async fn search_domains(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let caller = &ctx.caller;
    let Some(grant) = caller.grant.as_ref() else { return fail(Code::NotPermitted) };
    if grant.role == Role::CompanyTokenOnly {
        return fail(Code::NotPermitted);
    }
    let deleted = req.criteria.deleted == Some(true);
    let mut filter = Sql::new(if deleted { " WHERE d.deleted_at IS NOT NULL" } else { " WHERE d.deleted_at IS NULL" });
    let company = match &req.criteria.company {
        Some(name) => Some(resolve_company(engine.db(), caller, name, Action::Read).await?.id),
        None => grant.company_id,
    };
    match grant.role.level() {
        Level::Provider | Level::Company => {
            if let Some(id) = company {
                filter.push(" AND d.company_id = ").arg(Arg::Int(id));
            }
        }
        // Domain-level and workgroup admins see their own domain and its aliases.
        Level::Domain | Level::Workgroup => {
            let own = grant.domain_id.unwrap_or(0);
            filter.push(" AND (d.id = ").arg(Arg::Int(own)).push(" OR d.alias_of = ").arg(Arg::Int(own)).push(")");
        }
    }
    let (regular, alias) = match req.criteria.types.as_slice() {
        [] => (true, true),
        types => {
            if types.iter().any(|t| t != "domain" && t != "alias") {
                return fail(Code::BadRequest);
            }
            (types.iter().any(|t| t == "domain"), types.iter().any(|t| t == "alias"))
        }
    };
    match (regular, alias) {
        (true, false) => {
            filter.push(" AND d.alias_of IS NULL");
        }
        (false, true) => {
            filter.push(" AND d.alias_of IS NOT NULL");
        }
        _ => {}
    }
    if let Some(p) = req.criteria.pattern.as_deref().filter(|p| !p.is_empty()) {
        filter.push(" AND d.name LIKE ").arg(Arg::Text(like_pattern(p))).push(" ESCAPE '\\'");
    }
    let key = match req.sort.key(&SORT_KEYS)? {
        "delete_time" if !deleted => return fail(Code::BadRequest),
        "delete_time" => "d.deleted_at",
        "id" => "d.id",
        "type" => "d.alias_of",
        "users" => "d.user_count",
        "users/filter" => "d.users_filter",
        "users/forward" => "d.users_forward",
        "users/mailbox" => "d.users_mailbox",
        "users/alias" => "d.users_alias",
        "users/deleted" => "d.users_deleted",
        "company" => "d.company_id",
        _ => "d.name",
    };
    let order = format!("{key} {}, d.name ASC", req.sort.direction.sql());
    let columns = "d.id, d.name, t.name AS target, d.users_filter, d.users_forward, d.users_deleted, \
         d.users_mailbox, d.user_count, d.users_alias, d.deleted_at";
    let from = "FROM domains d LEFT JOIN domains t ON t.id = d.alias_of";
    let (rows, total_count) = filter.page::<Row>(engine.db(), columns, from, &order, req.range.window()?).await?;
    let domains: Vec<DomainRow> = rows
        .into_iter()
        .map(|r| DomainRow {
            domain: r.name,
            kind: if r.target.is_some() { "alias" } else { "domain" }.into(),
            alias_target: r.target,
            counts: Counts {
                filter: r.users_filter,
                forward: r.users_forward,
                deleted: r.users_deleted,
                mailbox: r.users_mailbox,
                total: r.user_count,
                alias: r.users_alias,
            },
            id: deleted.then(|| r.id.to_string()),
            delete_time: r.deleted_at,
        })
        .collect();
    Ok(Response { count: domains.len() as i64, domains, total_count })
}
