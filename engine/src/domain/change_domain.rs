//! `change_domain`: create a domain, or change an existing one (partial update;
//! lists replaced whole; null unsets). `create_only` refuses an existing domain
//! with error 23. The provider names the company of a new domain with the
//! `company` attribute (and may move a domain with it); everyone else creates
//! domains in their own company.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{aliases, find_live, new_domain_attrs, DomainRecord};
use crate::attributes::{self, apply};
use crate::authz::{self, Action, Billing, Object};
use crate::brand::{self, Use};
use crate::changes::{self, Actor, Change, Kind};
use crate::company;
use crate::db::Tx;
use crate::directory::{find_company, missing, names, provision};
use crate::error::{fail, Code, Error, Result};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub domain: String,
    #[serde(deserialize_with = "lenient::object")]
    pub attributes: Map<String, Value>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub create_only: Option<bool>,
}

pub async fn change_domain(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let name = names::domain(&req.domain).map_err(|why| Error::hint(Code::BadAttributes, "domain", why))?;
    let mut input = req.attributes;
    let company_attr = input.remove("company");
    match find_live(engine.db(), &name).await? {
        Some(alias) if alias.alias_of.is_some() => {
            let target = super::load(engine.db(), alias.alias_of.unwrap_or_default()).await?;
            authz::require(&ctx.caller, Action::Read, &object(&target))?;
            fail(Code::IsAlias)
        }
        Some(domain) => {
            authz::require(&ctx.caller, Action::Change(Billing::NonBillable), &object(&domain))?;
            if req.create_only == Some(true) {
                return fail(Code::AlreadyExists);
            }
            modify(engine, ctx, domain, company_attr, &input).await
        }
        None => create(engine, ctx, &name, company_attr, &input).await,
    }
}

fn object(d: &DomainRecord) -> Object {
    Object::Domain { company_id: d.company_id, domain_id: d.id }
}

async fn create(
    engine: &Engine,
    ctx: &Ctx,
    name: &str,
    company_attr: Option<Value>,
    input: &Map<String, Value>,
) -> Result<Done> {
    let caller = &ctx.caller;
    let company_id = match (caller.is_provider(), company_attr) {
        (true, Some(Value::String(c))) => match find_company(engine.db(), &c).await? {
            Some(company) => company.id,
            None => return fail(Code::NoSuchCompany),
        },
        (true, _) => {
            return Err(Error::hint(Code::BadAttributes, "company", "Required: the company of the new domain"))
        }
        (false, None) => match caller.grant.as_ref().and_then(|g| g.company_id) {
            Some(id) => id,
            None => return missing(caller),
        },
        (false, Some(_)) => {
            let own = caller.grant.as_ref().and_then(|g| g.company_id).unwrap_or(0);
            let object = Object::Domain { company_id: own, domain_id: 0 };
            authz::require(caller, Action::Create, &object)?;
            return Err(Error::hint(Code::AttributePermission, "company", "Only the provider may set this"));
        }
    };
    let object = Object::Domain { company_id, domain_id: 0 };
    authz::require(caller, Action::Create, &object)?;
    if input.contains_key("catchall") {
        return Err(Error::hint(Code::BadAttributes, "catchall", "Cannot be enabled for a new domain"));
    }
    let mut requested = attributes::validate(attributes::DOMAIN, input)?;
    let company_attrs = company::load(engine.db(), company_id).await?.attrs();
    let mut attrs = new_domain_attrs(&company_attrs);
    apply::check_rights(caller, &object, &attrs, &requested)?;
    let brand = brand::after_change(engine.db(), company_id, &mut requested, None).await?;
    let log = apply::merge(&mut attrs, &requested, authz::rank(caller));
    check_limits(&attrs, &company_attrs)?;
    let actor = Actor::from(ctx);
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let domain = provision::insert_domain(&mut tx, &actor, now, company_id, name, &attrs).await?;
    save_columns(&mut tx, domain.id, &attrs, None, brand).await?;
    if let Some(list) = attrs.get("aliases") {
        aliases::set(&mut tx, domain.id, company_id, name, &strings(list), now).await?;
    }
    record_changes(&mut tx, &actor, now, domain.id, &log).await?;
    tx.commit().await?;
    Ok(Done {})
}

async fn modify(
    engine: &Engine,
    ctx: &Ctx,
    domain: DomainRecord,
    company_attr: Option<Value>,
    input: &Map<String, Value>,
) -> Result<Done> {
    let caller = &ctx.caller;
    let object = object(&domain);
    let mut requested = attributes::validate(attributes::DOMAIN, input)?;
    let mut attrs = domain.attrs();
    apply::check_rights(caller, &object, &attrs, &requested)?;
    let new_company = match company_attr {
        None => None,
        Some(_) if !caller.is_provider() => {
            return Err(Error::hint(Code::AttributePermission, "company", "Only the provider may set this"));
        }
        Some(Value::String(c)) => match find_company(engine.db(), &c).await? {
            Some(company) if company.id == domain.company_id => None,
            Some(company) => Some(company),
            None => return fail(Code::NoSuchCompany),
        },
        Some(_) => return Err(Error::hint(Code::BadAttributes, "company", "Not a company name")),
    };
    let company_id = new_company.as_ref().map_or(domain.company_id, |c| c.id);
    let company_attrs = company::load(engine.db(), company_id).await?.attrs();
    let brand = brand::after_change(engine.db(), company_id, &mut requested, domain.brand_id).await?;
    let log = apply::merge(&mut attrs, &requested, authz::rank(caller));
    check_limits(&attrs, &company_attrs)?;
    if let Some(workgroup) = requested.iter().find(|(s, _)| s.name == "workgroup").and_then(|(_, v)| v.as_str()) {
        let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM workgroups WHERE domain_id = $1 AND name = $2")
            .bind(domain.id)
            .bind(workgroup)
            .fetch_optional(engine.db().pool())
            .await?;
        if exists.is_none() {
            return Err(Error::hint(Code::BadAttributes, "workgroup", "No such workgroup in this domain"));
        }
    }
    let actor = Actor::from(ctx);
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    save_columns(&mut tx, domain.id, &attrs, domain.brand_id, brand).await?;
    if log.iter().any(|(n, _)| *n == "workgroup") {
        sqlx::query("UPDATE workgroups SET is_default = CASE WHEN name = $1 THEN 1 ELSE 0 END WHERE domain_id = $2")
            .bind(attrs.get("workgroup").and_then(Value::as_str).unwrap_or_default())
            .bind(domain.id)
            .execute(&mut *tx)
            .await?;
    }
    // Move first: the alias rows then change within the new company.
    if let Some(company) = &new_company {
        move_to_company(&mut tx, &domain, company.id).await?;
        let msg = format!("changed company [{}]", company.name);
        changes::record(&mut tx, &actor, now, Change::new(Kind::Domain, domain.id, msg)).await?;
    }
    if log.iter().any(|(n, _)| *n == "aliases") {
        let list = attrs.get("aliases").map(strings).unwrap_or_default();
        aliases::set(&mut tx, domain.id, company_id, &domain.name, &list, now).await?;
    }
    record_changes(&mut tx, &actor, now, domain.id, &log).await?;
    tx.commit().await?;
    if new_company.is_some() || log.iter().any(|(n, _)| *n == "disabled") {
        engine.identities_changed();
    }
    Ok(Done {})
}

/// Quotas nest: quota ≤ the domain's quota_maximum ≤ the company's.
fn check_limits(attrs: &Map<String, Value>, company_attrs: &Map<String, Value>) -> Result<()> {
    let company_max = company::quota_maximum(company_attrs);
    let max = attrs.get("quota_maximum").and_then(Value::as_i64).unwrap_or(company_max);
    if max > company_max {
        return Err(Error::hint(
            Code::BadAttributes,
            "quota_maximum",
            format!("More than the company's quota_maximum ({company_max})"),
        ));
    }
    if attrs.get("quota").and_then(Value::as_i64).unwrap_or(0) > max {
        return Err(Error::hint(Code::BadAttributes, "quota", format!("More than quota_maximum ({max})")));
    }
    Ok(())
}

/// Writes the attribute map and the columns derived from it.
async fn save_columns(
    tx: &mut Tx,
    id: i64,
    attrs: &Map<String, Value>,
    old_brand: Option<i64>,
    brand: Option<i64>,
) -> Result<()> {
    sqlx::query("UPDATE domains SET attrs = $1, brand_id = $2, disabled = $3, catchall = $4 WHERE id = $5")
        .bind(Value::Object(attrs.clone()).to_string())
        .bind(brand)
        .bind(i64::from(attrs.get("disabled").and_then(Value::as_bool).unwrap_or(false)))
        .bind(attrs.get("catchall").and_then(Value::as_str))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    brand::move_use(tx, Use::Domain, old_brand, brand).await
}

/// The provider moves a domain (and its aliases and counts) to another company.
/// Company-level roles held by its accounts belonged to the old company: they go.
async fn move_to_company(tx: &mut Tx, domain: &DomainRecord, to: i64) -> Result<()> {
    let (users,): (i64,) =
        sqlx::query_as("SELECT user_count FROM domains WHERE id = $1").bind(domain.id).fetch_one(&mut **tx).await?;
    let (alias_rows,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM domains WHERE alias_of = $1").bind(domain.id).fetch_one(&mut **tx).await?;
    sqlx::query("UPDATE domains SET company_id = $1 WHERE id = $2 OR alias_of = $2")
        .bind(to)
        .bind(domain.id)
        .execute(&mut **tx)
        .await?;
    for (company, sign) in [(domain.company_id, -1i64), (to, 1)] {
        sqlx::query(
            "UPDATE companies SET domain_count = domain_count + $1, user_count = user_count + $2 WHERE id = $3",
        )
        .bind(sign)
        .bind(sign * users)
        .bind(company)
        .execute(&mut **tx)
        .await?;
        aliases::count(tx, company, sign * alias_rows).await?;
    }
    sqlx::query(
        "UPDATE users SET role = NULL, role_company_id = NULL, role_domain_id = NULL, role_workgroup_id = NULL \
         WHERE domain_id = $1 AND role IN ('company', 'company_mail', 'company_ro', 'company_token_only', 'company_view')",
    )
    .bind(domain.id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE users SET role_company_id = $1 WHERE domain_id = $2 AND role IS NOT NULL")
        .bind(to)
        .bind(domain.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn record_changes(
    tx: &mut Tx,
    actor: &Actor,
    now: i64,
    id: i64,
    log: &[(&'static str, String)],
) -> Result<()> {
    for (name, text) in log {
        changes::record(tx, actor, now, Change::attribute(Kind::Domain, id, name, text.clone())).await?;
    }
    Ok(())
}

fn strings(list: &Value) -> Vec<String> {
    list.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default()
}
