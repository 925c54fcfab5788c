//! Message rows as the listing methods return them: headers as the OMA
//! shows them (`{name: [values]}` with `INTERNALDATE` first), an opaque id,
//! and, for the portal, what its tables show.

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::headers;
use super::message_id;
use crate::error::{Error, Result};
use crate::keys::Keys;

/// The columns every listing reads (folder name joined in).
pub const COLUMNS: &str = "m.id, m.folder_id, f.name AS folder, f.deleted, m.base, m.file, m.size, m.received, \
                           m.changed, m.seen, m.sent, m.from_text, m.subject, m.headers";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub folder_id: i64,
    pub folder: String,
    pub deleted: i64,
    pub base: String,
    pub file: String,
    pub size: i64,
    pub received: i64,
    pub changed: i64,
    pub seen: i64,
    pub sent: Option<i64>,
    pub from_text: String,
    pub subject: String,
    pub headers: String,
}

/// One message of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub headers: Box<RawValue>,
    pub id: String,
    #[serde(skip)]
    pub folder: String,
    #[serde(skip)]
    pub size: i64,
    #[serde(skip)]
    pub received: i64,
    #[serde(skip)]
    pub sent: Option<i64>,
    #[serde(skip)]
    pub seen: bool,
    #[serde(skip)]
    pub from: String,
    #[serde(skip)]
    pub subject: String,
    /// When it was deleted (messages of the expunged tree).
    #[serde(skip)]
    pub deleted_at: i64,
}

impl Message {
    pub fn of(keys: &Keys, user_id: i64, row: &Row, wanted: Option<&[String]>) -> Result<Message> {
        Ok(Message {
            headers: headers_json(row, wanted)?,
            id: message_id::seal(keys, user_id, row.id, &row.base),
            folder: row.folder.clone(),
            size: row.size,
            received: row.received,
            sent: row.sent,
            seen: row.seen != 0,
            from: row.from_text.clone(),
            subject: row.subject.clone(),
            deleted_at: row.changed,
        })
    }
}

/// The stored header map, or the wanted part of it, with `INTERNALDATE` (the
/// spec's examples return it even when not asked for). The full map is
/// spliced as stored rather than parsed and written again.
fn headers_json(row: &Row, wanted: Option<&[String]>) -> Result<Box<RawValue>> {
    let text = match wanted {
        None => {
            let inner = row.headers.trim().strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or("").trim();
            let sep = if inner.is_empty() { "" } else { "," };
            format!("{{\"INTERNALDATE\":[{}]{sep}{inner}}}", row.received)
        }
        Some(wanted) => {
            let all: Map<String, Value> = serde_json::from_str(&row.headers).unwrap_or_default();
            let mut out = Map::new();
            out.insert("INTERNALDATE".into(), Value::from(vec![row.received]));
            out.extend(headers::select(&all, wanted));
            Value::Object(out).to_string()
        }
    };
    RawValue::from_string(text).map_err(|e| Error::Internal(format!("stored headers: {e}")))
}

/// The header names a request asked for: None for all.
pub fn wanted(headers: &[String]) -> Option<Vec<String>> {
    let names: Vec<String> = headers
        .iter()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty() && !h.eq_ignore_ascii_case("INTERNALDATE"))
        .collect();
    (!headers.is_empty()).then_some(names)
}

/// The message an id names in this account's live folders (`deleted` false)
/// or expunged tree (true); None for a stale, forged or foreign id.
pub async fn find(engine: &crate::Engine, user_id: i64, id: &str, deleted: bool) -> Result<Option<Row>> {
    let Some(row_id) = message_id::row_of(id) else { return Ok(None) };
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id \
         WHERE m.id = $1 AND f.user_id = $2 AND f.deleted = $3"
    ))
    .bind(row_id)
    .bind(user_id)
    .bind(deleted as i64)
    .fetch_optional(engine.db().pool())
    .await?;
    Ok(row.filter(|r| message_id::verify(engine.keys(), id, user_id, r.id, &r.base)))
}

/// Per-id outcome of a multi-object method: `{id, success}` or
/// `{id, success: false, error, error_number}`.
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub success: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_number: Option<i64>,
}

impl ItemResult {
    pub fn ok(id: &str) -> ItemResult {
        ItemResult { id: id.to_string(), success: true, error: None, error_number: None }
    }

    pub fn failed(id: &str, code: crate::Code) -> ItemResult {
        ItemResult { id: id.to_string(), success: false, error: Some(code.text()), error_number: Some(code.number()) }
    }
}
