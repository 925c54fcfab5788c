//! `set_role`: give an account an admin role on an object it belongs to,
//! replacing the role it had; `role: null` or `""` removes it.

use serde::Deserialize;

use crate::authz::{self, Action};
use crate::changes::{self, Actor, Change, Kind};
use crate::directory::{find_company, find_domain, find_workgroup, missing, resolve_user, UserRef};
use crate::error::{fail, Code, Result};
use crate::identity::role::Level;
use crate::identity::{Caller, Grant, Role};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    /// Required key; null or "" removes the role.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub role: Option<String>,
    /// Company name, domain, or `domain/workgroup`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub object: Option<String>,
}

pub async fn set_role(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let caller = &ctx.caller;
    let target = resolve_user(engine.db(), caller, &req.user, Action::ManageRoles).await?;
    // Provider accounts live above companies and hold no OMA role.
    if target.domain_id.is_none() {
        return fail(Code::NotIn);
    }
    let grant = match req.role.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(role) => {
            let role = Role::parse(role).filter(|r| *r != Role::Provider).ok_or(Code::NoSuchRole)?;
            let object = req.object.as_deref().map(str::trim).filter(|o| !o.is_empty()).ok_or(Code::BadRequest)?;
            Some(resolve_grant(engine, caller, &target, role, object).await?)
        }
    };
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    sqlx::query(
        "UPDATE users SET role = $1, role_company_id = $2, role_domain_id = $3, role_workgroup_id = $4 WHERE id = $5",
    )
    .bind(grant.as_ref().map(|g| g.role.as_str()))
    .bind(grant.as_ref().and_then(|g| g.company_id))
    .bind(grant.as_ref().and_then(|g| g.domain_id))
    .bind(grant.as_ref().and_then(|g| g.workgroup_id))
    .bind(target.id)
    .execute(&mut *tx)
    .await?;
    let value = match &grant {
        Some(g) => format!("{} {}", g.role.as_str(), req.object.as_deref().unwrap_or("").trim().to_lowercase()),
        None => String::new(),
    };
    changes::record(&mut tx, &Actor::from(ctx), now, Change::attribute(Kind::User, target.id, "role", value)).await?;
    tx.commit().await?;
    engine.identities_changed();
    Ok(Done {})
}

/// Resolves the role's object and checks that the caller may grant this role on
/// it (9) and that the account belongs to it (17).
async fn resolve_grant(engine: &Engine, caller: &Caller, target: &UserRef, role: Role, object: &str) -> Result<Grant> {
    let db = engine.db();
    let (grant, object) = match role.level() {
        Level::Provider => return fail(Code::NoSuchRole),
        Level::Company => {
            let company = find_company(db, object).await?;
            let Some(company) = company else { return missing(caller) };
            let grant = Grant { role, company_id: Some(company.id), domain_id: None, workgroup_id: None };
            (grant, company.object())
        }
        Level::Domain => {
            let Some(domain) = find_domain(db, object).await? else { return missing(caller) };
            let grant =
                Grant { role, company_id: Some(domain.company_id), domain_id: Some(domain.id), workgroup_id: None };
            (grant, domain.object())
        }
        Level::Workgroup => {
            let Some((domain, workgroup)) = object.split_once('/') else { return fail(Code::BadRequest) };
            let Some(domain) = find_domain(db, domain).await? else { return missing(caller) };
            let Some(workgroup) = find_workgroup(db, &domain, workgroup).await? else {
                return match authz::permits(caller, Action::Read, &domain.object()) {
                    true => fail(Code::NoSuchObject),
                    false => fail(Code::NotPermitted),
                };
            };
            let grant = Grant {
                role,
                company_id: Some(workgroup.company_id),
                domain_id: Some(workgroup.domain_id),
                workgroup_id: Some(workgroup.id),
            };
            (grant, workgroup.object())
        }
    };
    let caller_role = caller.role().ok_or(Code::NotPermitted)?;
    if !caller_role.covers(role) || !authz::permits(caller, Action::ManageRoles, &object) {
        return fail(Code::NotPermitted);
    }
    let member = match role.level() {
        Level::Company => target.company_id == grant.company_id,
        Level::Domain => target.domain_id == grant.domain_id,
        _ => target.workgroup_id == grant.workgroup_id,
    };
    if !member {
        return fail(Code::NotIn);
    }
    Ok(grant)
}
