//! The admins screen: search_admins and set_role.

use leptos::prelude::*;

use super::types::{AdminPage, AdminQuery};
use super::PortalError;

/// One page of admins (engine `search_admins`).
#[server(prefix = "/srv", endpoint = "admins")]
pub async fn list_admins(query: AdminQuery) -> Result<AdminPage, PortalError> {
    use engine::admin::search_admins::{search_admins, Criteria, Request};
    use engine::oma::search::{Direction, Range, Sort};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let request = Request {
        criteria: Criteria {
            company: query.company.filter(|c| !c.trim().is_empty()),
            types: query.role.filter(|r| !r.is_empty()).into_iter().collect(),
            pattern: query.pattern.filter(|p| !p.trim().is_empty()),
        },
        range: Range { first: Some(query.first.max(0)), limit: Some(query.limit.clamp(1, 500)) },
        sort: Sort {
            by: query.sort,
            direction: if query.descending { Direction::Descending } else { Direction::Ascending },
        },
    };
    let found = search_admins(&engine, &ctx, request).await?;
    Ok(AdminPage {
        rows: found
            .admins
            .into_iter()
            .map(|a| super::types::AdminRow { user: a.user, role: a.kind, control: a.control.into_iter().next() })
            .collect(),
        first: query.first.max(0),
        total: found.total_count,
    })
}

/// Gives `user` a role on `object`, or removes its role when `role` is empty
/// (engine `set_role`).
#[server(prefix = "/srv", endpoint = "set_role")]
pub async fn set_admin_role(user: String, role: String, object: Option<String>) -> Result<(), PortalError> {
    use engine::admin::set_role::{set_role, Request};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let role = Some(role.trim().to_string()).filter(|r| !r.is_empty());
    let object = object.map(|o| o.trim().to_string()).filter(|o| !o.is_empty());
    set_role(&engine, &ctx, Request { user: user.trim().to_string(), role, object }).await?;
    Ok(())
}
