//! Domains: hold workgroups and accounts; alias domains point at one.

pub mod aliases;
pub mod change_domain;
pub mod delete_domain;
pub mod get_domain;
pub mod get_domain_changes;
pub mod restore_domain;
pub mod search_domains;

use serde_json::{Map, Value};

use crate::attributes::{self, apply};
use crate::company;
use crate::db::Db;
use crate::directory::provision::DEFAULT_WORKGROUP;
use crate::error::{Error, Result};

/// A domain row with its attribute map.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DomainRecord {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub attrs: String,
    pub brand_id: Option<i64>,
    pub alias_of: Option<i64>,
    pub created_at: i64,
    pub deleted_at: Option<i64>,
}

impl DomainRecord {
    pub fn attrs(&self) -> Map<String, Value> {
        apply::parse(&self.attrs)
    }
}

const COLUMNS: &str = "id, company_id, name, attrs, brand_id, alias_of, created_at, deleted_at";

pub async fn load(db: &Db, id: i64) -> Result<DomainRecord> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM domains WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| Error::Internal(format!("domain {id} vanished")))
}

/// The live domain or alias domain of this name.
pub async fn find_live(db: &Db, name: &str) -> Result<Option<DomainRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM domains WHERE name = $1 AND deleted_at IS NULL"))
        .bind(name.trim().to_lowercase())
        .fetch_optional(db.pool())
        .await?)
}

/// The attributes a new domain starts with: the company's creation defaults,
/// enabled, and the default workgroup.
pub fn new_domain_attrs(company_attrs: &Map<String, Value>) -> Map<String, Value> {
    let mut attrs = Map::new();
    for name in attributes::COPIED_TO_DOMAIN {
        if let Some(v) = company_attrs.get(*name).filter(|v| !v.is_null()) {
            attrs.insert((*name).into(), v.clone());
        }
    }
    attrs.insert("disabled".into(), Value::Bool(false));
    attrs.insert("workgroup".into(), Value::from(DEFAULT_WORKGROUP));
    attrs
}

/// The value a domain gets for an inherited attribute when it sets none: its
/// company's, else the system's.
pub fn inherited(company_attrs: &Map<String, Value>, name: &str) -> Value {
    company::passes_down(company_attrs, name)
}

/// The value in force for an inherited attribute of a domain.
pub fn effective(domain_attrs: &Map<String, Value>, company_attrs: &Map<String, Value>, name: &str) -> Value {
    match domain_attrs.get(name) {
        Some(v) if !v.is_null() => v.clone(),
        _ => inherited(company_attrs, name),
    }
}
