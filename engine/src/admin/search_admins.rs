//! `search_admins`: the accounts holding admin roles, within the caller's reach.

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
    /// Role ids; default all.
    #[serde(default, rename = "type", deserialize_with = "lenient::string_list")]
    pub types: Vec<String>,
    /// Wildcard on the account name (`*`, `?`).
    #[serde(default, rename = "match", deserialize_with = "lenient::opt_string")]
    pub pattern: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Response {
    pub count: i64,
    pub total_count: i64,
    pub admins: Vec<Admin>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, sqlx::FromRow)]
pub struct Admin {
    pub user: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// What the role administers (empty for the provider role).
    #[sqlx(skip)]
    pub control: Vec<String>,
    #[serde(skip)]
    pub control_name: Option<String>,
}

pub const SORT_KEYS: [&str; 3] = ["user", "type", "control"];

pub async fn search_admins(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let caller = &ctx.caller;
    let Some(grant) = caller.grant.as_ref() else { return fail(Code::NotPermitted) };
    if grant.role == Role::CompanyTokenOnly {
        return fail(Code::NotPermitted);
    }
    let mut filter = Sql::new(" WHERE u.role IS NOT NULL AND u.deleted_at IS NULL");
    // Which accounts the caller may list: those living inside its grant.
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
        Level::Domain => {
            filter.push(" AND u.domain_id = ").arg(Arg::Int(grant.domain_id.unwrap_or(0)));
        }
        Level::Workgroup => {
            filter.push(" AND u.workgroup_id = ").arg(Arg::Int(grant.workgroup_id.unwrap_or(0)));
        }
    }
    if !req.criteria.types.is_empty() {
        filter.push(" AND u.role IN (");
        for (i, t) in req.criteria.types.iter().enumerate() {
            let role = Role::parse(t.trim()).ok_or(Code::BadRequest)?;
            if i > 0 {
                filter.push(", ");
            }
            filter.arg(Arg::Text(role.as_str().into()));
        }
        filter.push(")");
    }
    if let Some(pattern) = req.criteria.pattern.as_deref().filter(|p| !p.is_empty()) {
        filter.push(" AND u.name LIKE ").arg(Arg::Text(like_pattern(pattern))).push(" ESCAPE '\\'");
    }
    let key = match req.sort.key(&SORT_KEYS)? {
        "type" => "u.role",
        "control" => "control_name",
        _ => "u.name",
    };

    let from = "FROM users u LEFT JOIN domains d ON d.id = u.domain_id \
         LEFT JOIN companies rc ON rc.id = u.role_company_id \
         LEFT JOIN domains rd ON rd.id = u.role_domain_id \
         LEFT JOIN workgroups rw ON rw.id = u.role_workgroup_id";
    let columns = "u.name AS user, u.role AS kind, CASE \
           WHEN u.role_workgroup_id IS NOT NULL THEN rd.name || '/' || rw.name \
           WHEN u.role_domain_id IS NOT NULL THEN rd.name \
           ELSE rc.name END AS control_name";
    let order = format!("{key} {}, u.name ASC", req.sort.direction.sql());
    let (mut admins, total_count) =
        filter.page::<Admin>(engine.db(), columns, from, &order, req.range.window()?).await?;
    for admin in &mut admins {
        admin.control = admin.control_name.take().into_iter().collect();
    }
    Ok(Response { count: admins.len() as i64, total_count, admins })
}
