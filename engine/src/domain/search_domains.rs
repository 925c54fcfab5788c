//! `search_domains`: a company's domains and alias domains with per-domain
//! account counts, or its deleted domains with their ids. Every sort key is
//! served by an index, and counts are maintained columns.

use serde::{Deserialize, Serialize};

use crate::authz::Action;
use crate::db::{like_pattern, prefix_range, Arg, Sql};
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
    let mut scoped_to_company = false;
    match grant.role.level() {
        Level::Provider | Level::Company => {
            if let Some(id) = company {
                filter.push(" AND d.company_id = ").arg(Arg::Int(id));
                scoped_to_company = true;
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
            filter.push(" AND d.is_alias = 0");
        }
        (false, true) => {
            filter.push(" AND d.is_alias = 1");
        }
        _ => {}
    }
    let pattern = req.criteria.pattern.as_deref().filter(|p| !p.is_empty());
    if let Some(p) = pattern {
        // The literal head of the pattern bounds an index range; LIKE does the rest.
        if let Some((low, high)) = prefix_range(p) {
            filter.push(" AND d.name >= ").arg(Arg::Text(low)).push(" AND d.name < ").arg(Arg::Text(high));
        }
        filter.push(" AND d.name LIKE ").arg(Arg::Text(like_pattern(p))).push(" ESCAPE '\\'");
    }
    let key = match req.sort.key(&SORT_KEYS)? {
        "delete_time" if !deleted => return fail(Code::BadRequest),
        "delete_time" => "d.deleted_at",
        "id" => "d.id",
        "type" => "d.is_alias",
        "users" => "d.user_count",
        "users/filter" => "d.users_filter",
        "users/forward" => "d.users_forward",
        "users/mailbox" => "d.users_mailbox",
        "users/alias" => "d.users_alias",
        "users/deleted" => "d.users_deleted",
        "company" => "d.company_id",
        _ => "d.name",
    };
    // Ties break in the same direction, so that one index, walked either way,
    // serves both; live names are unique, deleted ones may repeat (then by id).
    let dir = req.sort.direction.sql();
    let mut order = match key {
        "d.name" | "d.id" => format!("{key} {dir}"),
        _ => format!("{key} {dir}, d.name {dir}"),
    };
    // Within one company, naming it first spells out the index order, or
    // SQLite may walk the whole table in id order instead.
    if key != "d.company_id" && scoped_to_company {
        order = format!("d.company_id {dir}, {order}");
    }
    if deleted && key != "d.id" {
        order.push_str(&format!(", d.id {dir}"));
    }
    let columns = "d.id, d.name, t.name AS target, d.users_filter, d.users_forward, d.users_deleted, \
         d.users_mailbox, d.user_count, d.users_alias, d.deleted_at";
    let rows: Vec<Row> = filter
        .page_by_key(
            engine.db(),
            ("domains d", "d.id"),
            columns,
            "LEFT JOIN domains t ON t.id = d.alias_of",
            &order,
            req.range.window()?,
        )
        .await?;
    let whole_company = pattern.is_none() && !deleted && matches!(grant.role.level(), Level::Provider | Level::Company);
    let total_count = if whole_company {
        maintained_total(engine, company, regular, alias).await?
    } else {
        filter.count(engine.db(), "FROM domains d").await?
    };
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

/// A company's (or every company's) live domains and alias domains, from the
/// counts maintained on each company: no scan at any size.
async fn maintained_total(engine: &Engine, company: Option<i64>, regular: bool, alias: bool) -> Result<i64> {
    let mut sql = Sql::new(
        "SELECT CAST(COALESCE(SUM(domain_count), 0) AS BIGINT), CAST(COALESCE(SUM(alias_count), 0) AS BIGINT) \
         FROM companies",
    );
    if let Some(id) = company {
        sql.push(" WHERE id = ").arg(Arg::Int(id));
    }
    let (domains, aliases): (i64, i64) = sql.query_as().fetch_one(engine.db().pool()).await?;
    Ok(if regular { domains } else { 0 } + if alias { aliases } else { 0 })
}
