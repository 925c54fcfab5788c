//! A user's `aliases`: each is a row of kind `alias` pointing at the account,
//! in a live domain of the same company, so that names stay unique across
//! accounts and aliases and search_users lists them.

use std::collections::BTreeSet;

use super::count;
use crate::db::Tx;
use crate::directory::names;
use crate::error::{fail, Code, Error, Result};

/// Makes the live alias rows of `user_id` exactly `wanted`. Error 7 when a
/// name belongs to another live account or alias, 16 when a domain would pass
/// its `limit_aliases`, 6 when an alias is outside the company.
pub async fn set(
    tx: &mut Tx,
    user_id: i64,
    company_id: i64,
    own_name: &str,
    wanted: &[String],
    now: i64,
) -> Result<()> {
    let current: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT id, name, domain_id FROM users WHERE alias_of = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_all(&mut **tx)
            .await?;
    let wanted: BTreeSet<&str> = wanted.iter().map(String::as_str).collect();
    for (id, name, domain_id) in &current {
        if !wanted.contains(name.as_str()) {
            sqlx::query("DELETE FROM users WHERE id = $1").bind(id).execute(&mut **tx).await?;
            count(tx, (company_id, *domain_id, None), "users_alias", -1, true).await?;
        }
    }
    for name in wanted {
        if name == own_name {
            return fail(Code::NameTaken);
        }
        if current.iter().any(|(_, n, _)| n == name) {
            continue;
        }
        let (_, domain) = names::mailbox(name).map_err(|why| Error::hint(Code::BadAttributes, "aliases", why))?;
        let target: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, users_alias, attrs FROM domains \
             WHERE name = $1 AND company_id = $2 AND deleted_at IS NULL AND alias_of IS NULL",
        )
        .bind(&domain)
        .bind(company_id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some((domain_id, used, attrs)) = target else {
            return Err(Error::hint(
                Code::BadAttributes,
                "aliases",
                format!("{domain} is not a domain of this company"),
            ));
        };
        let limit = crate::attributes::apply::parse(&attrs).get("limit_aliases").and_then(serde_json::Value::as_i64);
        if limit.is_some_and(|limit| used >= limit) {
            return fail(Code::DomainAliasesFull);
        }
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE name = $1 AND deleted_at IS NULL")
            .bind(name)
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_some() {
            return fail(Code::NameTaken);
        }
        sqlx::query(
            "INSERT INTO users (name, domain_id, kind, alias_of, target_name, created_at) \
             VALUES ($1, $2, 'alias', $3, $4, $5)",
        )
        .bind(name)
        .bind(domain_id)
        .bind(user_id)
        .bind(own_name)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        count(tx, (company_id, domain_id, None), "users_alias", 1, true).await?;
    }
    Ok(())
}

/// The live alias names of an account, sorted.
pub async fn of(db: &crate::db::Db, user_id: i64) -> Result<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM users WHERE alias_of = $1 AND deleted_at IS NULL ORDER BY name")
            .bind(user_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}
