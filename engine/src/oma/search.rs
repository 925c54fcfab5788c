//! What every search method shares: `range`, `sort` and the `count` /
//! `total_count` pair.

use serde::Deserialize;

use super::lenient;
use crate::error::{fail, Code, Result};

/// A search request: `criteria` (each method's own), `range` and `sort`.
#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "C: Deserialize<'de> + Default"))]
pub struct Search<C> {
    #[serde(default)]
    pub criteria: C,
    #[serde(default)]
    pub range: Range,
    #[serde(default)]
    pub sort: Sort,
}

/// Most rows one page may return, whatever `limit` says.
pub const MAX_LIMIT: i64 = 10_000;

#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct Range {
    /// 0-based index of the first row.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub first: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub limit: Option<i64>,
}

impl Range {
    /// (offset, limit) for SQL, or error 5 for negative values.
    pub fn window(&self) -> Result<(i64, i64)> {
        let first = self.first.unwrap_or(0);
        let limit = self.limit.unwrap_or(MAX_LIMIT);
        if first < 0 || limit < 0 {
            return fail(Code::BadRequest);
        }
        Ok((first, limit.min(MAX_LIMIT)))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ascending,
    Descending,
}

impl Direction {
    pub fn sql(self) -> &'static str {
        match self {
            Direction::Ascending => "ASC",
            Direction::Descending => "DESC",
        }
    }
}

/// `sort: {by, direction}`; `by` is checked by each method against its keys.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Sort {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub by: Option<String>,
    #[serde(default)]
    pub direction: Direction,
}

impl Sort {
    /// The sort key if it is one of `allowed` (the first is the default), else error 5.
    pub fn key<'a>(&self, allowed: &[&'a str]) -> Result<&'a str> {
        match &self.by {
            None => Ok(allowed[0]),
            Some(by) => match allowed.iter().find(|k| **k == by.as_str()) {
                Some(k) => Ok(k),
                None => fail(Code::BadRequest),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_clamp_and_refuse_negatives() {
        assert_eq!(Range::default().window().ok(), Some((0, MAX_LIMIT)));
        assert_eq!(Range { first: Some(5), limit: Some(10) }.window().ok(), Some((5, 10)));
        assert_eq!(Range { first: None, limit: Some(1 << 40) }.window().ok(), Some((0, MAX_LIMIT)));
        assert!(Range { first: Some(-1), limit: None }.window().is_err());
    }

    #[test]
    fn sort_keys_are_checked() {
        let s = Sort { by: None, direction: Direction::Ascending };
        assert_eq!(s.key(&["user", "type"]).ok(), Some("user"));
        let s = Sort { by: Some("type".into()), direction: Direction::Descending };
        assert_eq!(s.key(&["user", "type"]).ok(), Some("type"));
        let s = Sort { by: Some("drop table".into()), direction: Direction::Descending };
        assert!(s.key(&["user", "type"]).is_err());
    }
}
