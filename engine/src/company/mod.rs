//! Companies: the provider's customers, holding domains.

pub mod change_company;
pub mod delete_company;
pub mod get_company;
pub mod get_company_changes;
pub mod search_companies;

use serde_json::{Map, Value};

use crate::attributes::{self, apply};
use crate::db::Db;
use crate::error::{Error, Result};

/// A company row with its attribute map.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CompanyRecord {
    pub id: i64,
    pub name: String,
    pub attrs: String,
    pub brand_id: Option<i64>,
    pub created_at: i64,
}

impl CompanyRecord {
    pub fn attrs(&self) -> Map<String, Value> {
        apply::parse(&self.attrs)
    }
}

pub async fn load(db: &Db, id: i64) -> Result<CompanyRecord> {
    sqlx::query_as("SELECT id, name, attrs, brand_id, created_at FROM companies WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| Error::Internal(format!("company {id} vanished")))
}

/// What a company passes down for an inherited attribute: its own value, else
/// the system's.
pub fn passes_down(attrs: &Map<String, Value>, name: &str) -> Value {
    match attrs.get(name) {
        Some(v) if !v.is_null() => v.clone(),
        _ => attributes::system_value(name),
    }
}

/// A company's quota ceiling for its domains (MB).
pub fn quota_maximum(attrs: &Map<String, Value>) -> i64 {
    attrs.get("quota_maximum").and_then(Value::as_i64).unwrap_or(attributes::options::QUOTA_CEILING)
}
