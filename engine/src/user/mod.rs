//! Accounts in domains: mailboxes, forwards, filters, and the alias rows that
//! point at them.

pub mod aliases;
pub mod bulk_actions;
pub mod bulk_create;
pub mod change_password;
pub mod change_user;
pub mod csv_file;
pub mod delete_user;
pub mod delivery;
pub mod get_user;
pub mod get_user_attribute_history;
pub mod get_user_changes;
pub mod import_users;
pub mod page_marks;
pub mod rename_user;
pub mod restore_user;
pub mod search_users;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::attributes::{self, apply};
use crate::authz::Object;
use crate::db::{Db, Tx};
use crate::domain;
use crate::error::{Error, Result};
use crate::identity::Role;

/// A user row with its attribute map.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub name: String,
    pub domain_id: Option<i64>,
    pub company_id: Option<i64>,
    pub workgroup_id: Option<i64>,
    pub password: Option<String>,
    pub role: Option<String>,
    pub attrs: String,
    pub kind: String,
    pub alias_of: Option<i64>,
    pub status: String,
    pub brand_id: Option<i64>,
    pub last_login: Option<i64>,
    pub created_at: i64,
    pub deleted_at: Option<i64>,
}

impl UserRecord {
    pub fn attrs(&self) -> Map<String, Value> {
        apply::parse(&self.attrs)
    }

    pub fn object(&self) -> Object {
        Object::User {
            user_id: self.id,
            company_id: self.company_id,
            domain_id: self.domain_id,
            workgroup_id: self.workgroup_id,
            role: self.role.as_deref().and_then(Role::parse),
        }
    }
}

const SELECT: &str = "SELECT u.id, u.name, u.domain_id, d.company_id, u.workgroup_id, u.password, u.role, u.attrs, \
     u.kind, u.alias_of, u.status, u.brand_id, u.last_login, u.created_at, u.deleted_at \
     FROM users u LEFT JOIN domains d ON d.id = u.domain_id";

pub async fn load(db: &Db, id: i64) -> Result<UserRecord> {
    sqlx::query_as(&format!("{SELECT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| Error::Internal(format!("user {id} vanished")))
}

/// The live account or alias of this address.
pub async fn find_live(db: &Db, name: &str) -> Result<Option<UserRecord>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE u.name = $1 AND u.deleted_at IS NULL"))
        .bind(name.trim().to_lowercase())
        .fetch_optional(db.pool())
        .await?)
}

/// The live account of this address, None if there is none; an alias address
/// answers error 3 to a caller who may read its account (9 to others).
pub async fn find_account(db: &Db, caller: &crate::identity::Caller, name: &str) -> Result<Option<UserRecord>> {
    match find_live(db, name).await? {
        Some(alias) if alias.alias_of.is_some() => {
            let target = load(db, alias.alias_of.unwrap_or_default()).await?;
            crate::authz::require(caller, crate::authz::Action::Read, &target.object())?;
            crate::error::fail(crate::error::Code::IsAlias)
        }
        found => Ok(found),
    }
}

/// The attributes a new user starts with: the domain's creation defaults
/// (services enabled where the domain sets none) and mailbox delivery.
pub fn new_user_attrs(domain_attrs: &Map<String, Value>, local_part: &str) -> Map<String, Value> {
    let mut attrs = Map::new();
    for name in attributes::COPIED_TO_USER {
        if let Some(v) = domain_attrs.get(*name).filter(|v| !v.is_null()) {
            attrs.insert((*name).into(), v.clone());
        }
    }
    for service in attributes::options::SERVICES {
        attrs.entry(*service).or_insert_with(|| Value::from("enabled"));
    }
    attrs.insert("name".into(), Value::from(local_part));
    attrs.insert("delivery_local".into(), Value::Bool(true));
    attrs.insert("autoresponder_option_interval".into(), Value::from(24));
    attrs.insert("max_pab_entries".into(), Value::from(500));
    delivery::normalize("mailbox", &mut attrs);
    attrs
}

/// The value in force for an inherited attribute of a user: its own, else its
/// domain's (which falls back to the company's, then the system's).
pub fn effective(
    user_attrs: &Map<String, Value>,
    domain_attrs: &Map<String, Value>,
    company_attrs: &Map<String, Value>,
    name: &str,
) -> Value {
    match user_attrs.get(name) {
        Some(v) if !v.is_null() => v.clone(),
        _ => domain::effective(domain_attrs, company_attrs, name),
    }
}

/// The account's quota in bytes (its `quota` attribute is in MB); 0 is no limit.
pub fn quota_bytes(attrs: &Map<String, Value>) -> i64 {
    attrs.get("quota").and_then(Value::as_i64).unwrap_or(0).max(0) * 1024 * 1024
}

/// An account neither receives nor sends once both are suspended.
pub fn status_of(attrs: &Map<String, Value>) -> &'static str {
    let suspended = |s: &str| attrs.get(s).and_then(Value::as_str) == Some("suspended");
    if suspended("service_smtpin") && suspended("service_smtprelay") {
        "suspended"
    } else {
        "active"
    }
}

/// Keeps the per-company, per-domain and per-workgroup account counts by type
/// current (lists and the home page read them instead of counting rows).
/// `total` also moves the live total (false when an account only changes type
/// or goes to or from the deleted count).
pub async fn count(
    tx: &mut Tx,
    (company_id, domain_id, workgroup_id): (i64, i64, Option<i64>),
    column: &str,
    delta: i64,
    total: bool,
) -> Result<()> {
    debug_assert!(matches!(
        column,
        "users_mailbox" | "users_forward" | "users_filter" | "users_alias" | "users_deleted"
    ));
    let total_sql = if total { "user_count = user_count + $1, " } else { "" };
    if total {
        sqlx::query("UPDATE companies SET user_count = user_count + $1 WHERE id = $2")
            .bind(delta)
            .bind(company_id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(&format!("UPDATE domains SET {total_sql}{column} = {column} + $1 WHERE id = $2"))
        .bind(delta)
        .bind(domain_id)
        .execute(&mut **tx)
        .await?;
    // Workgroups hold accounts, not alias rows.
    if let Some(w) = workgroup_id.filter(|_| column != "users_alias") {
        sqlx::query(&format!("UPDATE workgroups SET {total_sql}{column} = {column} + $1 WHERE id = $2"))
            .bind(delta)
            .bind(w)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Where an account counts: (company, domain, workgroup).
pub type Place = (i64, i64, Option<i64>);

/// Account count changes gathered over many new accounts and written once per
/// transaction: updating the same company, domain and workgroup rows for every
/// account would, on PostgreSQL, grow a chain of row versions that each later
/// statement in the transaction walks.
#[derive(Debug, Default)]
pub struct Tally {
    deltas: BTreeMap<(Place, &'static str), i64>,
    /// Per domain: its accounts when first asked, and its `limit_users`.
    domains: BTreeMap<i64, (i64, Option<i64>)>,
}

impl Tally {
    pub fn add(&mut self, ids: Place, column: &'static str, delta: i64) {
        *self.deltas.entry((ids, column)).or_default() += delta;
    }

    /// A domain's accounts (aliases aside), counting those not written yet,
    /// and its `limit_users`; read from the database once per transaction.
    pub async fn domain_use(&mut self, tx: &mut Tx, domain_id: i64) -> Result<(i64, Option<i64>)> {
        let (base, limit) = match self.domains.get(&domain_id) {
            Some(known) => *known,
            None => {
                let (accounts, attrs): (i64, String) = sqlx::query_as(
                    "SELECT users_mailbox + users_forward + users_filter, attrs FROM domains WHERE id = $1",
                )
                .bind(domain_id)
                .fetch_one(&mut **tx)
                .await?;
                let limit = apply::parse(&attrs).get("limit_users").and_then(Value::as_i64);
                self.domains.insert(domain_id, (accounts, limit));
                (accounts, limit)
            }
        };
        let pending: i64 = self
            .deltas
            .iter()
            .filter(|(((_, d, _), column), _)| *d == domain_id && *column != "users_alias")
            .map(|(_, n)| n)
            .sum();
        Ok((base + pending, limit))
    }

    pub async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        self.domains.clear();
        for ((ids, column), delta) in std::mem::take(&mut self.deltas) {
            if delta != 0 {
                count(tx, ids, column, delta, true).await?;
            }
        }
        Ok(())
    }
}

/// The count column of an account type.
pub fn count_column(kind: &str) -> &'static str {
    match kind {
        "forward" => "users_forward",
        "filter" => "users_filter",
        "alias" => "users_alias",
        _ => "users_mailbox",
    }
}
