//! A bulletin's text: a raw RFC 5322 message whose `{'account'}`,
//! `{'domain'}`, `{'name'}` and `{'title'}` are filled in per recipient, with
//! a Date and a Message-ID added when it has none.
//!
//! The spec's own examples leave out the blank line between the header block
//! and the body, so the header block also ends at the first line that is not
//! a header field (no colon); the blank line is put back when rendering.

use crate::error::{Code, Error, Result};

/// The largest text accepted (bytes).
pub const MAX_BYTES: usize = 1 << 20;

/// RFC 5322's line limit, CRLF excluded.
const MAX_LINE: usize = 998;

/// Headers a message has at most once (RFC 5322 §3.6).
const SINGLE: [&str; 5] = ["from", "subject", "date", "message-id", "sender"];

/// Who a bulletin is rendered for.
#[derive(Debug, Clone, Default)]
pub struct Recipient {
    pub account: String,
    pub domain: String,
    pub name: String,
    pub title: String,
}

/// A checked bulletin text, split into its header lines and body lines.
#[derive(Debug, Clone)]
pub struct Template {
    headers: Vec<String>,
    body: Vec<String>,
    has_date: bool,
    has_message_id: bool,
    /// The domain of the From address (for Message-IDs).
    from_domain: String,
}

impl Template {
    /// Checks `text`: a From with an address, a Subject, well-formed header
    /// lines, no line over 998 bytes, at most 1 MiB. Anything else is error 6
    /// with a hint on `bulletin_text`.
    pub fn parse(text: &str) -> Result<Template> {
        let bad = |why: String| Error::hint(Code::BadAttributes, "bulletin_text", why);
        if text.len() > MAX_BYTES {
            return Err(bad(format!("A bulletin is at most {MAX_BYTES} bytes")));
        }
        if text.contains('\0') {
            return Err(bad("A bulletin cannot contain NUL characters".into()));
        }
        let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
        let mut headers: Vec<String> = Vec::new();
        let mut body: Vec<String> = Vec::new();
        for (n, line) in lines.by_ref().enumerate() {
            if line.len() > MAX_LINE {
                return Err(bad(format!("Line {} is longer than {MAX_LINE} bytes", n + 1)));
            }
            if line.trim().is_empty() {
                break;
            }
            if line.starts_with([' ', '\t']) {
                match headers.last_mut() {
                    Some(last) => {
                        last.push('\n');
                        last.push_str(line);
                        continue;
                    }
                    None => return Err(bad("The text starts with a continuation line, not a header".into())),
                }
            }
            let name = match line.split_once(':') {
                Some((name, _)) if !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic()) => name,
                _ => {
                    // Not a header field: the body starts here without its
                    // blank line (as in the spec's examples).
                    body.push(line.to_string());
                    break;
                }
            };
            if line.chars().any(|c| c.is_control() && c != '\t') {
                return Err(bad(format!("The {name} header contains control characters")));
            }
            headers.push(line.to_string());
        }
        for (n, line) in lines.enumerate() {
            if line.len() > MAX_LINE {
                return Err(bad(format!("Line {} of the body is longer than {MAX_LINE} bytes", n + 1)));
            }
            body.push(line.to_string());
        }
        while body.last().is_some_and(|l| l.is_empty()) {
            body.pop();
        }
        let value = |wanted: &str| -> Vec<String> {
            headers
                .iter()
                .filter_map(|h| {
                    let (name, value) = h.split_once(':')?;
                    name.trim().eq_ignore_ascii_case(wanted).then(|| value.replace('\n', "").trim().to_string())
                })
                .collect()
        };
        for name in SINGLE {
            if value(name).len() > 1 {
                return Err(bad(format!("More than one {} header", title_case(name))));
            }
        }
        let from = value("from").into_iter().next().ok_or_else(|| bad("A bulletin needs a From header".into()))?;
        let from_domain = match mailparse::addrparse(&from) {
            Ok(list) => list.extract_single_info().and_then(|a| a.addr.rsplit_once('@').map(|(_, d)| d.to_string())),
            Err(_) => None,
        }
        .filter(|d| !d.is_empty())
        .ok_or_else(|| bad(format!("The From header has no valid address: \"{}\"", clip(&from))))?;
        if value("subject").first().is_none_or(|s| s.is_empty()) {
            return Err(bad("A bulletin needs a Subject header".into()));
        }
        let date = value("date").into_iter().next();
        if let Some(date) = &date {
            // dateparse answers 0 for text without a day, month and year.
            if !mailparse::dateparse(date).is_ok_and(|t| t > 0) {
                return Err(bad(format!("The Date header is not a date: \"{}\"", clip(date))));
            }
        }
        let has_message_id = !value("message-id").is_empty();
        Ok(Template { headers, body, has_date: date.is_some(), has_message_id, from_domain })
    }

    /// Whether every recipient gets the same bytes (no variables), so that one
    /// copy can be hard-linked into every mailbox.
    pub fn is_personal(&self) -> bool {
        self.headers.iter().chain(&self.body).any(|l| VARIABLES.iter().any(|(v, _)| l.contains(v)))
    }

    /// The message for `to`, posted at `posted_at` (epoch seconds) by post `post`.
    pub fn render(&self, to: &Recipient, posted_at: i64, post: i64) -> Vec<u8> {
        let mut out =
            String::with_capacity(self.headers.iter().chain(&self.body).map(|l| l.len() + 1).sum::<usize>() + 128);
        for header in &self.headers {
            // A value put into a header must not start a header of its own.
            out.push_str(&fill(header, to, true));
            out.push('\n');
        }
        if !self.has_date {
            out.push_str(&format!("Date: {}\n", rfc5322_date(posted_at)));
        }
        if !self.has_message_id {
            out.push_str(&format!("Message-ID: <bulletin.{post}.{posted_at}@{}>\n", self.from_domain));
        }
        out.push('\n');
        for line in &self.body {
            out.push_str(&fill(line, to, false));
            out.push('\n');
        }
        out.into_bytes()
    }
}

/// A variable and where its value comes from.
type Variable = (&'static str, fn(&Recipient) -> &str);

const VARIABLES: [Variable; 4] = [
    ("{'account'}", |r| &r.account),
    ("{'domain'}", |r| &r.domain),
    ("{'name'}", |r| &r.name),
    ("{'title'}", |r| &r.title),
];

fn fill(line: &str, to: &Recipient, header: bool) -> String {
    if !line.contains("{'") {
        return line.to_string();
    }
    let mut out = line.to_string();
    for (variable, value) in VARIABLES {
        if out.contains(variable) {
            let value = value(to);
            let value = if header { value.replace(['\r', '\n'], " ") } else { value.to_string() };
            out = out.replace(variable, &value);
        }
    }
    out
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

fn title_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// `Thu, 05 Jan 2012 20:10:20 +0000`.
pub fn rfc5322_date(epoch: i64) -> String {
    let http = httpdate::fmt_http_date(system_time(epoch));
    http.strip_suffix(" GMT").map(|t| format!("{t} +0000")).unwrap_or(http)
}

/// The spec's `last`: `Thu Jan 12 20:41:26 2012` (UTC, day not padded).
pub fn ctime_text(epoch: i64) -> String {
    // "Thu, 12 Jan 2012 20:41:26 GMT" → its parts in ctime order.
    let http = httpdate::fmt_http_date(system_time(epoch));
    let parts: Vec<&str> = http.split(' ').collect();
    match parts.as_slice() {
        [weekday, day, month, year, time, _] => {
            format!("{} {month} {} {time} {year}", weekday.trim_end_matches(','), day.trim_start_matches('0'))
        }
        _ => http,
    }
}

fn system_time(epoch: i64) -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(epoch.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(text: &str) -> String {
        match Template::parse(text) {
            Err(e) => e.hints().and_then(|h| h.get("bulletin_text")).cloned().unwrap_or_default(),
            Ok(_) => String::new(),
        }
    }

    #[test]
    fn the_spec_example_renders_with_its_blank_line_date_and_message_id() {
        let text = "From: Mister Manager <mrmanager@example.com>\nSubject: Welcome!\n\
                    Content-Type: text/plain; charset=us-ascii\nContent-Disposition: inline\n\
                    Hello {'title'} {'name'},\nFYI, your email address is {'account'} at {'domain'}\n";
        let t = Template::parse(text).expect("valid");
        assert!(t.is_personal());
        let to = Recipient {
            account: "jay_user@example.com".into(),
            domain: "example.com".into(),
            name: "Jason User".into(),
            title: "Mr.".into(),
        };
        let out = String::from_utf8(t.render(&to, 1_325_794_220, 7)).expect("utf-8");
        assert_eq!(
            out,
            "From: Mister Manager <mrmanager@example.com>\nSubject: Welcome!\n\
             Content-Type: text/plain; charset=us-ascii\nContent-Disposition: inline\n\
             Date: Thu, 05 Jan 2012 20:10:20 +0000\nMessage-ID: <bulletin.7.1325794220@example.com>\n\n\
             Hello Mr. Jason User,\nFYI, your email address is jay_user@example.com at example.com\n"
        );
    }

    #[test]
    fn own_date_and_message_id_are_kept_and_values_cannot_add_headers() {
        let text = "From: a@example.com\nSubject: Hi {'name'}\nDate: Mon, 2 Jan 2012 10:00:00 +0000\n\
                    Message-ID: <x@y>\n\nBody\n";
        let t = Template::parse(text).expect("valid");
        let to = Recipient { name: "Eve\nBcc: all@example.com".into(), ..Recipient::default() };
        let out = String::from_utf8(t.render(&to, 0, 1)).expect("utf-8");
        assert_eq!(
            out,
            "From: a@example.com\nSubject: Hi Eve Bcc: all@example.com\nDate: Mon, 2 Jan 2012 10:00:00 +0000\n\
             Message-ID: <x@y>\n\nBody\n"
        );
        assert!(!Template::parse("From: a@example.com\nSubject: same for all\n\nHello\n").expect("ok").is_personal());
    }

    #[test]
    fn bad_texts_say_why() {
        assert_eq!(hint("Subject: x\n\nbody"), "A bulletin needs a From header");
        assert_eq!(hint("From: a@example.com\n\nbody"), "A bulletin needs a Subject header");
        assert_eq!(hint("From: a@example.com\nSubject:  \n\nbody"), "A bulletin needs a Subject header");
        assert_eq!(hint("From: nobody\nSubject: x\n\nbody"), "The From header has no valid address: \"nobody\"");
        // A line that is not a header field starts the body: here before the Subject.
        assert_eq!(hint("From: a@example.com\nPlease note: x\nSubject: y\n"), "A bulletin needs a Subject header");
        assert_eq!(hint(" folded\nFrom: a@example.com\n"), "The text starts with a continuation line, not a header");
        assert_eq!(hint("From: a@example.com\nFrom: b@example.com\nSubject: x\n"), "More than one From header");
        assert_eq!(
            hint("From: a@example.com\nSubject: x\nDate: someday\n"),
            "The Date header is not a date: \"someday\""
        );
        assert_eq!(
            hint(&format!("From: a@example.com\nSubject: {}\n", "x".repeat(1000))),
            "Line 2 is longer than 998 bytes"
        );
        assert_eq!(hint(&"x".repeat(MAX_BYTES + 1)), "A bulletin is at most 1048576 bytes");
        assert_eq!(hint("From: a@example.com\nSubject: a\u{7}b\n"), "The Subject header contains control characters");
    }

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(rfc5322_date(1_326_400_886), "Thu, 12 Jan 2012 20:41:26 +0000");
        assert_eq!(ctime_text(1_326_400_886), "Thu Jan 12 20:41:26 2012");
        assert_eq!(ctime_text(1_325_879_544), "Fri Jan 6 19:52:24 2012");
    }
}
