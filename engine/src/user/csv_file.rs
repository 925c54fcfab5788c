//! Users as CSV: the import file's rows (a header naming `user` and any
//! attributes change_user takes) and the export of a search.
//!
//! Import cells: empty means "not set" (the domain's default applies); lists
//! (aliases, allow, block, forward_recipients) are separated by `;`; yes/no
//! columns take true/false, yes/no or 1/0; numbers are whole numbers.

use serde_json::{Map, Number, Value};

use super::bulk_create::NewUser;
use crate::attributes::{self, kinds::Kind};

/// One data row of an import file: its line in the file and what it asks
/// for, or why it cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub line: u64,
    pub user: String,
    pub row: Result<NewUser, String>,
}

/// Reads an import file. Err: what makes the whole file unusable (no `user`
/// column, unknown columns, not CSV).
pub fn read(text: &str) -> Result<Vec<ImportRow>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("Not a CSV file: {e}"))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    if !headers.iter().any(|h| h == "user") {
        return Err("The first line must name the columns, one of them `user`".into());
    }
    let unknown: Vec<&str> = headers.iter().filter(|h| *h != "user" && spec(h).is_none()).map(String::as_str).collect();
    if !unknown.is_empty() {
        return Err(format!("Unknown columns: {}", unknown.join(", ")));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("Not a CSV file: {e}"))?;
        // The line from the byte offset: the reader's own count skips blank
        // lines, and a record's offset is where the blank lines before it start.
        let mut at = record.position().map_or(0, |p| p.byte() as usize).min(text.len());
        while matches!(text.as_bytes().get(at), Some(b'\n' | b'\r')) {
            at += 1;
        }
        let line = text.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() > headers.len() {
            let why = format!("{} cells for {} columns", record.len(), headers.len());
            rows.push(ImportRow { line, user: record.get(0).unwrap_or("").into(), row: Err(why) });
            continue;
        }
        let mut user = String::new();
        let mut attributes = Map::new();
        let mut problems = Vec::new();
        for (header, cell) in headers.iter().zip(record.iter()) {
            if header == "user" {
                user = cell.to_string();
            } else if !cell.is_empty() {
                match cell_value(header, cell) {
                    Ok(v) => {
                        attributes.insert(header.clone(), v);
                    }
                    Err(why) => problems.push(format!("{header}: {why}")),
                }
            }
        }
        let row = if user.is_empty() {
            Err("user: empty".to_string())
        } else if !problems.is_empty() {
            Err(problems.join("; "))
        } else {
            Ok(NewUser { user: user.clone(), attributes })
        };
        rows.push(ImportRow { line, user, row });
    }
    Ok(rows)
}

fn spec(name: &str) -> Option<&'static attributes::Spec> {
    attributes::USER.iter().find(|s| s.name == name)
}

/// A cell as the JSON value change_user takes for its column.
fn cell_value(header: &str, cell: &str) -> Result<Value, String> {
    let Some(spec) = spec(header) else { return Err("unknown column".into()) };
    match spec.kind {
        Kind::Bool => match cell.to_lowercase().as_str() {
            "true" | "yes" | "1" => Ok(Value::Bool(true)),
            "false" | "no" | "0" => Ok(Value::Bool(false)),
            _ => Err(format!("`{cell}` is not yes or no")),
        },
        Kind::Number { .. } | Kind::Quota => cell
            .parse::<i64>()
            .map(|n| Value::Number(Number::from(n)))
            .map_err(|_| format!("`{cell}` is not a whole number")),
        Kind::EmailList { .. } | Kind::WildcardList { .. } | Kind::DomainList { .. } => Ok(Value::Array(
            cell.split(';').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.into())).collect(),
        )),
        _ => Ok(Value::String(cell.to_string())),
    }
}

/// The columns of a search export, in order.
pub const EXPORT_COLUMNS: [&str; 9] = [
    "user",
    "type",
    "workgroup",
    "status",
    "alias_target",
    "forward_recipient",
    "forward_recipient_count",
    "createtime",
    "lastlogin",
];

/// search_users rows as CSV, one line per row (absent fields empty), after
/// the header line when `header` (the first of several pages).
pub fn write(rows: &[Map<String, Value>], header: bool) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    if header {
        let _ = writer.write_record(EXPORT_COLUMNS);
    }
    for row in rows {
        let cells = EXPORT_COLUMNS.iter().map(|c| match row.get(*c) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        });
        let _ = writer.write_record(cells);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_become_change_user_attributes() {
        let text = "\u{feff}User,Name,quota,aliases,delivery_forward,forward_recipients\n\
                    ann@example.com,Ann,100,a1@example.com; a2@example.com,yes,x@else.org\n\
                    \n\
                    bob@example.com,\"Bob, Jr.\",,,,\n";
        let rows = read(text).expect("file");
        assert_eq!(rows.len(), 2);
        let ann = rows[0].row.clone().expect("ann");
        assert_eq!(
            Value::Object(ann.attributes),
            json!({"name": "Ann", "quota": 100, "aliases": ["a1@example.com", "a2@example.com"],
                   "delivery_forward": true, "forward_recipients": ["x@else.org"]})
        );
        assert_eq!(rows[1].line, 4);
        assert_eq!(Value::Object(rows[1].row.clone().expect("bob").attributes), json!({"name": "Bob, Jr."}));
    }

    #[test]
    fn bad_cells_fail_their_row_and_bad_headers_the_file() {
        let rows = read("user,quota,reject_spam\nann@example.com,lots,maybe\n,1,\nc@x.org,1,no,extra\n").expect("file");
        assert_eq!(
            rows[0].row,
            Err("quota: `lots` is not a whole number; reject_spam: `maybe` is not yes or no".into())
        );
        assert_eq!(rows[1].row, Err("user: empty".into()));
        assert_eq!(rows[2].row, Err("4 cells for 3 columns".into()));
        assert_eq!(read("name,quota\nAnn,1\n"), Err("The first line must name the columns, one of them `user`".into()));
        assert_eq!(read("user,mood\na@b.c,happy\n"), Err("Unknown columns: mood".into()));
    }

    #[test]
    fn searches_export_with_a_header() {
        let rows = vec![
            json!({"user": "a@x.org", "type": "mailbox", "workgroup": "staff", "status": "active", "createtime": 5})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            json!({"user": "b,c@x.org", "type": "alias", "alias_target": "a@x.org"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        ];
        assert_eq!(write(&rows[1..], false), "\"b,c@x.org\",alias,,,a@x.org,,,,\n");
        assert_eq!(
            write(&rows, true),
            "user,type,workgroup,status,alias_target,forward_recipient,forward_recipient_count,createtime,lastlogin\n\
             a@x.org,mailbox,staff,active,,,,5,\n\
             \"b,c@x.org\",alias,,,a@x.org,,,,\n"
        );
    }
}
