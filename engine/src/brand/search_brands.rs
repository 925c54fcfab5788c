//! `search_brands`: a company's brands, alphabetical, with how many domains and
//! users use each.

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
    /// Default: the caller's company (the provider: every brand).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub company: Option<String>,
    /// true: only deleted brands.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub deleted: Option<bool>,
    #[serde(default, rename = "match", deserialize_with = "lenient::opt_string")]
    pub pattern: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Response {
    pub brands: Vec<BrandRow>,
    pub count: i64,
    pub total_count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BrandRow {
    pub brand: String,
    pub counts: Counts,
    /// For the portal (not part of the OMA answer): the owning company, notes,
    /// and how many companies use it.
    #[serde(skip)]
    pub owner: Option<String>,
    #[serde(skip)]
    pub notes: Option<String>,
    #[serde(skip)]
    pub companies: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Counts {
    pub domain: i64,
    pub user: i64,
    pub total: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    name: String,
    domain_uses: i64,
    user_uses: i64,
    company_uses: i64,
    owner: Option<String>,
    notes: Option<String>,
}

pub async fn search_brands(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let caller = &ctx.caller;
    let Some(grant) = caller.grant.as_ref() else { return fail(Code::NotPermitted) };
    if grant.role == Role::CompanyTokenOnly || !matches!(grant.role.level(), Level::Provider | Level::Company) {
        return fail(Code::NotPermitted);
    }
    let company = match &req.criteria.company {
        Some(name) => Some(resolve_company(engine.db(), caller, name, Action::Read).await?.id),
        None => grant.company_id,
    };
    let mut filter = Sql::new(if req.criteria.deleted == Some(true) {
        " WHERE b.deleted_at IS NOT NULL"
    } else {
        " WHERE b.deleted_at IS NULL"
    });
    if let Some(id) = company {
        filter.push(" AND b.company_id = ").arg(Arg::Int(id));
    }
    if let Some(p) = req.criteria.pattern.as_deref().filter(|p| !p.is_empty()) {
        filter.push(" AND b.name_key LIKE ").arg(Arg::Text(like_pattern(p))).push(" ESCAPE '\\'");
    }
    let columns = "b.name, b.domain_uses, b.user_uses, b.company_uses, c.name AS owner, b.notes";
    let from = "FROM brands b LEFT JOIN companies c ON c.id = b.company_id";
    let (rows, total_count) =
        filter.page::<Row>(engine.db(), columns, from, "b.name_key ASC, b.id ASC", req.range.window()?).await?;
    let brands: Vec<BrandRow> = rows
        .into_iter()
        .map(|r| BrandRow {
            brand: r.name,
            counts: Counts { domain: r.domain_uses, user: r.user_uses, total: r.domain_uses + r.user_uses },
            owner: r.owner,
            notes: r.notes,
            companies: r.company_uses,
        })
        .collect();
    Ok(Response { count: brands.len() as i64, brands, total_count })
}
