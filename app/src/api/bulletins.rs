//! The bulletins screens of a company and of a domain: the list with each
//! bulletin's last post (count of total), the text, a preview rendered for a
//! recipient, save, delete, a test send and the post to everyone. Each calls
//! the engine's bulletin methods, which decide who may do what.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::PortalError;

/// Whose bulletins: a company's or a domain's.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Owner {
    /// "company" or "domain".
    pub kind: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulletinRow {
    pub name: String,
    /// "auto" or "manual".
    pub kind: String,
    /// Delivered of total in the last post (auto: every new account so far).
    pub count: i64,
    pub total: i64,
    /// When last sent (epoch seconds).
    pub last: Option<i64>,
}

impl BulletinRow {
    pub fn posting(&self) -> bool {
        self.count < self.total
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulletinList {
    pub rows: Vec<BulletinRow>,
    /// Whether the caller may write, test and post (else read only).
    pub can_change: bool,
}

#[cfg(feature = "ssr")]
mod ssr {
    use engine::authz::Action;
    use engine::bulletin::Scope;

    use super::Owner;
    use crate::api::PortalError;

    pub async fn scope(owner: &Owner, action: Action) -> Result<Scope, PortalError> {
        let engine = crate::api::ssr::engine()?;
        let ctx = crate::api::ssr::ctx().await?;
        Ok(match owner.kind.as_str() {
            "company" => Scope::company(&engine, &ctx.caller, &owner.name, action).await?,
            _ => Scope::domain(&engine, &ctx.caller, &owner.name, action).await?,
        })
    }
}

#[server(prefix = "/srv", endpoint = "bulletins")]
pub async fn list_bulletins(owner: Owner) -> Result<BulletinList, PortalError> {
    use engine::authz::{permits, Action, Billing};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let scope = ssr::scope(&owner, Action::Read).await?;
    let listed = engine::bulletin::listing(&engine, &scope).await?;
    let row = |kind: &str| {
        let kind = kind.to_string();
        move |b: engine::bulletin::Listed| BulletinRow {
            name: b.name,
            kind: kind.clone(),
            count: b.count,
            total: b.total,
            last: b.mtime,
        }
    };
    let mut rows: Vec<BulletinRow> = listed.manual.into_iter().map(row("manual")).collect();
    rows.extend(listed.auto.into_iter().map(row("auto")));
    rows.sort_by(|a, b| (&a.name, &a.kind).cmp(&(&b.name, &b.kind)));
    Ok(BulletinList { rows, can_change: permits(&ctx.caller, Action::Change(Billing::NonBillable), &scope.object()) })
}

#[server(prefix = "/srv", endpoint = "bulletin_text")]
pub async fn bulletin_text(owner: Owner, name: String, kind: String) -> Result<String, PortalError> {
    let engine = super::ssr::engine()?;
    let scope = ssr::scope(&owner, engine::authz::Action::Read).await?;
    let kind = engine::bulletin::kind(&kind)?;
    Ok(engine::bulletin::find(&engine, &scope, kind, &name).await?.body)
}

/// Creates or replaces a bulletin (change_*_bulletin with a text).
#[server(prefix = "/srv", endpoint = "save_bulletin")]
pub async fn save_bulletin(owner: Owner, name: String, kind: String, text: String) -> Result<(), PortalError> {
    change(owner, name, kind, Some(text)).await
}

/// Deletes a bulletin (change_*_bulletin without a text).
#[server(prefix = "/srv", endpoint = "delete_bulletin")]
pub async fn delete_bulletin(owner: Owner, name: String, kind: String) -> Result<(), PortalError> {
    change(owner, name, kind, None).await
}

#[cfg(feature = "ssr")]
async fn change(owner: Owner, name: String, kind: String, text: Option<String>) -> Result<(), PortalError> {
    use engine::bulletin::change::Request;
    use engine::bulletin::change::{change_company_bulletin, change_domain_bulletin, CompanyRequest, DomainRequest};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let change = Request { bulletin: name, kind, bulletin_text: text };
    match owner.kind.as_str() {
        "company" => {
            change_company_bulletin(&engine, &ctx, CompanyRequest { company: owner.name, fields: change }).await?
        }
        _ => change_domain_bulletin(&engine, &ctx, DomainRequest { domain: owner.name, fields: change }).await?,
    };
    Ok(())
}

/// The text as `recipient` would get it (or why it is not a valid bulletin).
#[server(prefix = "/srv", endpoint = "preview_bulletin")]
pub async fn preview_bulletin(owner: Owner, text: String, recipient: String) -> Result<String, PortalError> {
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let scope = ssr::scope(&owner, engine::authz::Action::Read).await?;
    Ok(engine::bulletin::preview::preview(&engine, &ctx, &scope, &text, &recipient).await?)
}

/// Sends a bulletin to `test_email` only, or (None) posts it to everyone.
#[server(prefix = "/srv", endpoint = "send_bulletin")]
pub async fn send_bulletin(
    owner: Owner,
    name: String,
    kind: String,
    test_email: Option<String>,
) -> Result<(), PortalError> {
    use engine::bulletin::post::Request;
    use engine::bulletin::post::{post_company_bulletin, post_domain_bulletin, CompanyRequest, DomainRequest};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let post = Request { bulletin: name, kind, test_email };
    match owner.kind.as_str() {
        "company" => post_company_bulletin(&engine, &ctx, CompanyRequest { company: owner.name, fields: post }).await?,
        _ => post_domain_bulletin(&engine, &ctx, DomainRequest { domain: owner.name, fields: post }).await?,
    };
    Ok(())
}
