//! `search_companies` (Postroom's extension for the provider): companies with
//! their live domain counts. Company-level admins see their own company.

use serde::{Deserialize, Serialize};

use crate::db::{like_pattern, Arg, Sql};
use crate::error::{fail, Code, Result};
use crate::identity::role::Level;
use crate::identity::Role;
use crate::oma::lenient;
use crate::oma::search::Search;
use crate::{Ctx, Engine};

pub type Request = Search<Criteria>;

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
    let key = match req.sort.key(&SORT_KEYS)? {
        "domains" => "domain_count",
        _ => "name_key",
    };
    let order = format!("{key} {}, name_key ASC", req.sort.direction.sql());
    let columns = "name AS company, domain_count AS domains";
    let (companies, total_count) =
        filter.page::<CompanyRow>(engine.db(), columns, "FROM companies", &order, req.range.window()?).await?;
    Ok(Response { count: companies.len() as i64, companies, total_count })
}
