//! What a caller controls, in numbers (the portal's home page).

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::identity::role::Level;
use crate::identity::Caller;
use crate::Engine;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub companies: i64,
    pub domains: i64,
    pub users: i64,
}

/// Counts of the companies, live domains and live accounts inside the caller's
/// grant, read from maintained counters (constant work at any size).
pub async fn summary(engine: &Engine, caller: &Caller) -> Result<Scope> {
    let pool = engine.db().pool();
    let Some(grant) = &caller.grant else {
        return Ok(Scope { companies: 0, domains: 0, users: 1 });
    };
    let one = |sql: &'static str, id: Option<i64>| async move {
        let (n,): (i64,) = sqlx::query_as(sql).bind(id.unwrap_or(0)).fetch_one(pool).await?;
        Ok::<i64, crate::Error>(n)
    };
    Ok(match grant.role.level() {
        Level::Provider => {
            let (companies, domains, users): (i64, i64, i64) = sqlx::query_as(
                "SELECT COUNT(*), CAST(COALESCE(SUM(domain_count), 0) AS BIGINT), \
                 CAST(COALESCE(SUM(user_count), 0) AS BIGINT) FROM companies",
            )
            .fetch_one(pool)
            .await?;
            Scope { companies, domains, users }
        }
        Level::Company => Scope {
            companies: 1,
            domains: one("SELECT domain_count FROM companies WHERE id = $1", grant.company_id).await?,
            users: one("SELECT user_count FROM companies WHERE id = $1", grant.company_id).await?,
        },
        Level::Domain => Scope {
            companies: 0,
            domains: 1,
            users: one("SELECT user_count FROM domains WHERE id = $1", grant.domain_id).await?,
        },
        Level::Workgroup => Scope {
            companies: 0,
            domains: 0,
            users: one("SELECT user_count FROM workgroups WHERE id = $1", grant.workgroup_id).await?,
        },
    })
}
