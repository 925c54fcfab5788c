//! `search_companies` (Postroom's extension for the provider): companies with
//! their live domain counts. Company-level admins see their own company.

use serde::{Deserialize, Serialize};

use crate::db::{like_pattern, Arg, Sql};
use crate::error::{fail, Code, Result};
use crate::identity::role::Level;
use crate::identity::Role;
use crate::oma::lenient;
use crate::oma::search::{Range, Sort};
use crate::{Ctx, Engine};

#[derive(Debug, Default, Deserialize)]
pub struct Request {
    #[serde(default)]
    pub criteria: Criteria,
    #[serde(default)]
    pub range: Range,
    #[serde(default)]
    pub sort: Sort,
}

#[derive(Debug, Default, Deserialize)]
pub struct Criteria {
    #[serde(default, rename = "match", deserialize_with = "lenient::opt_string")]
    pub pattern: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Response {
    pub companies: Vec<CompanyRow>,
    pub count: i64,
    pub total_count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, sqlx::FromRow)]
pub struct CompanyRow {
    pub company: String,
    pub domains: i64,
}

pub const SORT_KEYS: [&str; 2] = ["company", "domains"];

pub async fn search_companies(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let Some(grant) = ctx.caller.grant.as_ref() else { return fail(Code::NotPermitted) };
    let mut filter = Sql::new(" WHERE 1 = 1");
    match grant.role.level() {
        Level::Provider => {}
        // Token-only admins issue tokens and see nothing.
        Level::Company if grant.role == Role::CompanyTokenOnly => return fail(Code::NotPermitted),
        Level::Company => {
            filter.push(" AND id = ").arg(Arg::Int(grant.company_id.unwrap_or(0)));
        }
        Level::Domain | Level::Workgroup => return fail(Code::NotPermitted),
    }
    if let Some(pattern) = req.criteria.pattern.as_deref().filter(|p| !p.is_empty()) {
        filter.push(" AND name_key LIKE ").arg(Arg::Text(like_pattern(pattern))).push(" ESCAPE '\\'");
    }
    let (first, limit) = req.range.window()?;
    let key = match req.sort.key(&SORT_KEYS)? {
        "domains" => "domain_count",
        _ => "name_key",
    };
    let mut page = Sql::new("SELECT name AS company, domain_count AS domains FROM companies");
    page.text.push_str(&filter.text);
    page.args = filter.args.clone();
    page.push(&format!(" ORDER BY {key} {}, name_key ASC LIMIT ", req.sort.direction.sql()))
        .arg(Arg::Int(limit))
        .push(" OFFSET ")
        .arg(Arg::Int(first));
    let companies: Vec<CompanyRow> = page.query_as().fetch_all(engine.db().pool()).await?;
    let mut count = Sql::new("SELECT COUNT(*) FROM companies");
    count.text.push_str(&filter.text);
    count.args = filter.args;
    let (total_count,): (i64,) = count.query_as().fetch_one(engine.db().pool()).await?;
    Ok(Response { count: companies.len() as i64, companies, total_count })
}
