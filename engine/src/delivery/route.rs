//! Which account a recipient address reaches: the account itself, an alias
//! of it, the same local part in an alias domain, or the domain's catch-all.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::Engine;

/// An account mail can go to, with what delivery needs of it.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub domain_id: i64,
    pub status: String,
    pub attrs: Map<String, Value>,
    pub domain_attrs: Map<String, Value>,
    pub company_attrs: Map<String, Value>,
    pub domain_disabled: bool,
}

impl Account {
    pub fn flag(&self, name: &str) -> bool {
        self.attrs.get(name).and_then(Value::as_bool).unwrap_or(false)
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).and_then(Value::as_str).filter(|s| !s.is_empty())
    }

    /// A setting of the account, else its domain's, else its company's.
    pub fn inherited(&self, name: &str) -> Option<&str> {
        [&self.attrs, &self.domain_attrs, &self.company_attrs]
            .into_iter()
            .find_map(|m| m.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()))
    }

    pub fn list(&self, name: &str) -> Vec<String> {
        self.attrs
            .get(name)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_lowercase).collect())
            .unwrap_or_default()
    }

    /// Whether mail may come in: the account active, its incoming-mail
    /// service enabled, its domain not disabled.
    pub fn receives(&self) -> bool {
        self.status == "active"
            && self.attrs.get("service_smtpin").and_then(Value::as_str).unwrap_or("enabled") == "enabled"
            && !self.domain_disabled
    }
}

/// The account `address` reaches, if any.
pub async fn resolve(engine: &Engine, address: &str) -> Result<Option<Account>> {
    let address = address.trim().trim_start_matches('<').trim_end_matches('>').to_lowercase();
    let Some((local, domain)) = address.rsplit_once('@') else { return Ok(None) };
    if let Some(account) = by_name(engine, &address).await? {
        return Ok(Some(account));
    }
    let row: Option<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT id, alias_of, attrs FROM domains WHERE name = $1 AND deleted_at IS NULL")
            .bind(domain)
            .fetch_optional(engine.db().pool())
            .await?;
    let Some((_, alias_of, attrs)) = row else { return Ok(None) };
    let (real_domain, attrs) = match alias_of {
        Some(target) => {
            let (name, attrs): (String, String) =
                sqlx::query_as("SELECT name, attrs FROM domains WHERE id = $1 AND deleted_at IS NULL")
                    .bind(target)
                    .fetch_one(engine.db().pool())
                    .await?;
            if let Some(account) = by_name(engine, &format!("{local}@{name}")).await? {
                return Ok(Some(account));
            }
            (name, attrs)
        }
        None => (domain.to_string(), attrs),
    };
    let attrs: Map<String, Value> = serde_json::from_str(&attrs).unwrap_or_default();
    match attrs.get("catchall").and_then(Value::as_str).filter(|c| !c.is_empty()) {
        // The catch-all must be an account of the domain itself.
        Some(catchall) if catchall.ends_with(&format!("@{real_domain}")) => by_name(engine, catchall).await,
        _ => Ok(None),
    }
}

/// A live account by its name or one of its aliases.
async fn by_name(engine: &Engine, name: &str) -> Result<Option<Account>> {
    let row: Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, alias_of FROM users WHERE name = $1 AND deleted_at IS NULL AND domain_id IS NOT NULL",
    )
    .bind(name.to_lowercase())
    .fetch_optional(engine.db().pool())
    .await?;
    let Some((id, alias_of)) = row else { return Ok(None) };
    let id = alias_of.unwrap_or(id);
    let row: Option<AccountRow> = sqlx::query_as(
        "SELECT u.id, u.name, u.domain_id, u.status, u.attrs, d.attrs AS domain_attrs, c.attrs AS company_attrs, \
         d.disabled FROM users u JOIN domains d ON d.id = u.domain_id JOIN companies c ON c.id = d.company_id \
         WHERE u.id = $1 AND u.deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(engine.db().pool())
    .await?;
    let json = |text: &str| serde_json::from_str(text).unwrap_or_default();
    Ok(row.map(|r| Account {
        id: r.id,
        name: r.name,
        domain_id: r.domain_id,
        status: r.status,
        attrs: json(&r.attrs),
        domain_attrs: json(&r.domain_attrs),
        company_attrs: json(&r.company_attrs),
        domain_disabled: r.disabled != 0,
    }))
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    name: String,
    domain_id: i64,
    status: String,
    attrs: String,
    domain_attrs: String,
    company_attrs: String,
    disabled: i64,
}
