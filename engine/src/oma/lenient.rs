//! Lenient readers for request fields: real OMA clients send numbers and
//! booleans as strings, and PHP clients send `[]` for an empty map.

use serde::de::{self, Deserializer};
use serde::Deserialize;
use serde_json::{Map, Value};

fn to_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().and_then(|n| match n {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn to_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
        }
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `true`, `"true"`, `1`, `"1"` (and their false forms); null → None.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        v => to_bool(&v).map(Some).ok_or_else(|| de::Error::custom("not a boolean")),
    }
}

/// A number or a numeric string; null → None.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        v => to_i64(&v).map(Some).ok_or_else(|| de::Error::custom("not a number")),
    }
}

/// A string; numbers are taken as their text. Null → None.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err(de::Error::custom("not a string")),
    }
}

/// A string, required.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    opt_string(d)?.ok_or_else(|| de::Error::custom("missing string"))
}

/// An object; `[]` (PHP's empty array) is an empty object.
pub fn object<'de, D: Deserializer<'de>>(d: D) -> Result<Map<String, Value>, D::Error> {
    match Value::deserialize(d)? {
        Value::Object(m) => Ok(m),
        Value::Array(a) if a.is_empty() => Ok(Map::new()),
        _ => Err(de::Error::custom("not an object")),
    }
}

/// Like [`object`], null → empty.
pub fn opt_object<'de, D: Deserializer<'de>>(d: D) -> Result<Map<String, Value>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(Map::new()),
        Value::Object(m) => Ok(m),
        Value::Array(a) if a.is_empty() => Ok(Map::new()),
        _ => Err(de::Error::custom("not an object")),
    }
}

/// A string or a list of strings (a single value is a list of one); null → empty.
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::String(s) => Ok(vec![s]),
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(de::Error::custom("not a list of strings")),
            })
            .collect(),
        _ => Err(de::Error::custom("not a list of strings")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_i64")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "opt_object")]
        o: Map<String, Value>,
    }

    fn t(v: Value) -> Result<T, serde_json::Error> {
        serde_json::from_value(v)
    }

    #[test]
    fn strings_stand_for_numbers_and_booleans() {
        let x = t(json!({"b": "true", "n": "42", "o": []})).expect("lenient");
        assert_eq!((x.b, x.n, x.o.len()), (Some(true), Some(42), 0));
        let x = t(json!({"b": 0, "n": 7.0})).expect("lenient");
        assert_eq!((x.b, x.n), (Some(false), Some(7)));
        let x = t(json!({})).expect("all optional");
        assert_eq!((x.b, x.n), (None, None));
        assert!(t(json!({"b": "yes"})).is_err());
        assert!(t(json!({"n": "4x"})).is_err());
        assert!(t(json!({"n": 1.5})).is_err());
        assert!(t(json!({"o": [1]})).is_err());
    }
}
