//! The provider's companies screen: search_companies, creating (change_company
//! on a new name) and deleting (delete_company).

use leptos::prelude::*;

use super::types::{CompanyPage, ListQuery};
use super::PortalError;

#[server(prefix = "/srv", endpoint = "companies")]
pub async fn list_companies(query: ListQuery) -> Result<CompanyPage, PortalError> {
    use engine::company::search_companies::{search_companies, Criteria, Request};
    let engine = super::ssr::engine()?;
    let request = Request {
        criteria: Criteria { pattern: query.pattern.filter(|p| !p.trim().is_empty()) },
        range: super::ssr::range(query.first, query.limit),
        sort: super::ssr::sort(query.sort, query.descending),
    };
    let found = search_companies(&engine, &super::ssr::ctx().await?, request).await?;
    Ok(CompanyPage {
        rows: found
            .companies
            .into_iter()
            .map(|c| super::types::CompanyRow { name: c.company, domains: c.domains })
            .collect(),
        first: query.first.max(0),
        total: found.total_count,
    })
}

#[server(prefix = "/srv", endpoint = "create_company")]
pub async fn create_company(name: String) -> Result<(), PortalError> {
    use engine::company::change_company::{change_company, Request};
    use engine::directory::find_company;
    let engine = super::ssr::engine()?;
    // change_company would modify an existing company; creating must not.
    if find_company(engine.db(), &name).await?.is_some() {
        return Err(engine::Error::from(engine::Code::NameTaken).into());
    }
    let ctx = super::ssr::ctx().await?;
    change_company(&engine, &ctx, Request { company: name, attributes: Default::default() }).await?;
    Ok(())
}

#[server(prefix = "/srv", endpoint = "delete_company")]
pub async fn delete_company(name: String) -> Result<(), PortalError> {
    use engine::company::delete_company::{delete_company, Request};
    let engine = super::ssr::engine()?;
    delete_company(&engine, &super::ssr::ctx().await?, Request { company: name }).await?;
    Ok(())
}
