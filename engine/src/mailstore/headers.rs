//! A message's header block as the OMA shows it: lower-case names, each with
//! every value it has (repeated headers such as Received keep their order),
//! unfolded and with RFC 2047 words decoded; plus what lists sort on.

use std::io::Read;
use std::path::Path;

use serde_json::{Map, Value};

/// The most of a file read to find its header block.
const HEAD_LIMIT: usize = 256 * 1024;

#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// {name: [values]} in the order the names first appear.
    pub headers: Map<String, Value>,
    /// The Date header as epoch seconds, when it parses.
    pub date: Option<i64>,
    pub from: String,
    pub subject: String,
}

/// Reads and parses the header block of the message file at `path`.
pub fn read(path: &Path) -> std::io::Result<Summary> {
    let mut head = Vec::with_capacity(8192);
    std::fs::File::open(path)?.take(HEAD_LIMIT as u64).read_to_end(&mut head)?;
    Ok(parse(&head))
}

/// Parses the header block at the start of `raw` (a message, or its head).
/// Malformed lines are skipped rather than failing the whole message: a
/// mailbox must list every message it holds.
pub fn parse(raw: &[u8]) -> Summary {
    let end = header_end(raw);
    let mut summary = Summary::default();
    let Ok((headers, _)) = mailparse::parse_headers(&raw[..end]) else {
        return summary;
    };
    for header in &headers {
        let name = header.get_key().trim().to_ascii_lowercase();
        if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            continue;
        }
        let value = header.get_value();
        let value = value.trim();
        if let Value::Array(values) = summary.headers.entry(name).or_insert_with(|| Value::Array(Vec::new())) {
            values.push(Value::from(value));
        }
    }
    let first = |name: &str| {
        summary.headers.get(name).and_then(|v| v.get(0)).and_then(Value::as_str).unwrap_or_default().to_string()
    };
    summary.from = first("from");
    summary.subject = first("subject");
    let date = first("date");
    summary.date = if date.trim().is_empty() { None } else { mailparse::dateparse(&date).ok() };
    summary
}

/// Where the header block ends (after the blank line, or the whole input).
fn header_end(raw: &[u8]) -> usize {
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\n' {
            match raw.get(i + 1) {
                Some(b'\n') => return i + 2,
                Some(b'\r') if raw.get(i + 2) == Some(&b'\n') => return i + 3,
                _ => {}
            }
        }
        i += 1;
    }
    raw.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_folded_and_encoded_headers() {
        let raw = b"Received: from a\r\n\tby b\r\nReceived: from c\r\nFrom: June User <june@example.com>\r\n\
Subject: =?UTF-8?Q?caf=C3=A9?=\r\nDate: Mon, 21 Nov 2011 21:14:50 +0000 (GMT)\r\nX-Empty:\r\n\r\nFrom: body\r\n";
        let s = parse(raw);
        assert_eq!(s.headers["received"], serde_json::json!(["from a by b", "from c"]));
        assert_eq!(s.subject, "café");
        assert_eq!(s.from, "June User <june@example.com>");
        assert_eq!(s.date, Some(1_321_910_090));
        assert_eq!(s.headers["x-empty"], serde_json::json!([""]));
        assert_eq!(s.headers.len(), 5, "the body's From line is not a header");
    }

    #[test]
    fn garbage_still_lists() {
        let s = parse(b"\x00\xff not a header\n\nbody");
        assert_eq!(s.subject, "");
        assert_eq!(s.date, None);
    }
}
