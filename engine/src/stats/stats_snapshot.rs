//! PLACEHOLDER (stats-portal branch): replaced by the stats-engine branch.
//!
//! `stats_snapshot`: a URL to download a company's or domain's figures for one
//! period. The placeholder's URL points at the server's placeholder route
//! (`/placeholder/stats_snapshot`), which serves [`render`].

use serde::{Deserialize, Serialize};

use crate::authz::Action;
use crate::directory::{resolve_company, resolve_domain};
use crate::error::{fail, Code, Result};
use crate::{Ctx, Engine};

#[derive(Debug, Default, Deserialize)]
pub struct Request {
    #[serde(rename = "type")]
    pub kind: String,
    pub object: String,
    pub date: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub snapshot: String,
}

pub async fn stats_snapshot(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let name = match req.kind.as_str() {
        "company" => resolve_company(engine.db(), &ctx.caller, &req.object, Action::Read).await?.name,
        "domain" => resolve_domain(engine.db(), &ctx.caller, &req.object, Action::Read).await?.name,
        _ => return fail(Code::BadRequest),
    };
    if req.date.is_empty() || !req.date.chars().all(|c| c.is_ascii_digit() || c == '-') {
        return fail(Code::BadRequest);
    }
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    Ok(Response {
        snapshot: format!(
            "/placeholder/stats_snapshot?type=snapshot&kind={}&object={}&date={}",
            req.kind,
            enc(&name),
            enc(&req.date)
        ),
    })
}

/// The placeholder file: (file name, content type, body) in `format` (csv or json).
pub fn render(object: &str, date: &str, format: &str) -> (String, &'static str, String) {
    let users = ["joe", "jane", "june", "sam"];
    let row = |u: &str| {
        let size = super::figure(object, date, u, 5_000_000);
        let logins = super::figure(object, date, &format!("{u}.logins"), 40);
        (format!("{u}@{object}"), size, logins)
    };
    if format == "json" {
        let rows: Vec<serde_json::Value> = users
            .iter()
            .map(|u| {
                let (user, size, logins) = row(u);
                serde_json::json!({"user": user, "current_size": size, "logins": logins})
            })
            .collect();
        let body = serde_json::json!({"object": object, "date": date, "users": rows}).to_string();
        (format!("{object}-{date}.json"), "application/json", body)
    } else {
        let mut body = String::from("user,current_size,logins\n");
        for u in users {
            let (user, size, logins) = row(u);
            body.push_str(&format!("{user},{size},{logins}\n"));
        }
        (format!("{object}-{date}.csv"), "text/csv; charset=utf-8", body)
    }
}
