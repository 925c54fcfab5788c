//! Applying validated attribute changes to an object's attribute map: the
//! permission rules every object kind shares, and the change-log entries.

use serde_json::{Map, Value};

use super::{change_text, Change};
use crate::authz::{self, Action, Billing, Object};
use crate::error::{Code, Error, Hints, Result};
use crate::identity::Caller;

/// Hidden key of an attribute map: which level suspended which service.
const SUSPENDED_BY: &str = "_suspended_by";

/// Refuses (error 4, a hint per attribute) changes the caller may not make to
/// `object`: billable ones without billing rights, provider-only ones, and
/// un-suspending a service suspended by a higher level.
pub fn check_rights(caller: &Caller, object: &Object, attrs: &Map<String, Value>, changes: &[Change]) -> Result<()> {
    let billable_ok = authz::permits(caller, Action::Change(Billing::Billable), object);
    let rank = authz::rank(caller);
    let mut hints = Hints::new();
    for (spec, value) in changes {
        if spec.provider_only && !caller.is_provider() {
            hints.insert(spec.name.into(), "Only the provider may change this".into());
        } else if spec.billing == Billing::Billable && !billable_ok {
            hints.insert(spec.name.into(), "Your role may not change this".into());
        } else if attrs.get(spec.name) == Some(&Value::from("suspended"))
            && value != &Value::from("suspended")
            && suspended_by(attrs, spec.name) > rank
        {
            hints.insert(spec.name.into(), "Suspended by a higher-level administrator".into());
        }
    }
    if hints.is_empty() {
        Ok(())
    } else {
        Err(Error::with_hints(Code::AttributePermission, hints))
    }
}

fn suspended_by(attrs: &Map<String, Value>, service: &str) -> i64 {
    attrs.get(SUSPENDED_BY).and_then(|m| m.get(service)).and_then(Value::as_i64).unwrap_or(0)
}

/// Writes the changes into `attrs` (null removes) and returns the log texts of
/// those that changed something (`changed spamtag [[JUNK]]`).
pub fn merge(attrs: &mut Map<String, Value>, changes: &[Change], rank: i64) -> Vec<(&'static str, String)> {
    let mut log = Vec::new();
    for (spec, value) in changes {
        let old = attrs.get(spec.name).cloned().unwrap_or(Value::Null);
        if &old == value {
            continue;
        }
        if spec.name.starts_with("service_") {
            let by = attrs.entry(SUSPENDED_BY).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(by) = by {
                if value == &Value::from("suspended") {
                    by.insert(spec.name.into(), Value::from(rank));
                } else {
                    by.remove(spec.name);
                }
            }
        }
        if value.is_null() {
            attrs.remove(spec.name);
        } else {
            attrs.insert(spec.name.into(), value.clone());
        }
        log.push((spec.name, change_text(value)));
    }
    if attrs.get(SUSPENDED_BY).and_then(Value::as_object).is_some_and(Map::is_empty) {
        attrs.remove(SUSPENDED_BY);
    }
    log
}

/// An attribute map as stored (JSON text), tolerant of an empty column.
pub fn parse(text: &str) -> Map<String, Value> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The map as get_* shows it: every attribute of the table, unset ones as null
/// (lists as []), hidden bookkeeping left out.
pub fn shown(table: &'static [super::Spec], attrs: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for spec in table {
        let value = match attrs.get(spec.name) {
            Some(v) => v.clone(),
            None if is_list(spec.kind) => Value::Array(Vec::new()),
            None => Value::Null,
        };
        out.insert(spec.name.into(), value);
    }
    out
}

fn is_list(kind: super::kinds::Kind) -> bool {
    use super::kinds::Kind::*;
    matches!(kind, WildcardList { .. } | EmailList { .. } | DomainList { .. } | Contacts)
}
