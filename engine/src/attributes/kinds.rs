//! What an attribute's value may be, and the check that turns a request value
//! into the stored one (or a hint saying why not).

use serde_json::{Map, Value};

use super::options;
use crate::directory::names;
use crate::identity::password::Encoding;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 1..=max characters of any text (UTF-8).
    Text {
        max: usize,
    },
    /// One of a fixed list.
    Choice(&'static [&'static str]),
    Bool,
    /// A whole number in a range.
    Number {
        min: i64,
        max: i64,
    },
    /// A quota in MB.
    Quota,
    /// A list of wildcard addresses (allow/block).
    WildcardList {
        max: usize,
    },
    /// A list of email addresses.
    EmailList {
        max: usize,
    },
    /// A list of domain names.
    DomainList {
        max: usize,
    },
    /// Company contacts.
    Contacts,
    /// `Xsomething: anything`.
    SpamHeader,
    /// `host[:port]`.
    HostPort,
    /// A mailbox address (catch-all target).
    Mailbox,
    /// An OMA password encoding name.
    Encoding,
    /// A brand name (checked against the brands by the method).
    Brand,
    /// A workgroup name (checked against the domain by the method).
    Workgroup,
    /// A password: plain, or `{SCHEME}` hashed (stored apart, never shown).
    Password,
}

/// Checks one value. Null is handled by the caller (it unsets).
pub fn check(kind: Kind, value: &Value) -> Result<Value, String> {
    match kind {
        Kind::Text { max } => text(value, max).map(Value::String),
        Kind::Choice(list) => {
            let s = value.as_str().ok_or("Not a string")?;
            list.iter().find(|c| **c == s).map(|c| Value::String(c.to_string())).ok_or_else(|| match list.len() {
                0..=12 => format!("Not one of: {}", list.join(", ")),
                _ => "Not one of the values in metadata.options".to_string(),
            })
        }
        Kind::Bool => as_bool(value).map(Value::Bool).ok_or_else(|| "Not a boolean".into()),
        Kind::Number { min, max } => {
            let n = as_int(value).ok_or("Not a number")?;
            if (min..=max).contains(&n) {
                Ok(Value::from(n))
            } else {
                Err(format!("Not a number from {min} to {max}"))
            }
        }
        Kind::Quota => check(Kind::Number { min: 0, max: options::QUOTA_CEILING }, value),
        Kind::WildcardList { max } => list(value, max, wildcard),
        Kind::EmailList { max } => list(value, max, |s| email(s).map(|_| s.to_string())),
        Kind::DomainList { max } => list(value, max, |s| names::domain(s).map_err(String::from)),
        Kind::Contacts => contacts(value),
        Kind::SpamHeader => {
            let s = text(value, 512)?;
            let (name, _) = s.split_once(':').ok_or("Must look like \"Xname: text\"")?;
            let ok = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_graphic() && c != ':');
            if ok {
                Ok(Value::String(s))
            } else {
                Err("Must look like \"Xname: text\" (a capital letter, a header name, a colon)".into())
            }
        }
        Kind::HostPort => {
            let s = text(value, 255)?;
            let (host, port) = match s.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (s.as_str(), None),
            };
            let host_ok = names::domain(host).is_ok() || host.parse::<std::net::Ipv4Addr>().is_ok();
            let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0));
            if host_ok && port_ok {
                Ok(Value::String(s.to_ascii_lowercase()))
            } else {
                Err("Not a valid host[:port]".into())
            }
        }
        Kind::Mailbox => {
            let s = value.as_str().ok_or("Not a string")?;
            names::mailbox(s).map(|(l, d)| Value::String(format!("{l}@{d}"))).map_err(String::from)
        }
        Kind::Encoding => {
            let s = value.as_str().ok_or("Not a string")?;
            Encoding::from_oma(s)
                .map(|e| Value::String(e.oma_name().to_string()))
                .ok_or_else(|| format!("Not one of: {}", Encoding::OMA_NAMES.join(", ")))
        }
        Kind::Brand => text(value, 128).map(Value::String),
        Kind::Workgroup => {
            let s = value.as_str().ok_or("Not a string")?;
            names::workgroup(s).map(Value::String).map_err(String::from)
        }
        Kind::Password => {
            let s = value.as_str().ok_or("Not a string")?;
            crate::identity::password::classify(s).map(|_| Value::String(s.to_string())).map_err(String::from)
        }
    }
}

fn text(value: &Value, max: usize) -> Result<String, String> {
    let s = value.as_str().ok_or_else(|| format!("Not a valid Text[1-{max}] (not a string)"))?;
    let n = s.chars().count();
    if (1..=max).contains(&n) && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        Ok(s.to_string())
    } else {
        Err(format!("Not a valid Text[1-{max}]"))
    }
}

pub fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

pub fn as_int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn list(value: &Value, max: usize, item: impl Fn(&str) -> Result<String, String>) -> Result<Value, String> {
    let Value::Array(items) = value else { return Err("Not a list".into()) };
    // Twice the limit before deduplicating, so a huge list is refused unread.
    if items.len() > 2 * max {
        return Err(format!("At most {max} entries"));
    }
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for v in items {
        let s = v.as_str().ok_or("Not a list of strings")?;
        let checked = item(s.trim()).map_err(|why| format!("{s}: {why}"))?;
        let checked = Value::String(checked);
        if !out.contains(&checked) {
            out.push(checked);
        }
    }
    if out.len() > max {
        return Err(format!("At most {max} entries"));
    }
    Ok(Value::Array(out))
}

/// "Wildcard email address": 1-128 of letters, digits and ``!@#$%&'"*+-/=?^_`{|}~.``,
/// where `*` is any string and `+` any one character.
fn wildcard(s: &str) -> Result<String, String> {
    let ok = (1..=128).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!@#$%&'\"*+-/=?^_`{|}~.".contains(&b));
    if ok {
        Ok(s.to_ascii_lowercase())
    } else {
        Err("Not a valid wildcard address".into())
    }
}

/// An email address (the spec's general form: a dot-atom or quoted local part).
pub fn email(s: &str) -> Result<(), String> {
    let (local, domain) = s.rsplit_once('@').ok_or("Not a valid email address")?;
    let atom_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('.')
            && !l.ends_with('.')
            && !l.contains("..")
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b))
    };
    let quoted_ok =
        |l: &str| l.len() >= 2 && l.starts_with('"') && l.ends_with('"') && !l[1..l.len() - 1].contains(['"', '\\']);
    if (atom_ok(local) || quoted_ok(local)) && local.len() <= 64 && names::domain(domain).is_ok() {
        Ok(())
    } else {
        Err("Not a valid email address".into())
    }
}

/// Up to 100 contacts `{email, name, phone, notes, types}` (`type` is read as a
/// one-item `types`).
fn contacts(value: &Value) -> Result<Value, String> {
    let Value::Array(items) = value else { return Err("Not a list".into()) };
    if items.len() > 100 {
        return Err("At most 100 contacts".into());
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Value::Object(c) = item else { return Err(format!("Contact {}: not an object", i + 1)) };
        let at = |why: String| format!("Contact {}: {why}", i + 1);
        let mut contact = Map::new();
        let email_value = c.get("email").and_then(Value::as_str).ok_or_else(|| at("email is required".into()))?;
        email(email_value).map_err(at)?;
        contact.insert("email".into(), Value::String(email_value.to_string()));
        for (key, max) in [("name", 128), ("phone", 64), ("notes", 1024)] {
            match c.get(key) {
                None | Some(Value::Null) => {}
                Some(v) => {
                    contact.insert(key.into(), Value::String(text(v, max).map_err(|w| at(format!("{key}: {w}")))?));
                }
            }
        }
        let types: Vec<&str> = match (c.get("types"), c.get("type")) {
            (Some(Value::Array(t)), _) => t.iter().map(|v| v.as_str().unwrap_or("")).collect(),
            (_, Some(Value::String(t))) => vec![t.as_str()],
            (None | Some(Value::Null), None | Some(Value::Null)) => Vec::new(),
            _ => return Err(at("types: not a list".into())),
        };
        let mut checked = Vec::new();
        for t in types {
            if !options::CONTACT_TYPES.contains(&t) {
                return Err(at(format!("types: not one of {}", options::CONTACT_TYPES.join(", "))));
            }
            if !checked.contains(&Value::from(t)) {
                checked.push(Value::from(t));
            }
        }
        contact.insert("types".into(), Value::Array(checked));
        for key in c.keys() {
            if !["email", "name", "phone", "notes", "types", "type"].contains(&key.as_str()) {
                return Err(at(format!("unknown field {key}")));
            }
        }
        out.push(Value::Object(contact));
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_accept_and_refuse() {
        assert_eq!(check(Kind::Text { max: 30 }, &json!("[JUNK]")), Ok(json!("[JUNK]")));
        assert!(check(Kind::Text { max: 3 }, &json!("abcd")).is_err());
        assert!(check(Kind::Text { max: 3 }, &json!("")).is_err());
        assert_eq!(check(Kind::Bool, &json!("true")), Ok(json!(true)));
        assert_eq!(check(Kind::Quota, &json!("5120")), Ok(json!(5120)));
        assert!(check(Kind::Quota, &json!(-1)).is_err());
        assert_eq!(
            check(Kind::WildcardList { max: 2 }, &json!(["*@Example.com", "a+c@x.org", "*@example.com"])),
            Ok(json!(["*@example.com", "a+c@x.org"]))
        );
        assert!(check(Kind::WildcardList { max: 1 }, &json!(["a", "b"])).is_err());
        assert!(check(Kind::WildcardList { max: 5 }, &json!(["has space@x"])).is_err());
        assert!(check(Kind::WildcardList { max: 5 }, &json!("*@x.com")).is_err());
        assert_eq!(check(Kind::SpamHeader, &json!("XSpam: Spam detected")), Ok(json!("XSpam: Spam detected")));
        assert!(check(Kind::SpamHeader, &json!("xspam: no")).is_err());
        assert!(check(Kind::SpamHeader, &json!("XSpam no colon")).is_err());
        assert!(check(Kind::HostPort, &json!("mx.example.com:2525")).is_ok());
        assert!(check(Kind::HostPort, &json!("10.0.0.1")).is_ok());
        assert!(check(Kind::HostPort, &json!("mx:0")).is_err());
        assert_eq!(check(Kind::Encoding, &json!("bcrypt-12")), Ok(json!("BCRYPT-12")));
        assert!(check(Kind::Encoding, &json!("ROT13")).is_err());
        assert_eq!(check(Kind::Choice(options::SPAM_LEVELS), &json!("High")), Ok(json!("High")));
        assert!(check(Kind::Choice(options::SPAM_LEVELS), &json!("high")).is_err());
    }

    #[test]
    fn contacts_use_the_examples_shape() {
        let got = check(
            Kind::Contacts,
            &json!([{"email":"jack_user@example.com","types":["emergency","abuse"],"notes":"Surly after 2am","name":"Jack User","phone":"647 555 5309"},
                    {"email":"a@b.cd","type":"abuse"}]),
        );
        assert_eq!(
            got,
            Ok(
                json!([{"email":"jack_user@example.com","name":"Jack User","phone":"647 555 5309","notes":"Surly after 2am","types":["emergency","abuse"]},
                      {"email":"a@b.cd","types":["abuse"]}])
            )
        );
        assert!(check(Kind::Contacts, &json!([{"name": "no email"}])).is_err());
        assert!(check(Kind::Contacts, &json!([{"email": "a@b.cd", "types": ["boss"]}])).is_err());
        assert!(check(Kind::Contacts, &json!([{"email": "a@b.cd", "fax": "1"}])).is_err());
        let many: Vec<Value> = (0..101).map(|_| json!({"email": "a@b.cd"})).collect();
        assert!(check(Kind::Contacts, &Value::Array(many)).is_err());
    }
}
