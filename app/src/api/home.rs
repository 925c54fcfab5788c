//! The home page's figures.

use leptos::prelude::*;

use super::types::Scope;
use super::PortalError;

/// Counts of what the signed-in account controls.
#[server(prefix = "/srv", endpoint = "scope")]
pub async fn scope_summary() -> Result<Scope, PortalError> {
    let caller = super::ssr::caller().await?;
    let s = engine::directory::scope::summary(&*super::ssr::engine()?, &caller).await?;
    Ok(Scope { companies: s.companies, domains: s.domains, users: s.users })
}
