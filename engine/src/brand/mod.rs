//! Brands: Webmail/portal brandings a provider defines, offered to every
//! company (no owner) or to one company, and chosen by companies, domains and
//! users (`brand` attribute, inherited downwards).

pub mod change_brand;
pub mod delete_brand;
pub mod search_brand_members;
pub mod search_brands;

use serde_json::Value;

use crate::db::{Db, Tx};
use crate::error::{Code, Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BrandRef {
    pub id: i64,
    pub name: String,
    pub company_id: Option<i64>,
}

pub async fn find_brand(db: &Db, name: &str) -> Result<Option<BrandRef>> {
    Ok(sqlx::query_as("SELECT id, name, company_id FROM brands WHERE name_key = $1 AND deleted_at IS NULL")
        .bind(name.trim().to_lowercase())
        .fetch_optional(db.pool())
        .await?)
}

/// The brand a `brand` attribute value names, if a company may use it (its own
/// or an unowned one); error 6 with a hint otherwise. Null → None.
pub async fn usable_by(db: &Db, company_id: i64, value: &Value) -> Result<Option<BrandRef>> {
    let Some(name) = value.as_str() else { return Ok(None) };
    match find_brand(db, name).await? {
        Some(b) if b.company_id.is_none() || b.company_id == Some(company_id) => Ok(Some(b)),
        _ => Err(Error::hint(Code::BadAttributes, "brand", "No such brand for this company")),
    }
}

/// `metadata.options.brand`: null (inherit), then every brand the company may use.
pub async fn options(db: &Db, company_id: i64) -> Result<Vec<Value>> {
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM brands WHERE deleted_at IS NULL AND (company_id IS NULL OR company_id = $1) ORDER BY name_key",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await?;
    Ok(std::iter::once(Value::Null).chain(names.into_iter().map(|(n,)| Value::String(n))).collect())
}

/// Who uses a brand, kept current so that delete_brand and search_brands need
/// no counting.
#[derive(Debug, Clone, Copy)]
pub enum Use {
    Company,
    Domain,
    User,
}

/// Moves one use of `kind` from brand `old` to brand `new`.
pub async fn move_use(tx: &mut Tx, kind: Use, old: Option<i64>, new: Option<i64>) -> Result<()> {
    if old == new {
        return Ok(());
    }
    let column = match kind {
        Use::Company => "company_uses",
        Use::Domain => "domain_uses",
        Use::User => "user_uses",
    };
    for (id, delta) in [(old, -1i64), (new, 1)] {
        if let Some(id) = id {
            sqlx::query(&format!("UPDATE brands SET {column} = {column} + $1 WHERE id = $2"))
                .bind(delta)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// The brand an object has after a change: the requested one if `brand` is
/// among the changes (checked usable by the company, and rewritten as the
/// brand spells itself), else `current`.
pub async fn after_change(
    db: &Db,
    company_id: i64,
    requested: &mut [crate::attributes::Change],
    current: Option<i64>,
) -> Result<Option<i64>> {
    match requested.iter_mut().find(|(s, _)| s.name == "brand") {
        Some((_, value)) => {
            let brand = usable_by(db, company_id, value).await?;
            if let Some(b) = &brand {
                *value = serde_json::Value::String(b.name.clone());
            }
            Ok(brand.map(|b| b.id))
        }
        None => Ok(current),
    }
}
