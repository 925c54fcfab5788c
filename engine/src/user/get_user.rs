//! `get_user`: an account's attributes (every one, null when unset; the
//! password masked), what the caller may change, and metadata. For an account
//! that does not exist but that the caller could create: error 2 with
//! `settable_attributes` and `metadata.options/inherit/defaults`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{aliases, effective, find_account, new_user_attrs, quota_bytes, UserRecord};
use crate::admin::roles::roles_of;
use crate::attributes::{self, apply, options};
use crate::authz::{self, Action, Billing, Object};
use crate::brand;
use crate::company::get_company::nullable;
use crate::company::{self, quota_maximum};
use crate::directory::{find_domain, missing, names, DomainRef};
use crate::domain;
use crate::error::{Code, Error, Result};
use crate::identity::{Caller, Grant, Role};
use crate::oma::lenient;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub settable_attributes: Vec<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub metadata: Map<String, Value>,
    pub attributes: Map<String, Value>,
}

/// Share of the quota past which the portal warns (Postroom's addition).
pub const QUOTA_WARNING_PERCENT: i64 = 90;

pub async fn get_user(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let caller = &ctx.caller;
    let (local, domain_name) =
        names::mailbox(&req.user).map_err(|why| Error::hint(Code::BadAttributes, "user", why))?;
    let user = match find_account(engine.db(), caller, &format!("{local}@{domain_name}")).await? {
        Some(user) => user,
        None => return Err(creatable(engine, caller, &local, &domain_name).await?),
    };
    let object = user.object();
    authz::require(caller, Action::Read, &object)?;
    let domain = domain::load(engine.db(), user.domain_id.unwrap_or(0)).await?;
    let domain_attrs = domain.attrs();
    let company_attrs = company::load(engine.db(), domain.company_id).await?.attrs();
    let attrs = user.attrs();
    let mut shown = apply::shown(attributes::USER, &attrs);
    shown.remove("type");
    shown.insert("account".into(), Value::String(user.name.clone()));
    shown.insert("aliases".into(), Value::from(aliases::of(engine.db(), user.id).await?));
    shown.insert("password".into(), if user.password.is_some() { Value::from("*****") } else { Value::Null });
    let inherit: Map<String, Value> = attributes::USER_INHERITS
        .iter()
        .map(|n| ((*n).to_string(), domain::effective(&domain_attrs, &company_attrs, n)))
        .collect();
    let spam = effective(&attrs, &domain_attrs, &company_attrs, "spamfolder");
    let smtp_max = effective(&attrs, &domain_attrs, &company_attrs, "smtp_sent_limit").as_i64().unwrap_or(0);
    let mut metadata = Map::new();
    let dref = DomainRef { id: domain.id, company_id: domain.company_id, name: domain.name.clone() };
    metadata.insert("options".into(), Value::Object(user_options(engine, &dref, &domain_attrs, &company_attrs).await?));
    metadata.insert("inherit".into(), Value::Object(inherit));
    metadata.insert("createtime".into(), Value::from(user.created_at));
    metadata
        .insert("roles".into(), Value::Object(roles_of(engine.db(), grant_of(engine, &user).await?.as_ref()).await?));
    metadata.insert("status".into(), Value::from(user.status.clone()));
    let (folders, bytes_used, messages_used) = crate::mailstore::summary(engine, user.id, &user.name).await;
    metadata.insert(
        "quota".into(),
        json!({"bytes_max": quota_bytes(&attrs), "bytes_used": bytes_used, "messages_max": 0,
               "messages_used": messages_used, "warning_percent": QUOTA_WARNING_PERCENT}),
    );
    metadata.insert("lastlogin".into(), user.last_login.map(Value::from).unwrap_or(Value::Null));
    metadata.insert("folders".into(), json!(folders));
    metadata.insert("special_folders".into(), json!({ "spam": spam }));
    metadata.insert("addressbook".into(), json!({"contacts": 0, "deleted_contacts": 0, "groups": 0, "max": attrs.get("max_pab_entries").cloned().unwrap_or(Value::from(500)), "total": 0}));
    metadata.insert("smtp_limit".into(), smtp_limit(smtp_max));
    Ok(Response {
        settable_attributes: settable(caller, &object),
        kind: user.kind.clone(),
        metadata,
        attributes: shown,
    })
}

async fn grant_of(engine: &Engine, user: &UserRecord) -> Result<Option<Grant>> {
    let row: (Option<String>, Option<i64>, Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT role, role_company_id, role_domain_id, role_workgroup_id FROM users WHERE id = $1")
            .bind(user.id)
            .fetch_one(engine.db().pool())
            .await?;
    Ok(row.0.as_deref().and_then(Role::parse).map(|role| Grant {
        role,
        company_id: row.1,
        domain_id: row.2,
        workgroup_id: row.3,
    }))
}

/// Nothing has been sent yet (sending is counted once the relay reports it):
/// every recipient count up to the limit may be sent to now, larger ones never.
fn smtp_limit(max: i64) -> Value {
    let when: Map<String, Value> = [1, 10, 25, 50, 100, 250, 500]
        .iter()
        .map(|n| (n.to_string(), Value::from(if *n <= max { 0 } else { -1 })))
        .collect();
    json!({"free_passes": 0, "free_passes_remaining": 0, "max": max, "sent": 0, "when": when})
}

fn settable(caller: &Caller, object: &Object) -> Vec<String> {
    if !authz::permits(caller, Action::Change(Billing::NonBillable), object) {
        return Vec::new();
    }
    if !authz::permits_by_role(caller, Action::Change(Billing::NonBillable), object) {
        return attributes::SELF_SERVICE.iter().map(|s| (*s).to_string()).collect();
    }
    let billable = authz::permits(caller, Action::Change(Billing::Billable), object);
    attributes::settable(attributes::USER, billable, caller.is_provider()).into_iter().map(String::from).collect()
}

async fn user_options(
    engine: &Engine,
    domain: &DomainRef,
    domain_attrs: &Map<String, Value>,
    company_attrs: &Map<String, Value>,
) -> Result<Map<String, Value>> {
    let workgroups: Vec<(String,)> = sqlx::query_as("SELECT name FROM workgroups WHERE domain_id = $1 ORDER BY name")
        .bind(domain.id)
        .fetch_all(engine.db().pool())
        .await?;
    let max = domain_attrs.get("quota_maximum").and_then(Value::as_i64).unwrap_or_else(|| quota_maximum(company_attrs));
    let mut opts = Map::new();
    opts.insert("quota".into(), Value::from(vec![0, max]));
    opts.insert("timezone".into(), Value::from(options::TIMEZONES.to_vec()));
    opts.insert("language".into(), Value::from(options::LANGUAGES.to_vec()));
    opts.insert("brand".into(), Value::Array(brand::options(engine.db(), domain.company_id).await?));
    opts.insert("spamlevel".into(), nullable(options::SPAM_LEVELS));
    opts.insert("filterdelivery".into(), nullable(options::FILTER_DELIVERY));
    opts.insert("type".into(), Value::from(options::USER_TYPES.to_vec()));
    opts.insert("workgroup".into(), Value::from(workgroups.into_iter().map(|(w,)| w).collect::<Vec<_>>()));
    Ok(opts)
}

/// The answer for a missing account: the creation form's data for a caller
/// who could create it in that domain, a plain refusal otherwise.
async fn creatable(engine: &Engine, caller: &Caller, local: &str, domain_name: &str) -> Result<Error> {
    let Some(domain) = find_domain(engine.db(), domain_name).await? else {
        return Ok(missing::<()>(caller).err().unwrap_or_else(|| Code::NotPermitted.into()));
    };
    let domain_object = Object::Domain { company_id: domain.company_id, domain_id: domain.id };
    if !authz::permits(caller, Action::Read, &domain_object) {
        return Ok(Code::NotPermitted.into());
    }
    let domain_attrs = domain::load(engine.db(), domain.id).await?.attrs();
    let company_attrs = company::load(engine.db(), domain.company_id).await?.attrs();
    let mut defaults = new_user_attrs(&domain_attrs, local);
    defaults.insert("type".into(), Value::from("mailbox"));
    let workgroup = defaults.get("workgroup").and_then(Value::as_str).unwrap_or_default().to_string();
    let wg_id = crate::directory::find_workgroup(engine.db(), &domain, &workgroup).await?.map(|w| w.id);
    let object = Object::User {
        user_id: 0,
        company_id: Some(domain.company_id),
        domain_id: Some(domain.id),
        workgroup_id: wg_id,
        role: None,
    };
    // A workgroup admin may create only in its own workgroups: it still sees the form.
    let may_create = authz::permits(caller, Action::Create, &object)
        || caller.grant.as_ref().is_some_and(|g| g.role == Role::Workgroup && g.domain_id == Some(domain.id));
    if !may_create {
        return Ok(Code::NoSuchObject.into());
    }
    let inherit: Map<String, Value> = attributes::USER_INHERITS
        .iter()
        .map(|n| ((*n).to_string(), domain::effective(&domain_attrs, &company_attrs, n)))
        .collect();
    let mut metadata = Map::new();
    metadata
        .insert("options".into(), Value::Object(user_options(engine, &domain, &domain_attrs, &company_attrs).await?));
    metadata.insert("inherit".into(), Value::Object(inherit));
    metadata.insert("defaults".into(), Value::Object(defaults));
    let mut extra = Map::new();
    let billable = authz::permits(caller, Action::Change(Billing::Billable), &object);
    let settable = attributes::settable(attributes::USER, billable, caller.is_provider());
    extra.insert("settable_attributes".into(), Value::from(settable));
    extra.insert("metadata".into(), Value::Object(metadata));
    Ok(Error::with_extra(Code::NoSuchObject, extra))
}
