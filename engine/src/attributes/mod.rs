//! Settable attributes of companies and domains: one table per object kind
//! saying what each attribute holds, who may change it, and what it inherits.
//! Methods validate a request's `attributes` against the table, check the
//! caller's rights, and store values in the object's JSON attribute map
//! (absent = unset = inherited or none).

pub mod apply;
pub mod kinds;
pub mod options;

use serde_json::{Map, Value};

use crate::authz::Billing;
use crate::error::{Code, Error, Hints, Result};
use kinds::Kind;

#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub name: &'static str,
    pub kind: Kind,
    /// Whether `null` may be sent (it unsets the attribute).
    pub nullable: bool,
    pub billing: Billing,
    /// Only the provider may change it (limits a company sets on itself would be no limits).
    pub provider_only: bool,
    /// Listed in `settable_attributes` (the spec leaves a few accepted ones out).
    pub listed: bool,
}

const fn spec(name: &'static str, kind: Kind) -> Spec {
    Spec { name, kind, nullable: true, billing: Billing::NonBillable, provider_only: false, listed: true }
}
const fn billable(mut s: Spec) -> Spec {
    s.billing = Billing::Billable;
    s
}
const fn required(mut s: Spec) -> Spec {
    s.nullable = false;
    s
}
const fn provider(mut s: Spec) -> Spec {
    s.provider_only = true;
    s
}
const fn unlisted(mut s: Spec) -> Spec {
    s.listed = false;
    s
}

const SERVICE: Kind = Kind::Choice(options::SERVICE_STATES);
/// Days deleted messages stay restorable (an extension: the spec leaves the
/// period open). Billable: a longer one costs the provider disk.
const RETENTION: Kind = Kind::Number { min: 1, max: options::RETENTION_DAYS_MAX };

/// Company attributes (spec "change_company").
pub const COMPANY: &[Spec] = &[
    spec("allow", Kind::WildcardList { max: 1000 }),
    spec("block", Kind::WildcardList { max: 1000 }),
    spec("brand", Kind::Brand),
    spec("contacts", Kind::Contacts),
    spec("default_password_encoding", Kind::Encoding),
    billable(spec("deleted_message_retention", RETENTION)),
    spec("filterdelivery", Kind::Choice(options::FILTER_DELIVERY)),
    required(spec("language", Kind::Choice(options::LANGUAGES))),
    provider(billable(spec("limit_aliases", Kind::Number { min: 0, max: 1_000_000_000 }))),
    provider(billable(spec("limit_users", Kind::Number { min: 0, max: 1_000_000_000 }))),
    spec("notes_external", Kind::Text { max: 4096 }),
    required(billable(spec("quota", Kind::Quota))),
    unlisted(provider(required(billable(spec("quota_maximum", Kind::Quota))))),
    spec("regen_passwords", Kind::Bool),
    required(billable(spec("service_imap4", SERVICE))),
    required(billable(spec("service_pop3", SERVICE))),
    required(billable(spec("service_smtpin", SERVICE))),
    required(billable(spec("service_smtprelay", SERVICE))),
    required(billable(spec("service_smtprelay_webmail", SERVICE))),
    required(billable(spec("service_webmail", SERVICE))),
    unlisted(spec("smtp_sent_limit", Kind::Number { min: 0, max: 10_000 })),
    spec("spamfolder", Kind::Text { max: 128 }),
    spec("spamheader", Kind::SpamHeader),
    spec("spamlevel", Kind::Choice(options::SPAM_LEVELS)),
    spec("spamtag", Kind::Text { max: 30 }),
    spec("stats_mailout", Kind::EmailList { max: 100 }),
    required(spec("timezone", Kind::Choice(options::TIMEZONES))),
    spec("wm_domainalias", Kind::Bool),
];

/// Domain attributes (spec "change_domain").
pub const DOMAIN: &[Spec] = &[
    spec("aliases", Kind::DomainList { max: 2000 }),
    spec("allow", Kind::WildcardList { max: 1000 }),
    spec("block", Kind::WildcardList { max: 1000 }),
    spec("brand", Kind::Brand),
    unlisted(spec("catchall", Kind::Mailbox)),
    spec("default_password_encoding", Kind::Encoding),
    billable(spec("deleted_message_retention", RETENTION)),
    required(billable(spec("disabled", Kind::Bool))),
    spec("filterdelivery", Kind::Choice(options::FILTER_DELIVERY)),
    spec("filtermx", Kind::HostPort),
    required(spec("language", Kind::Choice(options::LANGUAGES))),
    billable(spec("limit_aliases", Kind::Number { min: 0, max: 1_000_000_000 })),
    billable(spec("limit_users", Kind::Number { min: 0, max: 1_000_000_000 })),
    spec("notes_external", Kind::Text { max: 4096 }),
    required(billable(spec("quota", Kind::Quota))),
    required(billable(spec("quota_maximum", Kind::Quota))),
    spec("regen_passwords", Kind::Bool),
    required(billable(spec("service_imap4", SERVICE))),
    required(billable(spec("service_pop3", SERVICE))),
    required(billable(spec("service_smtpin", SERVICE))),
    required(billable(spec("service_smtprelay", SERVICE))),
    required(billable(spec("service_smtprelay_webmail", SERVICE))),
    required(billable(spec("service_webmail", SERVICE))),
    unlisted(spec("smtp_sent_limit", Kind::Number { min: 0, max: 10_000 })),
    spec("spamfolder", Kind::Text { max: 128 }),
    spec("spamheader", Kind::SpamHeader),
    spec("spamlevel", Kind::Choice(options::SPAM_LEVELS)),
    spec("spamtag", Kind::Text { max: 30 }),
    spec("stats_mailout", Kind::EmailList { max: 100 }),
    required(spec("timezone", Kind::Choice(options::TIMEZONES))),
    spec("wm_domainalias", Kind::Bool),
    required(spec("workgroup", Kind::Workgroup)),
];

/// User attributes (spec "change_user"), plus the autoresponder start date
/// and subject that Kopano's and Nextcloud's admins expect.
pub const USER: &[Spec] = &[
    spec("aliases", Kind::EmailList { max: 2000 }),
    spec("allow", Kind::WildcardList { max: 1000 }),
    spec("autoresponder", Kind::Text { max: 4000 }),
    spec("autoresponder_option_enddate", Kind::Number { min: 0, max: 253_402_300_799 }),
    spec("autoresponder_option_interval", Kind::Number { min: 0, max: 1094 }),
    spec("autoresponder_option_startdate", Kind::Number { min: 0, max: 253_402_300_799 }),
    spec("autoresponder_option_subject", Kind::Text { max: 256 }),
    spec("block", Kind::WildcardList { max: 1000 }),
    spec("brand", Kind::Brand),
    spec("delivery_autoresponder", Kind::Bool),
    spec("delivery_filter", Kind::Bool),
    spec("delivery_forward", Kind::Bool),
    spec("delivery_local", Kind::Bool),
    spec("fax", Kind::Text { max: 30 }),
    spec("filterdelivery", Kind::Choice(options::FILTER_DELIVERY)),
    spec("forward_option_reply_to", Kind::Mailbox),
    spec("forward_option_restricted", Kind::Bool),
    spec("forward_option_subject_prefix", Kind::Text { max: 128 }),
    spec("forward_recipients", Kind::EmailList { max: 1000 }),
    required(spec("language", Kind::Choice(options::LANGUAGES))),
    spec("macsettings", Kind::Text { max: 2048 }),
    unlisted(spec("max_pab_entries", Kind::Number { min: 0, max: 100_000 })),
    required(spec("name", Kind::Text { max: 512 })),
    spec("notes_external", Kind::Text { max: 4096 }),
    spec("password", Kind::Password),
    spec("phone", Kind::Text { max: 30 }),
    required(billable(spec("quota", Kind::Quota))),
    spec("reject_spam", Kind::Bool),
    required(billable(spec("service_imap4", SERVICE))),
    required(billable(spec("service_pop3", SERVICE))),
    required(billable(spec("service_smtpin", SERVICE))),
    required(billable(spec("service_smtprelay", SERVICE))),
    required(billable(spec("service_smtprelay_webmail", SERVICE))),
    required(billable(spec("service_webmail", SERVICE))),
    spec("sieve", Kind::Text { max: 65_536 }),
    unlisted(spec("smtp_sent_limit", Kind::Number { min: 0, max: 10_000 })),
    spec("spamfolder", Kind::Text { max: 128 }),
    spec("spamheader", Kind::SpamHeader),
    spec("spamlevel", Kind::Choice(options::SPAM_LEVELS)),
    spec("spamtag", Kind::Text { max: 30 }),
    required(spec("timezone", Kind::Choice(options::TIMEZONES))),
    spec("title", Kind::Text { max: 60 }),
    unlisted(required(billable(spec("type", Kind::Choice(options::USER_TYPES))))),
    required(spec("workgroup", Kind::Workgroup)),
];

/// What a mailbox owner may change on its own account.
pub const SELF_SERVICE: &[&str] = &[
    "allow",
    "autoresponder",
    "autoresponder_option_enddate",
    "autoresponder_option_interval",
    "autoresponder_option_startdate",
    "autoresponder_option_subject",
    "block",
    "delivery_autoresponder",
    "delivery_forward",
    "delivery_local",
    "fax",
    "filterdelivery",
    "forward_option_reply_to",
    "forward_option_restricted",
    "forward_option_subject_prefix",
    "forward_recipients",
    "language",
    "macsettings",
    "name",
    "password",
    "phone",
    "reject_spam",
    "sieve",
    "spamfolder",
    "spamheader",
    "spamlevel",
    "spamtag",
    "timezone",
    "title",
];

/// What a user's `metadata.inherit` reports (and inherits live from its domain).
pub const USER_INHERITS: &[&str] = &[
    "brand",
    "default_password_encoding",
    "filterdelivery",
    "smtp_sent_limit",
    "spamfolder",
    "spamheader",
    "spamlevel",
    "spamtag",
];

/// Attributes copied from a domain into each new user (services fall back to enabled).
pub const COPIED_TO_USER: &[&str] = &[
    "language",
    "timezone",
    "quota",
    "service_imap4",
    "service_pop3",
    "service_smtpin",
    "service_smtprelay",
    "service_smtprelay_webmail",
    "service_webmail",
    "workgroup",
];

/// The value used when no level sets an inherited attribute.
pub fn system_value(name: &str) -> Value {
    match name {
        "default_password_encoding" => Value::from("BCRYPT-10"),
        "filterdelivery" => Value::from("quarantine"),
        "spamfolder" => Value::from("Spam"),
        "spamlevel" => Value::from("Normal"),
        "smtp_sent_limit" => Value::from(500),
        "regen_passwords" => Value::Bool(false),
        "deleted_message_retention" => Value::from(crate::mailstore::retention::DEFAULT_DAYS),
        _ => Value::Null,
    }
}

/// What a company's `metadata.inherit` reports.
pub const COMPANY_INHERITS: &[&str] = &[
    "brand",
    "default_password_encoding",
    "deleted_message_retention",
    "filterdelivery",
    "smtp_sent_limit",
    "spamfolder",
    "spamheader",
    "spamlevel",
    "spamtag",
];

/// What a domain's `metadata.inherit` reports (and inherits live from its company).
pub const DOMAIN_INHERITS: &[&str] = &[
    "brand",
    "default_password_encoding",
    "deleted_message_retention",
    "filterdelivery",
    "regen_passwords",
    "smtp_sent_limit",
    "spamfolder",
    "spamheader",
    "spamlevel",
    "spamtag",
];

/// Values a new company starts with.
pub fn company_defaults() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("language".into(), "en".into());
    m.insert("timezone".into(), "America/Montreal".into());
    m.insert("quota".into(), 5120.into());
    m.insert("quota_maximum".into(), 15360.into());
    for s in options::SERVICES {
        m.insert((*s).into(), "enabled".into());
    }
    m
}

/// Attributes copied from a company into each new domain.
pub const COPIED_TO_DOMAIN: &[&str] = &[
    "language",
    "timezone",
    "quota",
    "quota_maximum",
    "wm_domainalias",
    "service_imap4",
    "service_pop3",
    "service_smtpin",
    "service_smtprelay",
    "service_smtprelay_webmail",
    "service_webmail",
];

/// Spellings the spec itself uses by mistake, read as the real names.
fn canonical(name: &str) -> &str {
    match name {
        "spamtage" => "spamtag",
        "spam_header" | "apam_header" => "spamheader",
        other => other,
    }
}

pub fn find(table: &'static [Spec], name: &str) -> Option<&'static Spec> {
    table.iter().find(|s| s.name == canonical(name))
}

/// One requested change: the attribute and its new value (Null = unset).
pub type Change = (&'static Spec, Value);

/// Checks every requested attribute; all problems come back at once as error 6
/// with a hint per attribute, and nothing is applied.
pub fn validate(table: &'static [Spec], input: &Map<String, Value>) -> Result<Vec<Change>> {
    let mut hints = Hints::new();
    let mut out = Vec::new();
    for (name, value) in input {
        let Some(spec) = find(table, name) else {
            hints.insert(name.clone(), "Unknown attribute".into());
            continue;
        };
        if value.is_null() {
            if spec.nullable {
                out.push((spec, Value::Null));
            } else {
                hints.insert(name.clone(), "Cannot be unset".into());
            }
            continue;
        }
        match kinds::check(spec.kind, value) {
            Ok(v) => out.push((spec, v)),
            Err(why) => {
                hints.insert(name.clone(), why);
            }
        }
    }
    if hints.is_empty() {
        Ok(out)
    } else {
        Err(Error::with_hints(Code::BadAttributes, hints))
    }
}

/// The change-log text of one attribute change, as the spec's logs write it:
/// `changed spamtag [[JUNK]]`, lists comma-joined, long values as a byte count.
pub fn change_text(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    };
    if text.len() > 200 {
        format!("{} bytes", text.len())
    } else {
        text
    }
}

/// `settable_attributes` for a caller who may make changes of `billing` kinds.
pub fn settable(table: &'static [Spec], billable_ok: bool, provider: bool) -> Vec<&'static str> {
    table
        .iter()
        .filter(|s| s.listed)
        .filter(|s| billable_ok || s.billing == Billing::NonBillable)
        .filter(|s| provider || !s.provider_only)
        .map(|s| s.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn all_problems_are_reported_at_once() {
        let input = json!({"spamtage": "[JUNK]", "bogus": 1, "quota": "x", "language": null, "brand": null});
        let err = validate(COMPANY, input.as_object().expect("object")).expect_err("refused");
        assert_eq!(err.code(), Code::BadAttributes);
        let hints = err.hints().expect("hints");
        assert_eq!(hints.keys().collect::<Vec<_>>(), ["bogus", "language", "quota"]);
        let ok = validate(COMPANY, json!({"spamtage": "[JUNK]", "brand": null}).as_object().expect("object"))
            .expect("valid");
        assert_eq!(
            ok.iter().map(|(s, v)| (s.name, v.clone())).collect::<Vec<_>>(),
            [("spamtag", json!("[JUNK]")), ("brand", Value::Null)]
        );
    }

    #[test]
    fn log_texts() {
        assert_eq!(
            change_text(&json!(["*@example.com", "important_stuff@otherco.com"])),
            "*@example.com,important_stuff@otherco.com"
        );
        assert_eq!(change_text(&json!(true)), "1");
        assert_eq!(change_text(&json!("x".repeat(300))), "300 bytes");
        assert_eq!(change_text(&Value::Null), "");
    }
}
