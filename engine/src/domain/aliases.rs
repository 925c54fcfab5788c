//! Alias domains: `aliases` on a domain lists them; each is a row pointing at
//! the domain, so that names stay unique and searches find them.

use std::collections::BTreeSet;

use crate::db::Tx;
use crate::error::{fail, Code, Result};

/// Makes the alias rows of `domain_id` exactly `wanted`. Error 7 when a wanted
/// name belongs to another live domain or alias (or to the domain itself).
pub async fn set(
    tx: &mut Tx,
    domain_id: i64,
    company_id: i64,
    own_name: &str,
    wanted: &[String],
    now: i64,
) -> Result<()> {
    let current: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM domains WHERE alias_of = $1 AND deleted_at IS NULL")
            .bind(domain_id)
            .fetch_all(&mut **tx)
            .await?;
    let wanted: BTreeSet<&str> = wanted.iter().map(String::as_str).collect();
    let mut added = 0i64;
    for (id, name) in &current {
        if !wanted.contains(name.as_str()) {
            sqlx::query("DELETE FROM domains WHERE id = $1").bind(id).execute(&mut **tx).await?;
            added -= 1;
        }
    }
    for name in wanted {
        if name == own_name {
            return fail(Code::NameTaken);
        }
        if current.iter().any(|(_, n)| n == name) {
            continue;
        }
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM domains WHERE name = $1 AND deleted_at IS NULL")
            .bind(name)
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_some() {
            return fail(Code::NameTaken);
        }
        sqlx::query(
            "INSERT INTO domains (company_id, name, alias_of, is_alias, created_at) VALUES ($1, $2, $3, 1, $4)",
        )
        .bind(company_id)
        .bind(name)
        .bind(domain_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        added += 1;
    }
    count(tx, company_id, added).await
}

/// Removes every alias row of a domain (when it is deleted).
pub async fn drop_all(tx: &mut Tx, domain_id: i64, company_id: i64) -> Result<()> {
    let gone = sqlx::query("DELETE FROM domains WHERE alias_of = $1").bind(domain_id).execute(&mut **tx).await?;
    count(tx, company_id, -(gone.rows_affected() as i64)).await
}

/// Keeps `companies.alias_count` (what search totals read) current.
pub async fn count(tx: &mut Tx, company_id: i64, delta: i64) -> Result<()> {
    if delta != 0 {
        sqlx::query("UPDATE companies SET alias_count = alias_count + $1 WHERE id = $2")
            .bind(delta)
            .bind(company_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
