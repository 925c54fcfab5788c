//! `search_users`: the accounts and aliases of one domain, paged and sorted,
//! narrowed by workgroup, type, name pattern and status; deleted accounts (with
//! the id restore_user takes) on request. Workgroup admins see their
//! workgroups' accounts and those accounts' aliases.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::page_marks::{Order, Search};
use super::quota_bytes;
use crate::attributes::apply;
use crate::authz::Action;
use crate::db::{like_pattern, prefix_range, Arg, Backend, Sql};
use crate::directory::{find_workgroup, resolve_domain};
use crate::error::{fail, Code, Result};
use crate::identity::Role;
use crate::mailstore::store::usage_of;
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
    /// Postroom's `quota` adds `{"bytes_max", "bytes_used", "messages_used"}`
    /// (bytes_max 0: no limit; usage as last indexed) to live mailboxes, and to
    /// forward and filter accounts that have a quota; never to aliases.
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
    workgroup: String,
    status: String,
    target: String,
    forward_first: Option<String>,
    forward_count: i64,
    created_at: i64,
    last_login: Option<i64>,
    deleted_at: Option<i64>,
    /// Read only when `quota` is asked for.
    #[sqlx(default)]
    attrs: String,
}

pub const SORT_KEYS: [&str; 9] =
    ["user", "createtime", "delete_time", "id", "lastlogin", "status", "target", "type", "workgroup"];
const TYPES: [&str; 4] = ["mailbox", "forward", "filter", "alias"];
const STATUSES: [&str; 6] = ["active", "deleted", "suspended", "aup", "smtplimit", "quota"];
const FIELDS: [&str; 8] = ["createtime", "forward", "lastlogin", "quota", "smtplimit", "status", "type", "workgroup"];

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
        filter
            .push(" OR u.alias_of IN (SELECT id FROM users WHERE deleted_at IS NULL AND workgroup_id = ")
            .arg(Arg::Int(own))
            .push("))");
    }
    let workgroup = match criteria.workgroup.as_deref() {
        Some(name) => match find_workgroup(engine.db(), &domain, name).await? {
            Some(w) => Some(w),
            None => return fail(Code::NoSuchObject),
        },
        None => None,
    };
    if let Some(w) = &workgroup {
        filter.push(" AND u.workgroup_id = ").arg(Arg::Int(w.id));
    }
    if criteria.types.iter().any(|t| !TYPES.contains(&t.as_str())) {
        return fail(Code::BadRequest);
    }
    if !criteria.types.is_empty() {
        filter.push(" AND u.kind IN (").list(criteria.types.iter().cloned().map(Arg::Text)).push(")");
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
            filter
                .push(" AND ((u.deleted_at IS NOT NULL AND u.alias_of IS NULL) OR u.status IN (")
                .list(texts(&live))
                .push("))");
        }
    }
    if !with_deleted && !live.is_empty() {
        filter.push(" AND u.status IN (").list(texts(&live)).push(")");
    }
    let pattern = criteria.pattern.as_deref().filter(|p| !p.is_empty());
    // `match` is on the whole address; a bare local-part pattern matches within the domain.
    let full = pattern.map(|p| if p.contains('@') { p.to_string() } else { format!("{p}@{}", domain.name) });
    let range = full.as_deref().and_then(prefix_range);
    if let (Some(p), Some(full)) = (pattern, &full) {
        if let Some((low, high)) = &range {
            filter
                .push(" AND u.name >= ")
                .arg(Arg::Text(low.clone()))
                .push(" AND u.name < ")
                .arg(Arg::Text(high.clone()));
        }
        let short_prefix = range.as_ref().is_none_or(|(low, _)| low.chars().count() < 3);
        if let Some(locals) =
            substring_pattern(full).filter(|_| short_prefix && engine.db().backend() == Backend::Sqlite)
        {
            filter
                .push(" AND u.id IN (SELECT rowid FROM user_locals WHERE local LIKE ")
                .arg(Arg::Text(locals))
                .push(")");
        }
        // A literal head then one `*` is exactly the name range above; any
        // other pattern is checked by LIKE (over the whole address, so that a
        // `?` can never stand for the `@`).
        if !literal_prefix(p) {
            filter.push(" AND u.name LIKE ").arg(Arg::Text(like_pattern(full))).push(" ESCAPE '\\'");
        }
    }
    let dir = req.sort.direction.sql();
    // NULL (never) last logins first ascending, last descending, on both backends.
    let nulls = if dir == "ASC" { " NULLS FIRST" } else { " NULLS LAST" };
    let key = match req.sort.key(&SORT_KEYS)? {
        "delete_time" if !deleted => return fail(Code::BadRequest),
        "delete_time" => "u.deleted_at",
        "createtime" => "u.created_at",
        "id" => "u.id",
        "lastlogin" => "u.last_login",
        "status" => "u.status",
        "target" => "u.target_name",
        "type" => "u.kind",
        "workgroup" => "u.workgroup_name",
        _ => "u.name",
    };
    // Ties break by name in the sort's direction, so that descending is
    // ascending reversed and one index serves both.
    let order = match key {
        "u.name" => format!("u.name {dir}, u.id {dir}"),
        "u.id" => format!("u.id {dir}"),
        "u.last_login" => format!("u.last_login {dir}{nulls}, u.name {dir}, u.id {dir}"),
        _ => format!("{key} {dir}, u.name {dir}, u.id {dir}"),
    };
    // A name range sorted by a column of few values (status, type,
    // workgroup): naming every value the domain's accounts hold lets SQLite
    // read each value's slice of that column's index in order and stop at the
    // page, where it would otherwise sort the whole range.
    let few_keys = matches!(key, "u.status" | "u.kind" | "u.workgroup_name");
    if few_keys && range.is_some() && !deleted && engine.db().backend() == Backend::Sqlite {
        if let Some(values) = few_values(engine, domain.id, key).await? {
            filter.push(&format!(" AND {key} IN (")).list(values.into_iter().map(Arg::Text)).push(")");
        }
    }
    if req.fields.iter().any(|f| !FIELDS.contains(&f.as_str())) {
        return fail(Code::BadRequest);
    }
    let wanted: Vec<&str> = if req.fields.is_empty() {
        vec!["workgroup", "status"]
    } else {
        req.fields.iter().map(String::as_str).collect()
    };
    let with_quota = wanted.contains(&"quota");
    let columns = format!(
        "u.id, u.name, u.kind, u.workgroup_name AS workgroup, u.status, u.target_name AS target, \
         u.forward_first, u.forward_count, u.created_at, u.last_login, u.deleted_at{}",
        if with_quota { ", u.attrs" } else { "" }
    );
    let by_counts = !deleted && statuses.is_empty() && pattern.is_none() && grant.role != Role::Workgroup;
    let total_count = match (by_counts, &workgroup) {
        (true, Some(w)) => counted(engine, "workgroups", w.id, &criteria.types).await?,
        (true, None) => counted(engine, "domains", domain.id, &criteria.types).await?,
        (false, _) => filter.count(engine.db(), "FROM users u").await?,
    };
    let window = req.range.window()?;
    // A `match` narrows the rows (its substring index is costly to re-read
    // per mark); marks serve the big unfiltered lists.
    let marked = match pattern {
        None => {
            let search = Search {
                domain_id: domain.id,
                filter: &filter,
                order: match key {
                    "u.id" => Order::Id,
                    "u.name" => Order::Name,
                    "u.created_at" | "u.deleted_at" | "u.last_login" => Order::Keyed { column: key, text: false },
                    _ => Order::Keyed { column: key, text: true },
                },
                ascending: dir == "ASC",
                order_sql: &order,
            };
            engine.page_marks().page(engine.db(), &search, window).await?
        }
        Some(_) => None,
    };
    let rows: Vec<Row> = match marked {
        Some(ids) => by_ids(engine, &ids, &columns, &order).await?,
        None => filter.page_by_key(engine.db(), ("users u", "u.id"), &columns, "", &order, window).await?,
    };
    let mut quotas = if with_quota { quotas(engine, &rows).await? } else { HashMap::new() };
    let users: Vec<Map<String, Value>> = rows
        .into_iter()
        .map(|r| {
            let quota = quotas.remove(&r.id);
            shape(r, &wanted, quota)
        })
        .collect();
    Ok(Response { count: users.len() as i64, users, total_count })
}

/// The rows of `ids`, in `order`.
async fn by_ids(engine: &Engine, ids: &[i64], columns: &str, order: &str) -> Result<Vec<Row>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(format!("SELECT {columns} FROM users u WHERE u.id IN ("));
    sql.list(ids.iter().map(|id| Arg::Int(*id))).push(&format!(") ORDER BY {order}"));
    Ok(sql.query_as().fetch_all(engine.db().pool()).await?)
}

/// The `quota` of the page's live accounts that have one (mailboxes always),
/// their usage read in one grouped query.
async fn quotas(engine: &Engine, rows: &[Row]) -> Result<HashMap<i64, Value>> {
    let limits: Vec<(i64, i64)> = rows
        .iter()
        .filter(|r| r.kind != "alias" && r.deleted_at.is_none())
        .filter_map(|r| {
            let max = quota_bytes(&apply::parse(&r.attrs));
            // Forward and filter accounts keep no mail unless given a quota.
            (r.kind == "mailbox" || max > 0).then_some((r.id, max))
        })
        .collect();
    let ids: Vec<i64> = limits.iter().map(|(id, _)| *id).collect();
    let usage = usage_of(engine, &ids).await?;
    Ok(limits
        .into_iter()
        .map(|(id, max)| {
            let (bytes, messages) = usage.get(&id).copied().unwrap_or_default();
            (id, json!({"bytes_max": max, "bytes_used": bytes, "messages_used": messages}))
        })
        .collect())
}

/// One row: `user` and `type` always, alias and forward information where they
/// apply, `id` for deleted accounts, then the requested `fields`.
fn shape(r: Row, wanted: &[&str], quota: Option<Value>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("user".into(), Value::String(r.name));
    let alias = r.kind == "alias";
    m.insert("type".into(), Value::String(r.kind.clone()));
    if alias {
        m.insert("alias_target".into(), Value::String(r.target));
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
        m.insert("workgroup".into(), Value::String(r.workgroup));
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
    if let Some(quota) = quota {
        m.insert("quota".into(), quota);
    }
    m
}

fn texts(values: &[&str]) -> Vec<Arg> {
    values.iter().map(|s| Arg::Text((*s).to_string())).collect()
}

/// The live accounts (and, per domain, aliases) of the requested types, from
/// the counts kept on the domain or workgroup.
async fn counted(engine: &Engine, table: &str, id: i64, types: &[String]) -> Result<i64> {
    let all = ["mailbox", "forward", "filter", "alias"];
    let columns: Vec<String> = all
        .iter()
        .filter(|t| types.is_empty() || types.iter().any(|w| w == *t))
        // Workgroups hold accounts, not alias rows.
        .filter(|t| !(table == "workgroups" && **t == "alias"))
        .map(|t| format!("users_{t}"))
        .collect();
    if columns.is_empty() {
        return Ok(0);
    }
    let sql = format!("SELECT {} FROM {table} WHERE id = $1", columns.join(" + "));
    let (total,): (i64,) = sqlx::query_as(&sql).bind(id).fetch_one(engine.db().pool()).await?;
    Ok(total)
}

/// The values `column` (a text column with an index of the domain's live
/// accounts) holds, if there are at most 16: found by as many index seeks.
async fn few_values(engine: &Engine, domain_id: i64, column: &str) -> Result<Option<Vec<String>>> {
    let first = format!("SELECT MIN({column}) FROM users u WHERE u.domain_id = $1 AND u.deleted_at IS NULL");
    let next = format!("{first} AND {column} > $2");
    let mut values: Vec<String> = Vec::new();
    loop {
        let query = match values.last() {
            Some(last) => sqlx::query_as(&next).bind(domain_id).bind(last.clone()),
            None => sqlx::query_as(&first).bind(domain_id),
        };
        let (value,): (Option<String>,) = query.fetch_one(engine.db().pool()).await?;
        match value {
            None => return Ok(Some(values)),
            Some(_) if values.len() == 16 => return Ok(None),
            Some(v) => values.push(v),
        }
    }
}

/// Whether a `match` is literal characters of the local part then one `*`
/// (`*` alone too): what the name range checks by itself.
fn literal_prefix(pattern: &str) -> bool {
    pattern.strip_suffix('*').is_some_and(|head| !head.contains(['*', '?', '@']))
}

/// The FTS5 trigram `LIKE` pattern of a `match`'s local part when it holds a
/// run of three literal characters (what a trigram index can look up), else None.
fn substring_pattern(full: &str) -> Option<String> {
    let local = full.split_once('@').map_or(full, |(l, _)| l);
    if local.contains(['%', '_', '\\']) {
        return None;
    }
    let longest = local.split(['*', '?']).map(|run| run.chars().count()).max().unwrap_or(0);
    (longest >= 3).then(|| local.to_lowercase().replace('*', "%").replace('?', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_prefixes_are_ranges() {
        for pattern in ["abc*", "a*", "a_b*", "*"] {
            assert!(literal_prefix(pattern), "{pattern}");
        }
        for pattern in ["a?c*", "*abc*", "**", "joe", "a*@example.com", "*@example.com", ""] {
            assert!(!literal_prefix(pattern), "{pattern}");
        }
    }
}
