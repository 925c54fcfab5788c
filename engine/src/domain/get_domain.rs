//! `get_domain`: a domain's attributes (every one, null when unset), what the
//! caller may change, and metadata (options, inherited values, bulletins,
//! creation time). For a domain that does not exist but that the caller could
//! create: error 2 with `settable_attributes` and `metadata.options/defaults`,
//! so a UI can draw the creation form.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{find_live, inherited, new_domain_attrs, DomainRecord};
use crate::attributes::{self, apply, options};
use crate::authz::{self, Action, Billing, Object};
use crate::brand;
use crate::bulletin::{self, Bulletins, Scope};
use crate::company::get_company::{encodings, nullable};
use crate::company::{self, quota_maximum};
use crate::directory::{company_by_id, missing, names, DomainRef};
use crate::error::{fail, Code, Error, Result};
use crate::identity::Caller;
use crate::oma::lenient;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub domain: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub settable_attributes: Vec<String>,
    pub metadata: Metadata,
    pub attributes: Map<String, Value>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Metadata {
    pub options: Map<String, Value>,
    pub inherit: Map<String, Value>,
    pub bulletins: Bulletins,
    pub createtime: i64,
}

pub async fn get_domain(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let caller = &ctx.caller;
    let name = names::domain(&req.domain).map_err(|why| Error::hint(Code::BadAttributes, "domain", why))?;
    let domain = match find_live(engine.db(), &name).await? {
        Some(alias) if alias.alias_of.is_some() => {
            let target = super::load(engine.db(), alias.alias_of.unwrap_or_default()).await?;
            authz::require(caller, Action::Read, &object(&target))?;
            return fail(Code::IsAlias);
        }
        Some(domain) => domain,
        None => return Err(creatable(engine, ctx).await?),
    };
    let object = object(&domain);
    authz::require(caller, Action::Read, &object)?;
    let attrs = domain.attrs();
    let company_attrs = company::load(engine.db(), domain.company_id).await?.attrs();
    let mut shown = apply::shown(attributes::DOMAIN, &attrs);
    let company_name = company_by_id(engine.db(), domain.company_id).await?.map(|c| c.name);
    shown.insert("account".into(), Value::String(domain.name.clone()));
    shown.insert("company".into(), company_name.map(Value::String).unwrap_or(Value::Null));
    shown.insert("password".into(), Value::Null);
    let scope = Scope::Domain(DomainRef { id: domain.id, company_id: domain.company_id, name: domain.name.clone() });
    let inherit =
        attributes::DOMAIN_INHERITS.iter().map(|n| ((*n).to_string(), inherited(&company_attrs, n))).collect();
    Ok(Response {
        settable_attributes: settable(caller, &object),
        metadata: Metadata {
            options: domain_options(engine, &domain, &attrs, &company_attrs).await?,
            inherit,
            bulletins: bulletin::listing(engine, &scope).await?,
            createtime: domain.created_at,
        },
        attributes: shown,
    })
}

fn object(d: &DomainRecord) -> Object {
    Object::Domain { company_id: d.company_id, domain_id: d.id }
}

fn settable(caller: &Caller, object: &Object) -> Vec<String> {
    if !authz::permits(caller, Action::Change(Billing::NonBillable), object) {
        return Vec::new();
    }
    let billable = authz::permits(caller, Action::Change(Billing::Billable), object);
    attributes::settable(attributes::DOMAIN, billable, caller.is_provider()).into_iter().map(String::from).collect()
}

async fn domain_options(
    engine: &Engine,
    domain: &DomainRecord,
    attrs: &Map<String, Value>,
    company_attrs: &Map<String, Value>,
) -> Result<Map<String, Value>> {
    let workgroups: Vec<(String,)> = sqlx::query_as("SELECT name FROM workgroups WHERE domain_id = $1 ORDER BY name")
        .bind(domain.id)
        .fetch_all(engine.db().pool())
        .await?;
    let mut opts = common_options(engine, domain.company_id, attrs, company_attrs).await?;
    opts.insert("workgroup".into(), Value::from(workgroups.into_iter().map(|(w,)| w).collect::<Vec<_>>()));
    Ok(opts)
}

async fn common_options(
    engine: &Engine,
    company_id: i64,
    attrs: &Map<String, Value>,
    company_attrs: &Map<String, Value>,
) -> Result<Map<String, Value>> {
    let company_max = quota_maximum(company_attrs);
    let max = attrs.get("quota_maximum").and_then(Value::as_i64).unwrap_or(company_max);
    let mut opts = Map::new();
    opts.insert("quota".into(), Value::from(vec![0, max]));
    opts.insert("quota_maximum".into(), Value::from(vec![0, company_max]));
    opts.insert("default_password_encoding".into(), encodings());
    opts.insert("timezone".into(), Value::from(options::TIMEZONES.to_vec()));
    opts.insert("language".into(), Value::from(options::LANGUAGES.to_vec()));
    opts.insert("brand".into(), Value::Array(brand::options(engine.db(), company_id).await?));
    opts.insert("spamlevel".into(), nullable(options::SPAM_LEVELS));
    opts.insert("deleted_message_retention".into(), Value::from(vec![1, options::RETENTION_DAYS_MAX]));
    Ok(opts)
}

/// The answer for a missing domain: the creation form's data for a caller who
/// could create it in its company (the provider: with system defaults), a
/// plain refusal otherwise.
async fn creatable(engine: &Engine, ctx: &Ctx) -> Result<Error> {
    let caller = &ctx.caller;
    let company_id = caller.grant.as_ref().and_then(|g| g.company_id);
    let can_create = match company_id {
        Some(id) => authz::permits(caller, Action::Create, &Object::Domain { company_id: id, domain_id: 0 }),
        None => caller.is_provider(),
    };
    if !can_create {
        return Ok(missing::<()>(caller).err().unwrap_or_else(|| Code::NotPermitted.into()));
    }
    let company_attrs = match company_id {
        Some(id) => company::load(engine.db(), id).await?.attrs(),
        None => attributes::company_defaults(),
    };
    let defaults = new_domain_attrs(&company_attrs);
    let mut opts = common_options(engine, company_id.unwrap_or(0), &defaults, &company_attrs).await?;
    opts.insert("workgroup".into(), Value::Array(Vec::new()));
    let mut metadata = Map::new();
    metadata.insert("options".into(), Value::Object(opts));
    metadata.insert("defaults".into(), Value::Object(defaults));
    let mut extra = Map::new();
    let settable = attributes::settable(attributes::DOMAIN, true, caller.is_provider());
    extra.insert("settable_attributes".into(), Value::from(settable));
    extra.insert("metadata".into(), Value::Object(metadata));
    Ok(Error::with_extra(Code::NoSuchObject, extra))
}
