//! The files behind stats_snapshot links (`GET /api/oma_file/get?type=snapshot
//! &id=<object>:<type>:<period>&user=..&expires=..&token=..[&format=json]`):
//! the link is checked (signature, expiry), then the period's totals and one
//! row per account are written as CSV (default) or JSON.

use std::collections::HashMap;

use serde_json::{json, Map, Value};
use sqlx::Row;
use subtle::ConstantTimeEq;

use super::calendar::{self, Period};
use super::rollup::Scope;
use super::stats_summary::{series, shape};
use super::{Figures, FLOWS};
use crate::directory;
use crate::error::Result;
use crate::Engine;

/// How long a link is valid.
pub const VALID_SECONDS: i64 = 15 * 60;

/// The 32-hex-digit signature of a link.
pub fn sign(engine: &Engine, id: &str, user: &str, expires: i64) -> String {
    let mac =
        engine.keys().mac_hex("stats_snapshot", &[id.as_bytes(), user.as_bytes(), expires.to_string().as_bytes()]);
    mac[..32].to_string()
}

/// The link for `id` requested by `user`, valid until `expires`: relative
/// unless the server knows its public URL.
pub fn url(engine: &Engine, id: &str, user: &str, expires: i64) -> String {
    let base = engine.public_url().unwrap_or_default().trim_end_matches('/').to_string();
    format!(
        "{base}/api/oma_file/get?type=snapshot&id={}&user={}&expires={expires}&token={}",
        encode(id),
        encode(user),
        sign(engine, id, user, expires)
    )
}

/// Percent-encoding of everything but unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A file to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub filename: String,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// Why a download is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Bad, altered or expired link: HTTP 403 with the reason.
    Forbidden(&'static str),
    /// The object is gone: HTTP 404.
    NotFound,
    /// HTTP 500.
    Internal(String),
}

impl From<crate::Error> for Refused {
    fn from(e: crate::Error) -> Refused {
        Refused::Internal(e.to_string())
    }
}

/// Checks a link's query parameters (decoded) and builds its file.
pub async fn download(engine: &Engine, query: &HashMap<String, String>) -> std::result::Result<File, Refused> {
    let get = |k: &str| query.get(k).map(String::as_str).unwrap_or_default();
    if get("type") != "snapshot" {
        return Err(Refused::Forbidden("not a snapshot link"));
    }
    let (id, user, token) = (get("id"), get("user"), get("token"));
    let Ok(expires) = get("expires").parse::<i64>() else { return Err(Refused::Forbidden("link has no valid expiry")) };
    let expected = sign(engine, id, user, expires);
    if token.len() != expected.len() || !bool::from(token.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(Refused::Forbidden("link signature does not match"));
    }
    let now = engine.clock().now();
    if now > expires || expires - now > VALID_SECONDS {
        return Err(Refused::Forbidden("link expired"));
    }
    let json = match get("format") {
        "" | "csv" => false,
        "json" => true,
        _ => return Err(Refused::Forbidden("format must be csv or json")),
    };
    let mut parts = id.rsplitn(3, ':');
    let (Some(date), Some(kind), Some(object)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Refused::Forbidden("malformed id"));
    };
    let Some((period, start)) = calendar::parse_key(date) else { return Err(Refused::Forbidden("malformed id")) };
    let (scope, live, column) = match kind {
        "company" => {
            let c = directory::find_company(engine.db(), object).await?.ok_or(Refused::NotFound)?;
            (("company", c.id), Scope::Company(c.id), ("d.company_id", c.id))
        }
        "domain" => {
            let d = directory::find_domain(engine.db(), object).await?.ok_or(Refused::NotFound)?;
            (("domain", d.id), Scope::Domain(d.id), ("d.id", d.id))
        }
        _ => return Err(Refused::Forbidden("malformed id")),
    };
    super::flush(engine).await?;
    let totals = series(engine, scope, live, period, &[start]).await?.pop().unwrap_or_default();
    let users = per_user(engine, column, period, start).await?;
    let stem = format!("{object}-{date}");
    if json {
        let body = json!({
            "type": kind,
            "object": object,
            "period": date,
            "totals": shape(&totals),
            "users": users.iter().map(|u| Value::Object(u.to_json())).collect::<Vec<_>>(),
        });
        return Ok(File {
            filename: format!("{stem}.json"),
            content_type: "application/json",
            body: serde_json::to_vec(&body).map_err(|e| Refused::Internal(e.to_string()))?,
        });
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let write = |w: &mut csv::Writer<Vec<u8>>, row: Vec<String>| {
        w.write_record(row).map_err(|e| Refused::Internal(e.to_string()))
    };
    write(&mut w, COLUMNS.iter().map(|c| c.to_string()).collect())?;
    for u in &users {
        write(&mut w, u.to_row())?;
    }
    let total = UserRow {
        name: "TOTAL".into(),
        kind: String::new(),
        flows: totals.flows,
        items: totals.gauge("items_stored"),
        bytes: totals.gauge("current_size"),
    };
    write(&mut w, total.to_row())?;
    let body = w.into_inner().map_err(|e| Refused::Internal(e.to_string()))?;
    Ok(File { filename: format!("{stem}.csv"), content_type: "text/csv; charset=utf-8", body })
}

/// The file's columns (CSV header; JSON keys of each account).
pub const COLUMNS: [&str; 16] = [
    "user",
    "account_type",
    "logins_imap4",
    "logins_pop3",
    "logins_webmail",
    "in_ham",
    "in_spam",
    "in_size",
    "denied",
    "forward_count",
    "autorespond_count",
    "out_msg_count",
    "out_rcpt_count",
    "out_size",
    "items_stored",
    "current_size",
];

struct UserRow {
    name: String,
    kind: String,
    flows: [i64; 12],
    items: i64,
    bytes: i64,
}

impl UserRow {
    fn values(&self) -> Vec<Value> {
        let mut v = vec![Value::from(self.name.clone()), Value::from(self.kind.clone())];
        v.extend(self.flows.iter().map(|n| Value::from(*n)));
        v.push(self.items.into());
        v.push(self.bytes.into());
        v
    }

    fn to_json(&self) -> Map<String, Value> {
        COLUMNS.iter().map(|c| c.to_string()).zip(self.values()).collect()
    }

    fn to_row(&self) -> Vec<String> {
        self.values().into_iter().map(|v| v.as_str().map(String::from).unwrap_or_else(|| v.to_string())).collect()
    }
}

/// Every live account of the company or domain with its period's flows and
/// its storage now, by name.
async fn per_user(engine: &Engine, (column, id): (&str, i64), period: Period, start: i64) -> Result<Vec<UserRow>> {
    let sums = FLOWS.iter().map(|c| format!("CAST(COALESCE(SUM(e.{c}), 0) AS BIGINT)")).collect::<Vec<_>>().join(", ");
    let rows = sqlx::query(&format!(
        "SELECT u.id, u.name, u.kind, {sums} FROM users u JOIN domains d ON d.id = u.domain_id \
         LEFT JOIN stats_events e ON e.user_id = u.id AND e.day >= $1 AND e.day < $2 \
         WHERE u.deleted_at IS NULL AND d.deleted_at IS NULL AND {column} = $3 GROUP BY u.id, u.name, u.kind ORDER BY u.name"
    ))
    .bind(start)
    .bind(period.next(start))
    .bind(id)
    .fetch_all(engine.db().pool())
    .await?;
    let storage: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT f.user_id, CAST(SUM(f.messages) AS BIGINT), CAST(SUM(f.bytes) AS BIGINT) FROM mail_folders f \
         JOIN users u ON u.id = f.user_id JOIN domains d ON d.id = u.domain_id \
         WHERE f.deleted = 0 AND u.deleted_at IS NULL AND {column} = $1 GROUP BY f.user_id"
    ))
    .bind(id)
    .fetch_all(engine.db().pool())
    .await?;
    let storage: HashMap<i64, (i64, i64)> = storage.into_iter().map(|(u, m, b)| (u, (m, b))).collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let uid: i64 = row.try_get(0)?;
        let mut f = Figures::default();
        for i in 0..FLOWS.len() {
            f.flows[i] = row.try_get(3 + i)?;
        }
        let (items, bytes) = storage.get(&uid).copied().unwrap_or_default();
        out.push(UserRow { name: row.try_get(1)?, kind: row.try_get(2)?, flows: f.flows, items, bytes });
    }
    Ok(out)
}
