//! PLACEHOLDER (stats-portal branch): replaced by the stats-engine branch.
//!
//! `stats_summary`: per-period figures of a company, a domain or an account,
//! in the OMA spec's shapes (numbers for companies and domains, strings for
//! accounts), made up deterministically from the object's name.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::authz::Action;
use crate::directory::{resolve_company, resolve_domain, resolve_user};
use crate::error::{fail, Code, Result};
use crate::{Ctx, Engine};

#[derive(Debug, Default, Deserialize)]
pub struct Request {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub object: Option<String>,
    pub by: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub summary: Map<String, Value>,
}

pub async fn stats_summary(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let by = req.by.as_deref().unwrap_or("day");
    let periods = super::periods(by, super::today(engine))?;
    let Some(object) = req.object.as_deref() else { return fail(Code::BadRequest) };
    let db = engine.db();
    let (kind, seed) = match req.kind.as_deref().unwrap_or("user") {
        "company" => ("company", resolve_company(db, &ctx.caller, object, Action::Read).await?.name),
        "domain" => ("domain", resolve_domain(db, &ctx.caller, object, Action::Read).await?.name),
        "user" => ("user", resolve_user(db, &ctx.caller, object, Action::Read).await?.name),
        _ => return fail(Code::BadRequest),
    };
    let n = periods.len() as u64;
    let summary = periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let f = |what: &str, range: u64| super::figure(&seed, p, what, range);
            // Storage grows over the periods.
            let grow = |base: u64, step: u64| base + step * i as u64 + f("jitter", step.max(1));
            // The oldest quarter of the periods is before anything existed: zeros.
            let quiet = (i as u64) < n / 4 && kind != "user";
            let v = if kind == "user" {
                let s = |x: u64| Value::String(if x == 0 { String::new() } else { x.to_string() });
                json!({
                    "messages": {
                        "in_size": s(f("in_size", 400_000)), "out_msg_count": s(f("out", 15)), "in_spam": s(f("spam", 8)),
                        "autorespond_count": s(f("auto", 3)), "out_size": s(f("out_size", 200_000)),
                        "forward_count": s(f("fwd", 4)), "in_ham": s(f("ham", 40)), "out_rcpt_count": s(f("rcpt", 30)),
                        "denied": s(f("denied", 3))
                    },
                    "services": {"smtprelay": "enabled", "smtpin": "enabled", "imap4": "enabled", "pop3": "enabled", "webmail": "enabled"},
                    "delivery": {"autoresponder": "0", "fonly": "0"},
                    "forward": "",
                    "createtime": "Thu Jul 21 17:46:22 2011 UTC",
                    "workgroup": "staff",
                    "account_type": "mailbox",
                    "logins": {
                        "imap4": s(f("imap4", 20)), "pop3": s(f("pop3", 6)), "webmail": s(f("webmail", 10)),
                        "auth_token": "", "auth_password": "", "last_imap4": "", "last_pop3": "", "last_webmail": ""
                    },
                    "storage": {"items_stored": grow(20, 3).to_string(), "allowed_size": "6442450944", "current_size": grow(700_000, 40_000).to_string()},
                    "deletetime": ""
                })
            } else if quiet {
                json!({
                    "messages": {"autorespond_count": 0, "in_size": 0, "out_msg_count": 0, "in_spam": 0, "out_size": 0, "forward_count": 0, "in_ham": 0, "out_rcpt_count": 0, "denied": 0},
                    "services": {"smtprelay": 0, "smtpin": 0, "imap4": 0, "pop3": 0, "webmail": 0},
                    "deleted_users": {"storage_items_stored": 0, "storage_current_size": 0},
                    "users": {"filter": 0, "forward": 0, "deleted": 0, "mailbox": 0, "alias": 0},
                    "logins": {"imap4": 0, "pop3": 0, "webmail": 0},
                    "storage": {"items_stored": 0, "current_size": 0}
                })
            } else {
                let mailbox = 8 + f("mailbox", 4);
                json!({
                    "messages": {
                        "autorespond_count": f("auto", 10), "in_size": f("in_size", 9_000_000), "out_msg_count": f("out", 120),
                        "in_spam": f("spam", 60), "out_size": f("out_size", 3_000_000), "forward_count": f("fwd", 20),
                        "in_ham": f("ham", 300), "out_rcpt_count": f("rcpt", 200), "denied": f("denied", 25)
                    },
                    "services": {"smtprelay": mailbox, "smtpin": mailbox, "imap4": mailbox - 1, "pop3": mailbox / 2, "webmail": mailbox},
                    "deleted_users": {"storage_items_stored": f("del_items", 30), "storage_current_size": f("del_size", 900_000)},
                    "users": {"filter": f("filter", 2), "forward": 1 + f("forward", 2), "deleted": f("deleted", 2), "mailbox": mailbox, "alias": f("alias", 3)},
                    "logins": {"imap4": f("imap4", 150), "pop3": f("pop3", 40), "webmail": f("webmail", 80)},
                    "storage": {"items_stored": grow(100, 12), "current_size": grow(5_000_000, 250_000)}
                })
            };
            (p.clone(), v)
        })
        .collect();
    Ok(Response { summary })
}
