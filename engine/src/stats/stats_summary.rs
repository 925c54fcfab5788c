//! `stats_summary`: a company's, domain's or account's figures for each of the
//! last 30 days, 52 weeks (Monday to Sunday) or 48 months, oldest first, the
//! current period's partial figures included.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sqlx::Row;

use super::calendar::{self, Period};
use super::rollup::{self, Scope};
use super::{all_columns, figures_at, flush, Figures, FLOWS};
use crate::authz::{self, Action};
use crate::directory::{self, CompanyRef, DomainRef, UserRef};
use crate::error::{Code, Error, Result};
use crate::identity::role::Level;
use crate::oma::lenient;
use crate::{Caller, Ctx, Engine};

#[derive(Debug, Default, Deserialize)]
pub struct Request {
    #[serde(rename = "type", default, deserialize_with = "lenient::opt_string")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub object: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub by: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub summary: Map<String, Value>,
}

pub async fn stats_summary(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let by = match req.by.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Period::Day,
        Some(text) => {
            Period::parse(text).ok_or_else(|| Error::hint(Code::BadAttributes, "by", "day, week or month"))?
        }
    };
    let target = resolve(engine, &ctx.caller, req.kind.as_deref(), req.object.as_deref(), true).await?;
    flush(engine).await?;
    let today = super::today(engine);
    let starts = by.last_n(today, by.shown());
    let summary = match &target {
        Target::Company(c) => {
            let figures = series(engine, ("company", c.id), Scope::Company(c.id), by, &starts).await?;
            starts.iter().zip(figures).map(|(s, f)| (by.key(*s), shape(&f))).collect()
        }
        Target::Domain(d) => {
            let figures = series(engine, ("domain", d.id), Scope::Domain(d.id), by, &starts).await?;
            starts.iter().zip(figures).map(|(s, f)| (by.key(*s), shape(&f))).collect()
        }
        Target::User(u) => user_series(engine, u, by, &starts).await?,
    };
    Ok(Response { summary })
}

/// What the figures are about.
#[derive(Debug, Clone)]
pub enum Target {
    Company(CompanyRef),
    Domain(DomainRef),
    User(UserRef),
}

impl Target {
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Company(_) => "company",
            Target::Domain(_) => "domain",
            Target::User(_) => "user",
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Target::Company(c) => &c.name,
            Target::Domain(d) => &d.name,
            Target::User(u) => &u.name,
        }
    }
}

/// The object a stats request is about, if the caller may read it. Without a
/// type or object: the caller's own company (company-level admins), domain
/// (domain admins) or account (everyone else); provider admins must name one.
pub async fn resolve(
    engine: &Engine,
    caller: &Caller,
    kind: Option<&str>,
    object: Option<&str>,
    users_too: bool,
) -> Result<Target> {
    let allowed = if users_too { "company, domain or user" } else { "company or domain" };
    let kind = kind.map(|k| k.trim().to_ascii_lowercase()).filter(|k| !k.is_empty());
    let object = object.map(str::trim).filter(|o| !o.is_empty());
    let level = caller.grant.as_ref().map(|g| g.role.level());
    let kind = match kind {
        Some(k) if k == "company" || k == "domain" || (users_too && k == "user") => k,
        Some(_) => return Err(Error::hint(Code::BadAttributes, "type", allowed)),
        None => match (object, level) {
            (Some(o), _) if o.contains('@') && users_too => "user".into(),
            (Some(o), _) => {
                if directory::find_domain(engine.db(), o).await?.is_some() {
                    "domain".into()
                } else {
                    "company".into()
                }
            }
            (None, Some(Level::Company)) => "company".into(),
            (None, Some(Level::Domain)) => "domain".into(),
            (None, Some(Level::Provider)) => return Err(Error::hint(Code::BadRequest, "object", "required")),
            (None, _) if users_too => "user".into(),
            (None, _) => "domain".into(),
        },
    };
    let db = engine.db();
    let grant = caller.grant.as_ref();
    let target = match (kind.as_str(), object) {
        ("company", Some(name)) => Target::Company(directory::resolve_company(db, caller, name, Action::Read).await?),
        ("company", None) => {
            let own = match grant.and_then(|g| g.company_id).or(caller.home.company_id) {
                Some(id) => directory::company_by_id(db, id).await?,
                None => None,
            };
            Target::Company(directory::admit(caller, Action::Read, own)?)
        }
        ("domain", Some(name)) => Target::Domain(directory::resolve_domain(db, caller, name, Action::Read).await?),
        ("domain", None) => {
            let own = match grant.and_then(|g| g.domain_id).or(caller.home.domain_id) {
                Some(id) => directory::domain_by_id(db, id).await?,
                None => None,
            };
            Target::Domain(directory::admit(caller, Action::Read, own)?)
        }
        (_, name) => {
            let name = name.unwrap_or(&caller.name);
            Target::User(directory::resolve_user(db, caller, name, Action::Read).await?)
        }
    };
    match &target {
        Target::User(u) => authz::require(caller, Action::Read, &u.object())?,
        // A domain's or company's figures are about every account in it:
        // workgroup admins and mailbox owners see their accounts' only.
        _ if matches!(level, None | Some(Level::Workgroup)) => return Err(Code::NotPermitted.into()),
        _ => {}
    }
    Ok(target)
}

/// The figures of an object (`(scope, id)`) for each period starting at
/// `starts`, the current period's gauges as they are now.
pub async fn series(
    engine: &Engine,
    (scope, id): (&str, i64),
    live: Scope,
    by: Period,
    starts: &[i64],
) -> Result<Vec<Figures>> {
    let (Some(first), Some(last)) = (starts.first(), starts.last()) else { return Ok(Vec::new()) };
    let rows = sqlx::query(&format!(
        "SELECT start_day, {} FROM stats_periods WHERE scope = $1 AND object_id = $2 AND period = $3 \
         AND start_day >= $4 AND start_day <= $5",
        all_columns()
    ))
    .bind(scope)
    .bind(id)
    .bind(by.as_str())
    .bind(*first)
    .bind(*last)
    .fetch_all(engine.db().pool())
    .await?;
    let mut found = std::collections::HashMap::new();
    for row in rows {
        found.insert(row.try_get::<i64, _>(0)?, figures_at(&row, 1)?);
    }
    let mut out: Vec<Figures> = starts.iter().map(|s| found.get(s).copied().unwrap_or_default()).collect();
    let today = super::today(engine);
    if let (Some(current), true) = (out.last_mut(), by.start_of(today) == *last) {
        current.gauges = current_gauges(engine, (scope, id), live).await?;
    }
    Ok(out)
}

/// An object's gauges now: the last rolled-up day's (today's once the rollup
/// has run), else measured on the spot (a fresh server).
pub async fn current_gauges(engine: &Engine, (scope, id): (&str, i64), live: Scope) -> Result<[i64; 14]> {
    let row = sqlx::query(&format!(
        "SELECT start_day, {} FROM stats_periods WHERE scope = $1 AND object_id = $2 AND period = 'day' \
         AND gauged = 1 ORDER BY start_day DESC LIMIT 1",
        all_columns()
    ))
    .bind(scope)
    .bind(id)
    .fetch_optional(engine.db().pool())
    .await?;
    if let Some(row) = row {
        return Ok(figures_at(&row, 1)?.gauges);
    }
    let mut conn = engine.db().pool().acquire().await?;
    let mut sum = Figures::default();
    for g in rollup::gauges(&mut conn, live).await?.values() {
        sum.add_gauges(g);
    }
    Ok(sum.gauges)
}

/// A company's or domain's figures in the spec's shape.
pub fn shape(f: &Figures) -> Value {
    json!({
        "messages": {
            "autorespond_count": f.flow("autoresponded"),
            "in_size": f.flow("in_size"),
            "out_msg_count": f.flow("out_msg"),
            "in_spam": f.flow("in_spam"),
            "out_size": f.flow("out_size"),
            "forward_count": f.flow("forwarded"),
            "in_ham": f.flow("in_ham"),
            "out_rcpt_count": f.flow("out_rcpt"),
            "denied": f.flow("denied"),
        },
        "services": {
            "smtprelay": f.gauge("svc_smtprelay"),
            "smtpin": f.gauge("svc_smtpin"),
            "imap4": f.gauge("svc_imap4"),
            "pop3": f.gauge("svc_pop3"),
            "webmail": f.gauge("svc_webmail"),
        },
        "deleted_users": {
            "storage_items_stored": f.gauge("deleted_items"),
            "storage_current_size": f.gauge("deleted_size"),
        },
        "users": {
            "filter": f.gauge("users_filter"),
            "forward": f.gauge("users_forward"),
            "deleted": f.gauge("users_deleted"),
            "mailbox": f.gauge("users_mailbox"),
            "alias": f.gauge("users_alias"),
        },
        "logins": {
            "imap4": f.flow("logins_imap4"),
            "pop3": f.flow("logins_pop3"),
            "webmail": f.flow("logins_webmail"),
        },
        "storage": {
            "items_stored": f.gauge("items_stored"),
            "current_size": f.gauge("current_size"),
        },
    })
}

/// An account's periods in the spec's second shape (every value a string;
/// counts "" for a period without activity).
async fn user_series(engine: &Engine, user: &UserRef, by: Period, starts: &[i64]) -> Result<Map<String, Value>> {
    let first = starts.first().copied().unwrap_or_default();
    let (kind, attrs, created, workgroup): (String, String, i64, String) = sqlx::query_as(
        "SELECT u.kind, u.attrs, u.created_at, COALESCE(w.name, '') FROM users u \
         LEFT JOIN workgroups w ON w.id = u.workgroup_id WHERE u.id = $1",
    )
    .bind(user.id)
    .fetch_one(engine.db().pool())
    .await?;
    let attrs: Map<String, Value> = serde_json::from_str(&attrs).unwrap_or_default();
    let rows = sqlx::query(&format!(
        "SELECT day, {}, last_imap4, last_pop3, last_webmail FROM stats_events WHERE user_id = $1 AND day >= $2 \
         ORDER BY day",
        FLOWS.join(", ")
    ))
    .bind(user.id)
    .bind(first)
    .fetch_all(engine.db().pool())
    .await?;
    let before: (Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT MAX(last_imap4), MAX(last_pop3), MAX(last_webmail) FROM stats_events WHERE user_id = $1 AND day < $2",
    )
    .bind(user.id)
    .bind(first)
    .fetch_one(engine.db().pool())
    .await?;
    let mut days = Vec::with_capacity(rows.len());
    for row in rows {
        let mut flows = [0i64; 12];
        for (i, v) in flows.iter_mut().enumerate() {
            *v = row.try_get(1 + i)?;
        }
        let last: [Option<i64>; 3] = [row.try_get(13)?, row.try_get(14)?, row.try_get(15)?];
        days.push((row.try_get::<i64, _>(0)?, flows, last));
    }
    let (bytes, items) = crate::mailstore::store::usage(engine, user.id).await?;
    let text = |name: &str| attrs.get(name).and_then(Value::as_str).unwrap_or_default().to_string();
    let flag = |name: &str| if attrs.get(name).and_then(Value::as_bool).unwrap_or(false) { "1" } else { "0" };
    let forward_only = kind == "forward"
        || (attrs.get("delivery_forward").and_then(Value::as_bool) == Some(true)
            && attrs.get("delivery_local").and_then(Value::as_bool) != Some(true));
    let forwards: Vec<String> = attrs
        .get("forward_recipients")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
        .unwrap_or_default();
    let mut last = [before.0, before.1, before.2];
    let mut out = Map::new();
    let mut i = 0;
    for start in starts {
        let end = by.next(*start);
        let mut sum = [0i64; 12];
        let mut any = false;
        while i < days.len() && days[i].0 < end {
            if days[i].0 >= *start {
                any = true;
                for (a, b) in sum.iter_mut().zip(days[i].1) {
                    *a += b;
                }
            }
            for (a, b) in last.iter_mut().zip(days[i].2) {
                *a = (*a).max(b);
            }
            i += 1;
        }
        let n = |idx: usize| if any { Value::from(sum[idx].to_string()) } else { Value::from("") };
        let when = |t: Option<i64>| Value::from(t.map(calendar::ctime).unwrap_or_default());
        out.insert(
            by.key(*start),
            json!({
                "messages": {
                    "in_size": n(super::F_IN_SIZE),
                    "out_msg_count": n(super::F_OUT_MSG),
                    "in_spam": n(super::F_SPAM),
                    "autorespond_count": n(super::F_AUTORESPONDED),
                    "out_size": n(super::F_OUT_SIZE),
                    "forward_count": n(super::F_FORWARDED),
                    "in_ham": n(super::F_HAM),
                    "out_rcpt_count": n(super::F_OUT_RCPT),
                    "denied": n(super::F_DENIED),
                },
                "services": {
                    "smtprelay": text("service_smtprelay"),
                    "smtpin": text("service_smtpin"),
                    "imap4": text("service_imap4"),
                    "pop3": text("service_pop3"),
                    "webmail": text("service_webmail"),
                },
                "delivery": {
                    "autoresponder": flag("delivery_autoresponder"),
                    "fonly": if forward_only { "1" } else { "0" },
                },
                "forward": forwards.join(","),
                "createtime": calendar::ctime(created),
                "workgroup": workgroup,
                "account_type": kind,
                "logins": {
                    "last_imap4": when(last[0]),
                    "imap4": n(super::F_IMAP4),
                    "auth_token": "",
                    "webmail": n(super::F_WEBMAIL),
                    "last_webmail": when(last[2]),
                    "auth_password": "",
                    "pop3": n(super::F_POP3),
                    "last_pop3": when(last[1]),
                    "last_smtprelay": "",
                    "last_smtpin": "",
                },
                "storage": {
                    "items_stored": items.to_string(),
                    "allowed_size": crate::user::quota_bytes(&attrs).to_string(),
                    "current_size": bytes.to_string(),
                },
                "deletetime": "",
            }),
        );
    }
    Ok(out)
}
