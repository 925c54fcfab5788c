//! `get_company`: a company's attributes (every one, null when unset), what the
//! caller may change, and the metadata a UI needs (options, inherited values,
//! bulletins, creation time).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{load, passes_down, quota_maximum};
use crate::attributes::{self, apply, options};
use crate::authz::{self, Action, Billing};
use crate::brand;
use crate::bulletin::{self, Bulletins, Scope};
use crate::directory::resolve_company;
use crate::error::Result;
use crate::identity::password::Encoding;
use crate::oma::lenient;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub company: String,
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

pub async fn get_company(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let caller = &ctx.caller;
    let company = resolve_company(engine.db(), caller, &req.company, Action::Read).await?;
    let record = load(engine.db(), company.id).await?;
    let attrs = record.attrs();
    let object = company.object();
    let settable = if authz::permits(caller, Action::Change(Billing::NonBillable), &object) {
        let billable = authz::permits(caller, Action::Change(Billing::Billable), &object);
        attributes::settable(attributes::COMPANY, billable, caller.is_provider())
    } else {
        Vec::new()
    };
    let mut shown = apply::shown(attributes::COMPANY, &attrs);
    shown.insert("account".into(), Value::String(record.name.clone()));
    shown.insert("osrs_id".into(), Value::Null);

    let mut opts = Map::new();
    opts.insert("quota".into(), Value::from(vec![0, quota_maximum(&attrs)]));
    opts.insert("quota_maximum".into(), Value::from(vec![0, options::QUOTA_CEILING]));
    opts.insert("default_password_encoding".into(), encodings());
    opts.insert("timezone".into(), Value::from(options::TIMEZONES.to_vec()));
    opts.insert("language".into(), Value::from(options::LANGUAGES.to_vec()));
    opts.insert("brand".into(), Value::Array(brand::options(engine.db(), company.id).await?));
    opts.insert("spamlevel".into(), nullable(options::SPAM_LEVELS));
    opts.insert("deleted_message_retention".into(), Value::from(vec![1, options::RETENTION_DAYS_MAX]));

    // What applies where the company sets nothing: the system's values.
    let inherit: Map<String, Value> =
        attributes::COMPANY_INHERITS.iter().map(|n| ((*n).to_string(), passes_down(&Map::new(), n))).collect();
    Ok(Response {
        settable_attributes: settable.into_iter().map(String::from).collect(),
        metadata: Metadata {
            options: opts,
            inherit,
            bulletins: bulletin::listing(engine, &Scope::Company(company)).await?,
            createtime: record.created_at,
        },
        attributes: shown,
    })
}

/// `[null, "MD5", ..., "BCRYPT-12"]`.
pub fn encodings() -> Value {
    nullable(&Encoding::OMA_NAMES)
}

/// An option list with null (inherit) first.
pub fn nullable(items: &[&str]) -> Value {
    Value::Array(std::iter::once(Value::Null).chain(items.iter().map(|s| Value::from(*s))).collect())
}
