//! `search_workgroups`: a domain's workgroups with account counts.

use serde::{Deserialize, Serialize};

use super::domain_for;
use crate::db::{like_pattern, Arg, Sql};
use crate::error::{fail, Code, Result};
use crate::identity::Role;
use crate::oma::lenient;
use crate::oma::search::Search;
use crate::{Ctx, Engine};

pub type Request = Search<Criteria>;

#[derive(Debug, Default, Deserialize)]
pub struct Criteria {
    /// Required.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub domain: Option<String>,
    #[serde(default, rename = "match", deserialize_with = "lenient::opt_string")]
    pub pattern: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Response {
    pub count: i64,
    pub total_count: i64,
    pub workgroups: Vec<WorkgroupRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct WorkgroupRow {
    pub workgroup: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Counts {
    pub filter: i64,
    pub forward: i64,
    pub deleted: i64,
    pub mailbox: i64,
    pub total: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    name: String,
    users_filter: i64,
    users_forward: i64,
    users_deleted: i64,
    users_mailbox: i64,
    user_count: i64,
}

pub const SORT_KEYS: [&str; 3] = ["workgroup", "users", "user"];

pub async fn search_workgroups(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let Some(name) = req.criteria.domain.as_deref() else { return fail(Code::BadRequest) };
    let caller = &ctx.caller;
    if caller.grant.is_none() || caller.role() == Some(Role::CompanyTokenOnly) {
        return fail(Code::NotPermitted);
    }
    let domain = domain_for(engine.db(), caller, name).await?;
    let mut filter = Sql::new(" WHERE domain_id = ");
    filter.arg(Arg::Int(domain.id));
    // A workgroup admin's searches stay inside its workgroup.
    if let Some(grant) = caller.grant.as_ref().filter(|g| g.role == Role::Workgroup) {
        filter.push(" AND id = ").arg(Arg::Int(grant.workgroup_id.unwrap_or(0)));
    }
    if let Some(p) = req.criteria.pattern.as_deref().filter(|p| !p.is_empty()) {
        filter.push(" AND name LIKE ").arg(Arg::Text(like_pattern(p))).push(" ESCAPE '\\'");
    }
    let key = match req.sort.key(&SORT_KEYS)? {
        "users" | "user" => "user_count",
        _ => "name",
    };
    let order = format!("{key} {}, name ASC", req.sort.direction.sql());
    let columns = "name, users_filter, users_forward, users_deleted, users_mailbox, user_count";
    let (rows, total_count) =
        filter.page::<Row>(engine.db(), columns, "FROM workgroups", &order, req.range.window()?).await?;
    let workgroups: Vec<WorkgroupRow> = rows
        .into_iter()
        .map(|r| WorkgroupRow {
            workgroup: r.name,
            counts: Counts {
                filter: r.users_filter,
                forward: r.users_forward,
                deleted: r.users_deleted,
                mailbox: r.users_mailbox,
                total: r.user_count,
            },
        })
        .collect();
    Ok(Response { count: workgroups.len() as i64, total_count, workgroups })
}
