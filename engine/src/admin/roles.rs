//! Role objects by name: `Example Corp`, `example.com`, `example.com/sales`.

use serde_json::{Map, Value};

use crate::db::Db;
use crate::error::Result;
use crate::identity::role::Level;
use crate::identity::Grant;

/// The name of what a grant administers (None for the provider role).
pub async fn object_name(db: &Db, grant: &Grant) -> Result<Option<String>> {
    let row: Option<(String,)> =
        match grant.role.level() {
            Level::Provider => return Ok(None),
            Level::Company => {
                sqlx::query_as("SELECT name FROM companies WHERE id = $1")
                    .bind(grant.company_id.unwrap_or(0))
                    .fetch_optional(db.pool())
                    .await?
            }
            Level::Domain => {
                sqlx::query_as("SELECT name FROM domains WHERE id = $1")
                    .bind(grant.domain_id.unwrap_or(0))
                    .fetch_optional(db.pool())
                    .await?
            }
            Level::Workgroup => sqlx::query_as(
                "SELECT d.name || '/' || w.name FROM workgroups w JOIN domains d ON d.id = w.domain_id WHERE w.id = $1",
            )
            .bind(grant.workgroup_id.unwrap_or(0))
            .fetch_optional(db.pool())
            .await?,
        };
    Ok(row.map(|(name,)| name))
}

/// `{"<role>": ["<object>"]}` as authenticate's `extra_info.roles` and get_user's
/// `metadata.roles` report it; `{}` without a role, `{"provider": []}` for the
/// provider.
pub async fn roles_of(db: &Db, grant: Option<&Grant>) -> Result<Map<String, Value>> {
    let mut roles = Map::new();
    if let Some(grant) = grant {
        let objects = object_name(db, grant).await?.map(Value::String).into_iter().collect();
        roles.insert(grant.role.as_str().to_string(), Value::Array(objects));
    }
    Ok(roles)
}
