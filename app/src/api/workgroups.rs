//! A domain's workgroups: search_workgroups, create_workgroup, delete_workgroup.

use leptos::prelude::*;

use super::types::WorkgroupList;
use super::PortalError;

#[server(prefix = "/srv", endpoint = "workgroups")]
pub async fn list_workgroups(domain: String) -> Result<WorkgroupList, PortalError> {
    use engine::authz::{permits, Action, Object};
    use engine::workgroup::search_workgroups::{search_workgroups, Criteria, Request};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let request = Request {
        criteria: Criteria { domain: Some(domain.clone()), pattern: None },
        range: Default::default(),
        sort: Default::default(),
    };
    let found = search_workgroups(&engine, &ctx, request).await?;
    let record = engine::directory::find_domain(engine.db(), &domain).await?;
    let default = match &record {
        Some(d) => engine::domain::load(engine.db(), d.id)
            .await?
            .attrs()
            .get("workgroup")
            .and_then(|v| v.as_str().map(String::from)),
        None => None,
    };
    let can_manage = record.is_some_and(|d| {
        permits(
            &ctx.caller,
            Action::Create,
            &Object::Workgroup { company_id: d.company_id, domain_id: d.id, workgroup_id: 0 },
        )
    });
    Ok(WorkgroupList {
        rows: found
            .workgroups
            .into_iter()
            .map(|w| super::types::WorkgroupRow {
                default: default.as_deref() == Some(w.workgroup.as_str()),
                name: w.workgroup,
                counts: super::types::DomainCounts {
                    mailbox: w.counts.mailbox,
                    forward: w.counts.forward,
                    filter: w.counts.filter,
                    alias: 0,
                    deleted: w.counts.deleted,
                    total: w.counts.total,
                },
            })
            .collect(),
        can_manage,
    })
}

#[server(prefix = "/srv", endpoint = "create_workgroup")]
pub async fn create_workgroup(domain: String, workgroup: String) -> Result<(), PortalError> {
    use engine::workgroup::create_workgroup::{create_workgroup, Request};
    let engine = super::ssr::engine()?;
    create_workgroup(&engine, &super::ssr::ctx().await?, Request { domain, workgroup }).await?;
    Ok(())
}

#[server(prefix = "/srv", endpoint = "delete_workgroup")]
pub async fn delete_workgroup(domain: String, workgroup: String) -> Result<(), PortalError> {
    use engine::workgroup::delete_workgroup::{delete_workgroup, Request};
    let engine = super::ssr::engine()?;
    delete_workgroup(&engine, &super::ssr::ctx().await?, Request { domain, workgroup }).await?;
    Ok(())
}
