//! The domains screen: search_domains (live and deleted), change_domain to
//! create, delete_domain, restore_domain.

use leptos::prelude::*;

use super::types::{DomainPage, ListQuery};
use super::PortalError;

#[server(prefix = "/srv", endpoint = "domains")]
pub async fn list_domains(query: ListQuery) -> Result<DomainPage, PortalError> {
    use engine::authz::{permits, Action, Object};
    use engine::domain::search_domains::{search_domains, Criteria, Request};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let request = Request {
        criteria: Criteria {
            company: query.company.clone().filter(|c| !c.trim().is_empty()),
            types: query.kind.clone().filter(|k| !k.is_empty()).into_iter().collect(),
            pattern: query.pattern.clone().filter(|p| !p.trim().is_empty()),
            deleted: Some(query.deleted),
        },
        range: super::ssr::range(query.first, query.limit),
        sort: super::ssr::sort(query.sort.clone(), query.descending),
    };
    let found = search_domains(&engine, &ctx, request).await?;
    let own = ctx.caller.grant.as_ref().and_then(|g| g.company_id).unwrap_or(0);
    let can_create = ctx.caller.is_provider()
        || permits(&ctx.caller, Action::Create, &Object::Domain { company_id: own, domain_id: 0 });
    Ok(DomainPage {
        rows: found
            .domains
            .into_iter()
            .map(|d| super::types::DomainRow {
                name: d.domain,
                alias_of: d.alias_target,
                counts: super::types::DomainCounts {
                    mailbox: d.counts.mailbox,
                    forward: d.counts.forward,
                    filter: d.counts.filter,
                    alias: d.counts.alias,
                    deleted: d.counts.deleted,
                    total: d.counts.total,
                },
                id: d.id,
                deleted_at: d.delete_time,
            })
            .collect(),
        first: query.first.max(0),
        total: found.total_count,
        can_create,
    })
}

/// Creates a domain (in `company` for the provider, else in the caller's own).
#[server(prefix = "/srv", endpoint = "create_domain")]
pub async fn create_domain(domain: String, company: Option<String>) -> Result<(), PortalError> {
    use engine::domain::change_domain::{change_domain, Request};
    let engine = super::ssr::engine()?;
    let mut attributes = serde_json::Map::new();
    if let Some(company) = company.filter(|c| !c.trim().is_empty()) {
        attributes.insert("company".into(), company.into());
    }
    let request = Request { domain, attributes, create_only: Some(true) };
    change_domain(&engine, &super::ssr::ctx().await?, request).await?;
    Ok(())
}

#[server(prefix = "/srv", endpoint = "delete_domain")]
pub async fn delete_domain(domain: String) -> Result<(), PortalError> {
    use engine::domain::delete_domain::{delete_domain, Request};
    let engine = super::ssr::engine()?;
    delete_domain(&engine, &super::ssr::ctx().await?, Request { domain }).await?;
    Ok(())
}

#[server(prefix = "/srv", endpoint = "restore_domain")]
pub async fn restore_domain(domain: String, id: String, new_name: String) -> Result<(), PortalError> {
    use engine::domain::restore_domain::{restore_domain, Request};
    let engine = super::ssr::engine()?;
    let new_name = if new_name.trim().is_empty() { domain.clone() } else { new_name };
    restore_domain(&engine, &super::ssr::ctx().await?, Request { domain, id, new_name }).await?;
    Ok(())
}
