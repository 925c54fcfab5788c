//! The provider's brands screen: search_brands, change_brand, delete_brand.

use leptos::prelude::*;

use super::types::{BrandPage, ListQuery};
use super::PortalError;

#[server(prefix = "/srv", endpoint = "brands")]
pub async fn list_brands(query: ListQuery) -> Result<BrandPage, PortalError> {
    use engine::brand::search_brands::{search_brands, Criteria, Request};
    let engine = super::ssr::engine()?;
    let request = Request {
        criteria: Criteria {
            company: query.company.filter(|c| !c.trim().is_empty()),
            deleted: Some(query.deleted),
            pattern: query.pattern.filter(|p| !p.trim().is_empty()),
        },
        range: super::ssr::range(query.first, query.limit),
        sort: Default::default(),
    };
    let found = search_brands(&engine, &super::ssr::ctx().await?, request).await?;
    Ok(BrandPage {
        rows: found
            .brands
            .into_iter()
            .map(|b| super::types::BrandRow {
                name: b.brand,
                company: b.owner,
                notes: b.notes,
                domains: b.counts.domain,
                users: b.counts.user,
                companies: b.companies,
            })
            .collect(),
        first: query.first.max(0),
        total: found.total_count,
    })
}

/// Creates or changes a brand: its owner company (empty: every company) and notes.
#[server(prefix = "/srv", endpoint = "save_brand")]
pub async fn save_brand(brand: String, company: String, notes: String) -> Result<(), PortalError> {
    use engine::brand::change_brand::{change_brand, Request};
    let engine = super::ssr::engine()?;
    let mut attributes = serde_json::Map::new();
    let text = |s: String| if s.trim().is_empty() { serde_json::Value::Null } else { s.trim().into() };
    attributes.insert("company".into(), text(company));
    attributes.insert("notes".into(), text(notes));
    change_brand(&engine, &super::ssr::ctx().await?, Request { brand, attributes }).await?;
    Ok(())
}

#[server(prefix = "/srv", endpoint = "delete_brand")]
pub async fn delete_brand(brand: String) -> Result<(), PortalError> {
    use engine::brand::delete_brand::{delete_brand, Request};
    let engine = super::ssr::engine()?;
    delete_brand(&engine, &super::ssr::ctx().await?, Request { brand }).await?;
    Ok(())
}
