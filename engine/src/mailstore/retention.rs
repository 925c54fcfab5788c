//! How long deleted messages stay restorable: the domain's
//! `deleted_message_retention` (days), else its company's, else the system's
//! 14 days, counted from the deletion.

use crate::attributes::apply;
use crate::error::Result;
use crate::{domain, Engine};

pub const ATTRIBUTE: &str = "deleted_message_retention";

/// Days, where nothing sets it (the attributes' system value).
pub const DEFAULT_DAYS: i64 = 14;

/// Seconds a deleted message of this account stays restorable.
pub async fn of_user(engine: &Engine, user_id: i64) -> Result<i64> {
    let attrs: Option<(String, String)> = sqlx::query_as(
        "SELECT d.attrs, c.attrs FROM users u JOIN domains d ON d.id = u.domain_id \
         JOIN companies c ON c.id = d.company_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(engine.db().pool())
    .await?;
    Ok(seconds(attrs))
}

/// The same for the mailboxes under a domain's directory (by name; a domain
/// that no longer exists keeps the system's retention).
pub async fn of_domain(engine: &Engine, name: &str) -> Result<i64> {
    let attrs: Option<(String, String)> = sqlx::query_as(
        "SELECT d.attrs, c.attrs FROM domains d JOIN companies c ON c.id = d.company_id \
         WHERE d.name = $1 AND d.deleted_at IS NULL",
    )
    .bind(name)
    .fetch_optional(engine.db().pool())
    .await?;
    Ok(seconds(attrs))
}

fn seconds(attrs: Option<(String, String)>) -> i64 {
    let (domain_attrs, company_attrs) = attrs.unwrap_or_default();
    let days = domain::effective(&apply::parse(&domain_attrs), &apply::parse(&company_attrs), ATTRIBUTE);
    days.as_i64().unwrap_or(DEFAULT_DAYS) * 86_400
}
