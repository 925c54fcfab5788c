//! Account types and the delivery flags each allows. The spec's rule:
//! incompatible flags are ignored, not refused; what is stored is always one
//! of the seven valid combinations.

use serde_json::{Map, Value};

const FLAGS: [&str; 4] = ["delivery_local", "delivery_forward", "delivery_autoresponder", "delivery_filter"];

/// Forces the flags of `attrs` into a combination `kind` allows:
/// mailbox: local and/or forward (local when neither), autoresponder optional;
/// forward: forward, autoresponder optional; filter: filter alone.
pub fn normalize(kind: &str, attrs: &mut Map<String, Value>) {
    let on = |attrs: &Map<String, Value>, f: &str| attrs.get(f).and_then(Value::as_bool).unwrap_or(false);
    let (local, forward, auto, filter) = match kind {
        "filter" => (false, false, false, true),
        "forward" => (false, true, on(attrs, "delivery_autoresponder"), false),
        _ => {
            let forward = on(attrs, "delivery_forward");
            let local = on(attrs, "delivery_local") || !forward;
            (local, forward, on(attrs, "delivery_autoresponder"), false)
        }
    };
    for (flag, value) in FLAGS.iter().zip([local, forward, auto, filter]) {
        attrs.insert((*flag).into(), Value::Bool(value));
    }
}

/// The forward target search_users shows (the one address, or None for
/// several) and how many there are; nothing when the account does not forward.
pub fn forward_summary(attrs: &Map<String, Value>) -> (Option<String>, i64) {
    if attrs.get("delivery_forward").and_then(Value::as_bool) != Some(true) {
        return (None, 0);
    }
    let list = attrs.get("forward_recipients").and_then(Value::as_array).cloned().unwrap_or_default();
    let first = match list.as_slice() {
        [one] => one.as_str().map(String::from),
        _ => None,
    };
    (first, list.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn flags(kind: &str, given: Value) -> Vec<bool> {
        let mut attrs = given.as_object().cloned().unwrap_or_default();
        normalize(kind, &mut attrs);
        FLAGS.iter().map(|f| attrs[*f].as_bool().unwrap_or_default()).collect()
    }

    #[test]
    fn only_valid_combinations_are_stored() {
        // local, forward, autoresponder, filter
        assert_eq!(flags("mailbox", json!({})), [true, false, false, false]);
        assert_eq!(
            flags("mailbox", json!({"delivery_local": false, "delivery_forward": true})),
            [false, true, false, false]
        );
        assert_eq!(flags("mailbox", json!({"delivery_local": false})), [true, false, false, false]);
        assert_eq!(
            flags("mailbox", json!({"delivery_filter": true, "delivery_autoresponder": true})),
            [true, false, true, false]
        );
        assert_eq!(
            flags("forward", json!({"delivery_local": true, "delivery_autoresponder": true})),
            [false, true, true, false]
        );
        assert_eq!(
            flags("filter", json!({"delivery_local": true, "delivery_forward": true})),
            [false, false, false, true]
        );
    }

    #[test]
    fn forward_summaries() {
        let one = json!({"delivery_forward": true, "forward_recipients": ["a@b.c"]});
        assert_eq!(forward_summary(one.as_object().unwrap_or(&Map::new())), (Some("a@b.c".into()), 1));
        let two = json!({"delivery_forward": true, "forward_recipients": ["a@b.c", "d@e.f"]});
        assert_eq!(forward_summary(two.as_object().unwrap_or(&Map::new())), (None, 2));
        let off = json!({"delivery_forward": false, "forward_recipients": ["a@b.c"]});
        assert_eq!(forward_summary(off.as_object().unwrap_or(&Map::new())), (None, 0));
    }
}
