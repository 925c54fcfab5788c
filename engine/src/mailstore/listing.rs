//! Message rows as the listing methods return them: headers as the OMA
//! shows them (`{name: [values]}` with `INTERNALDATE` first), an opaque id,
//! and, for the portal, what its tables show.

use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

use serde_json::Value;

use super::message_id;
use crate::db::{Arg, Sql};
use crate::error::{Error, Result};
use crate::keys::Keys;

/// The columns every listing reads (folder name joined in).
pub const COLUMNS: &str = "m.id, m.folder_id, f.name AS folder, f.deleted, m.base, m.file, m.size, m.received, \
                           m.changed, m.seen, m.sent, m.from_text, m.subject, m.headers";

/// A Row's fields in order, for packed fetches (`Sql::fetch_packed`): the
/// stored header map comes spliced as JSON.
pub const PACKED: &[&str] = &[
    "id",
    "folder_id",
    "text:folder",
    "deleted",
    "text:base",
    "text:file",
    "size",
    "received",
    "changed",
    "seen",
    "sent",
    "text:from_text",
    "text:subject",
    "json:headers",
];

#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
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
    #[serde(deserialize_with = "json_text")]
    pub headers: String,
}

fn json_text<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    let raw: Box<RawValue> = serde::Deserialize::deserialize(d)?;
    Ok(raw.get().to_string())
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
        Some(keys) => {
            let mut text = format!("{{\"INTERNALDATE\":[{}]", row.received);
            for (key, value) in keys.iter().zip(pick(&row.headers, keys)) {
                if let Some(value) = value {
                    text.push_str(&format!(",{}:{}", Value::from(key.as_str()), value.get()));
                }
            }
            text.push('}');
            text
        }
    };
    RawValue::from_string(text).map_err(|e| Error::Internal(format!("stored headers: {e}")))
}

/// The index keys of the headers a request asked for (the index stores them
/// lower-case, so selections are case-insensitive; each once): None for all.
pub fn wanted(headers: &[String]) -> Option<Vec<String>> {
    let mut keys: Vec<String> = Vec::new();
    for key in headers.iter().map(|name| name.trim().to_ascii_lowercase()) {
        if !key.is_empty() && key != "internaldate" && !keys.contains(&key) {
            keys.push(key);
        }
    }
    (!headers.is_empty()).then_some(keys)
}

/// The raw values of `keys` in a stored header map, without building the map:
/// keys are borrowed from the text, values left unparsed.
fn pick<'a>(stored: &'a str, keys: &[String]) -> Vec<Option<&'a RawValue>> {
    let mut de = serde_json::Deserializer::from_str(stored);
    match serde::de::DeserializeSeed::deserialize(Pick(keys), &mut de) {
        Ok(found) => found,
        // A key with escapes cannot be borrowed: the slow way.
        Err(_) => {
            let all: HashMap<String, &RawValue> = serde_json::from_str(stored).unwrap_or_default();
            keys.iter().map(|k| all.get(k).copied()).collect()
        }
    }
}

struct Pick<'k>(&'k [String]);

impl<'de> serde::de::DeserializeSeed<'de> for Pick<'_> {
    type Value = Vec<Option<&'de RawValue>>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Pick<'_> {
    type Value = Vec<Option<&'de RawValue>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a header map")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
        let mut found = vec![None; self.0.len()];
        while let Some(key) = map.next_key::<&'de str>()? {
            let value: &'de RawValue = map.next_value()?;
            if let Some(i) = self.0.iter().position(|k| k == key) {
                found[i] = Some(value);
            }
        }
        Ok(found)
    }
}

/// The messages ids name in this account's live folders (`deleted` false) or
/// expunged tree (true), in the ids' order; None for a stale, forged or
/// foreign id. Read in chunks, not one query per id.
pub async fn find(engine: &crate::Engine, user_id: i64, ids: &[String], deleted: bool) -> Result<Vec<Option<Row>>> {
    let wanted: Vec<Option<i64>> = ids.iter().map(|id| message_id::row_of(id)).collect();
    let mut found: HashMap<i64, Row> = HashMap::new();
    let row_ids: Vec<i64> = wanted.iter().flatten().copied().collect();
    for chunk in row_ids.chunks(500) {
        let mut sql = Sql::new(format!(
            "SELECT {COLUMNS} FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id WHERE f.user_id = "
        ));
        sql.arg(Arg::Int(user_id)).push(" AND f.deleted = ").arg(Arg::Int(deleted as i64)).push(" AND m.id IN (");
        sql.list(chunk.iter().map(|id| Arg::Int(*id))).push(")");
        let rows: Vec<Row> = sql.query_as().fetch_all(engine.db().pool()).await?;
        found.extend(rows.into_iter().map(|r| (r.id, r)));
    }
    Ok(ids
        .iter()
        .zip(wanted)
        .map(|(id, row_id)| {
            let row = found.get(&row_id?)?;
            message_id::verify(engine.keys(), id, user_id, row.id, &row.base).then(|| row.clone())
        })
        .collect())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_pick_raw_values_once_in_any_case() {
        let keys = wanted(&["Subject".into(), " subject".into(), "INTERNALDATE".into(), "nope".into()]).expect("some");
        assert_eq!(keys, ["subject", "nope"]);
        assert_eq!(wanted(&[]), None);
        let stored = r#"{"from":["a"],"subject":["caf\u00e9 \"x\""],"x":[{"nested":[1]}]}"#;
        let got: Vec<Option<&str>> = pick(stored, &keys).into_iter().map(|v| v.map(RawValue::get)).collect();
        assert_eq!(got, [Some(r#"["caf\u00e9 \"x\""]"#), None]);
        // A key needing unescaping cannot be borrowed: the fallback finds it too.
        let escaped = r#"{"sub\u006aect":["y"],"from":["a"]}"#;
        let got: Vec<Option<&str>> = pick(escaped, &keys).into_iter().map(|v| v.map(RawValue::get)).collect();
        assert_eq!(got, [Some(r#"["y"]"#), None]);
    }
}
