//! `search_users`: the accounts and aliases of one domain, paged and sorted,
//! narrowed by workgroup, type, name pattern and status; deleted accounts (with
//! the id restore_user takes) on request. Workgroup admins see their
//! workgroups' accounts and those accounts' aliases.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::authz::Action;
use crate::db::{like_pattern, prefix_range, Arg, Sql};
use crate::directory::{find_workgroup, resolve_domain};
use crate::error::{fail, Code, Result};
use crate::identity::Role;
use crate::oma::lenient;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(default)]
    pub criteria: Option<Criteria>,
    #[serde(default)]
    pub range: crate::oma::search::Range,
    #[serde(default)]
    pub sort: crate::oma::search::Sort,
    /// Extra fields: createtime, lastlogin, status, workgroup (default: workgroup
    /// and status); `type`, `forward` and `smtplimit` are accepted too.
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub fields: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Criteria {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub domain: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub workgroup: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::string_list")]
    pub types: Vec<String>,
    #[serde(default, rename = "match", deserialize_with = "lenient::opt_string")]
    pub pattern: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub deleted: Option<bool>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub status: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub users: Vec<Map<String, Value>>,
    pub count: i64,
    pub total_count: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    kind: String,
    workgroup: Option<String>,
    status: String,
    target: Option<String>,
    forward_first: Option<String>,
    forward_count: i64,
    created_at: i64,
    last_login: Option<i64>,
    deleted_at: Option<i64>,
}

pub const SORT_KEYS: [&str; 9] =
    ["user", "createtime", "delete_time", "id", "lastlogin", "status", "target", "type", "workgroup"];
const TYPES: [&str; 4] = ["mailbox", "forward", "filter", "alias"];
const STATUSES: [&str; 6] = ["active", "deleted", "suspended", "aup", "smtplimit", "quota"];
const FIELDS: [&str; 7] = ["createtime", "forward", "lastlogin", "smtplimit", "status", "type", "workgroup"];

pub async fn search_users(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let caller = &ctx.caller;
    let criteria = req.criteria.unwrap_or_default();
    let Some(domain_name) = criteria.domain.as_deref() else { return fail(Code::BadRequest) };
    let domain = resolve_domain(engine.db(), caller, domain_name, Action::Read).await?;
    let Some(grant) = caller.grant.as_ref().filter(|g| g.role != Role::CompanyTokenOnly) else {
        return fail(Code::NotPermitted);
    };
    let deleted = criteria.deleted == Some(true);
    let mut filter = Sql::new(" WHERE u.domain_id = ");
    filter.arg(Arg::Int(domain.id));
    if grant.role == Role::Workgroup {
        let own = grant.workgroup_id.unwrap_or(0);
        filter.push(" AND (u.workgroup_id = ").arg(Arg::Int(own));
        filter.push(" OR u.alias_of IN (SELECT id FROM users WHERE workgroup_id = ").arg(Arg::Int(own)).push("))");
    }
    if let Some(name) = criteria.workgroup.as_deref() {
        let Some(w) = find_workgroup(engine.db(), &domain, name).await? else { return fail(Code::NoSuchObject) };
        filter.push(" AND u.workgroup_id = ").arg(Arg::Int(w.id));
    }
    if criteria.types.iter().any(|t| !TYPES.contains(&t.as_str())) {
        return fail(Code::BadRequest);
    }
    if !criteria.types.is_empty() {
        filter.push(" AND u.kind IN (");
        for (i, t) in criteria.types.iter().enumerate() {
            filter.push(if i == 0 { "" } else { ", " }).arg(Arg::Text(t.clone()));
        }
        filter.push(")");
    }
    if criteria.status.iter().any(|s| !STATUSES.contains(&s.as_str())) {
        return fail(Code::BadRequest);
    }
    // `aup` is the spec table's name for suspended.
    let statuses: Vec<&str> =
        criteria.status.iter().map(|s| if s == "aup" { "suspended" } else { s.as_str() }).collect();
    let with_deleted = deleted || statuses.contains(&"deleted");
    let live: Vec<&str> = statuses.iter().copied().filter(|s| *s != "deleted").collect();
    match (deleted, with_deleted, live.is_empty()) {
        // Deleted aliases come back with their account; they are not listed.
        (true, _, _) => {
            filter.push(" AND u.deleted_at IS NOT NULL AND u.alias_of IS NULL");
        }
        (false, false, _) => {
            filter.push(" AND u.deleted_at IS NULL");
        }
        (false, true, true) => {
            filter.push(" AND u.deleted_at IS NOT NULL AND u.alias_of IS NULL");
        }
        (false, true, false) => {
            filter.push(" AND ((u.deleted_at IS NOT NULL AND u.alias_of IS NULL) OR u.status IN (");
            for (i, s) in live.iter().enumerate() {
                filter.push(if i == 0 { "" } else { ", " }).arg(Arg::Text((*s).to_string()));
            }
            filter.push("))");
        }
    }
    if !with_deleted && !live.is_empty() {
        filter.push(" AND u.status IN (");
        for (i, s) in live.iter().enumerate() {
            filter.push(if i == 0 { "" } else { ", " }).arg(Arg::Text((*s).to_string()));
        }
        filter.push(")");
    }
    if let Some(p) = criteria.pattern.as_deref().filter(|p| !p.is_empty()) {
        // `match` is on the whole address; a bare local-part pattern matches within the domain.
        let full = if p.contains('@') { p.to_string() } else { format!("{p}@{}", domain.name) };
        if let Some((low, high)) = prefix_range(&full) {
            filter.push(" AND u.name >= ").arg(Arg::Text(low)).push(" AND u.name < ").arg(Arg::Text(high));
        }
        filter.push(" AND u.name LIKE ").arg(Arg::Text(like_pattern(&full))).push(" ESCAPE '\\'");
    }
    let dir = req.sort.direction.sql();
    let key = match req.sort.key(&SORT_KEYS)? {
        "delete_time" if !deleted => return fail(Code::BadRequest),
        "delete_time" => "u.deleted_at",
        "createtime" => "u.created_at",
        "id" => "u.id",
        "lastlogin" => "COALESCE(u.last_login, 0)",
        "status" => "u.status",
        "target" => "COALESCE(t.name, u.forward_first, '')",
        "type" => "u.kind",
        // Accounts without a workgroup (aliases) come last either way.
        "workgroup" => "CASE WHEN w.name IS NULL THEN 1 ELSE 0 END ASC, w.name",
        _ => "u.name",
    };
    // Within equal keys, accounts stay in alphabetical order (the spec's examples).
    let order = match key {
        "u.name" => format!("u.name {dir}, u.id {dir}"),
        _ => format!("{key} {dir}, u.name ASC, u.id ASC"),
    };
    if req.fields.iter().any(|f| !FIELDS.contains(&f.as_str())) {
        return fail(Code::BadRequest);
    }
    let columns = "u.id, u.name, u.kind, w.name AS workgroup, u.status, t.name AS target, u.forward_first, \
         u.forward_count, u.created_at, u.last_login, u.deleted_at";
    let from = "FROM users u LEFT JOIN workgroups w ON w.id = u.workgroup_id LEFT JOIN users t ON t.id = u.alias_of";
    let (rows, total_count) = filter.page::<Row>(engine.db(), columns, from, &order, req.range.window()?).await?;
    let wanted: Vec<&str> = if req.fields.is_empty() {
        vec!["workgroup", "status"]
    } else {
        req.fields.iter().map(String::as_str).collect()
    };
    let users: Vec<Map<String, Value>> = rows.into_iter().map(|r| shape(r, &wanted)).collect();
    Ok(Response { count: users.len() as i64, users, total_count })
}

/// One row: `user` and `type` always, alias and forward information where they
/// apply, `id` for deleted accounts, then the requested `fields`.
fn shape(r: Row, wanted: &[&str]) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("user".into(), Value::String(r.name));
    let alias = r.kind == "alias";
    m.insert("type".into(), Value::String(r.kind.clone()));
    if alias {
        m.insert("alias_target".into(), r.target.map(Value::String).unwrap_or(Value::Null));
    }
    if r.forward_count > 0 {
        m.insert("forward_recipient".into(), r.forward_first.map(Value::String).unwrap_or(Value::Null));
        m.insert("forward_recipient_count".into(), Value::from(r.forward_count));
    }
    if r.deleted_at.is_some() {
        m.insert("id".into(), Value::String(r.id.to_string()));
        m.insert("delete_time".into(), Value::from(r.deleted_at));
    }
    if wanted.contains(&"workgroup") && !alias {
        m.insert("workgroup".into(), r.workgroup.map(Value::String).unwrap_or(Value::Null));
    }
    if wanted.contains(&"status") {
        let status = if r.deleted_at.is_some() { "deleted".to_string() } else { r.status };
        m.insert("status".into(), Value::String(status));
    }
    if wanted.contains(&"createtime") {
        m.insert("createtime".into(), Value::from(r.created_at));
    }
    if wanted.contains(&"lastlogin") && !alias {
        m.insert("lastlogin".into(), r.last_login.map(Value::from).unwrap_or(Value::from("")));
    }
    m
}
