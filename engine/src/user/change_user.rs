//! `change_user`: create an account, or change an existing one (partial update;
//! lists replaced whole; null unsets). `create_only` refuses an existing
//! account with error 23; an alias address answers error 3. Bad attributes are
//! all reported at once (error 6 with hints) and nothing is applied.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{aliases, count, count_column, delivery, find_account, new_user_attrs, status_of, Tally, UserRecord};
use crate::attributes::{self, apply, Change as AttrChange};
use crate::authz::{self, Action, Billing, Object};
use crate::brand::{self, Use};
use crate::changes::{self, Actor, Change, Kind};
use crate::company;
use crate::db::Tx;
use crate::directory::{find_domain, find_workgroup, names, DomainRef, WorkgroupRef};
use crate::domain;
use crate::error::{fail, Code, Error, Hints, Result};
use crate::identity::password::{self, Encoding, PasswordInput};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    #[serde(deserialize_with = "lenient::object")]
    pub attributes: Map<String, Value>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub create_only: Option<bool>,
}

pub async fn change_user(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    let (local, domain_name) =
        names::mailbox(&req.user).map_err(|why| Error::hint(Code::BadAttributes, "user", why))?;
    let name = format!("{local}@{domain_name}");
    match find_account(engine.db(), &ctx.caller, &name).await? {
        Some(user) => {
            authz::require(&ctx.caller, Action::Change(Billing::NonBillable), &user.object())?;
            if req.create_only == Some(true) {
                return fail(Code::AlreadyExists);
            }
            modify(engine, ctx, user, &req.attributes).await
        }
        None => create(engine, ctx, &local, &domain_name, &req.attributes).await,
    }
}

/// The domain, company and workgroup an account lives in, with their attributes.
pub(super) struct Home {
    pub domain: DomainRef,
    domain_attrs: Map<String, Value>,
    company_attrs: Map<String, Value>,
}

impl Home {
    pub async fn load(engine: &Engine, domain: DomainRef) -> Result<Home> {
        let domain_attrs = domain::load(engine.db(), domain.id).await?.attrs();
        let company_attrs = company::load(engine.db(), domain.company_id).await?.attrs();
        Ok(Home { domain, domain_attrs, company_attrs })
    }

    /// The domain of a new account, which the caller must be able to read.
    pub async fn of_new(engine: &Engine, ctx: &Ctx, domain_name: &str) -> Result<Home> {
        let Some(domain) = find_domain(engine.db(), domain_name).await? else { return fail(Code::NoSuchDomain) };
        authz::require(&ctx.caller, Action::Read, &domain.object())?;
        Home::load(engine, domain).await
    }

    fn ids(&self, workgroup_id: Option<i64>) -> (i64, i64, Option<i64>) {
        (self.domain.company_id, self.domain.id, workgroup_id)
    }

    /// The encoding plain passwords get here: the domain's, else the company's, else BCRYPT-10.
    fn encoding(&self) -> Encoding {
        let name = domain::effective(&self.domain_attrs, &self.company_attrs, "default_password_encoding");
        name.as_str().and_then(Encoding::from_oma).unwrap_or(Encoding::DEFAULT)
    }
}

async fn create(
    engine: &Engine,
    ctx: &Ctx,
    local: &str,
    domain_name: &str,
    input: &Map<String, Value>,
) -> Result<Done> {
    let home = Home::of_new(engine, ctx, domain_name).await?;
    let new = prepare(engine, ctx, &home, local, input, Hashing::Hash).await?;
    let mut tx = engine.db().begin_write().await?;
    let mut tally = Tally::default();
    insert(&mut tx, &mut tally, &home, &new, &Actor::from(ctx), engine.clock().now()).await?;
    tally.flush(&mut tx).await?;
    tx.commit().await?;
    if new.kind != "alias" {
        crate::mailstore::created(engine, vec![new.name.clone()]).await;
        crate::bulletin::worker::kick(engine);
    }
    Ok(Done {})
}

/// Whether `prepare` hashes plain passwords (a dry run only checks them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hashing {
    Hash,
    CheckOnly,
}

/// A new account, checked, with its password hashed: what is left is to write it.
pub(super) struct Prepared {
    name: String,
    workgroup: WorkgroupRef,
    attrs: Map<String, Value>,
    kind: String,
    password: Option<String>,
    brand: Option<i64>,
    log: Vec<(&'static str, String)>,
}

impl Prepared {
    /// The new account's address.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether creating it also writes alias rows (which can fail after the account went in).
    pub fn has_aliases(&self) -> bool {
        self.attrs.get("aliases").and_then(Value::as_array).is_some_and(|a| !a.is_empty())
    }
}

/// Everything about a new account that needs no write: rights, attribute
/// checks, the workgroup, the brand, the password hash.
pub(super) async fn prepare(
    engine: &Engine,
    ctx: &Ctx,
    home: &Home,
    local: &str,
    input: &Map<String, Value>,
    hashing: Hashing,
) -> Result<Prepared> {
    let caller = &ctx.caller;
    let mut requested = attributes::validate(attributes::USER, input)?;
    let mut attrs = new_user_attrs(&home.domain_attrs, local);
    let wanted_workgroup = requested
        .iter()
        .find(|(s, _)| s.name == "workgroup")
        .and_then(|(_, v)| v.as_str())
        .or_else(|| attrs.get("workgroup").and_then(Value::as_str))
        .unwrap_or(crate::directory::provision::DEFAULT_WORKGROUP)
        .to_string();
    let workgroup = workgroup_in(engine, &home.domain, &wanted_workgroup).await?;
    let object = Object::User {
        user_id: 0,
        company_id: Some(home.domain.company_id),
        domain_id: Some(home.domain.id),
        workgroup_id: Some(workgroup.id),
        role: None,
    };
    authz::require(caller, Action::Create, &object)?;
    apply::check_rights(caller, &object, &attrs, &requested)?;
    let brand = brand::after_change(engine.db(), home.domain.company_id, &mut requested, None).await?;
    let log = apply::merge(&mut attrs, &requested, authz::rank(caller));
    check_quota(&attrs, home)?;
    let kind = take_type(&mut attrs);
    delivery::normalize(&kind, &mut attrs);
    let password = match (attrs.remove("password"), hashing) {
        (Some(Value::String(p)), Hashing::Hash) => Some(stored_password(engine, &p, home.encoding()).await?),
        (Some(Value::String(p)), Hashing::CheckOnly) => {
            password::classify(&p).map_err(|why| Error::hint(Code::BadAttributes, "password", why))?;
            // Never written: a dry run rolls back.
            Some(String::from("{DRY-RUN}"))
        }
        _ => None,
    };
    let name = format!("{local}@{}", home.domain.name);
    Ok(Prepared { name, workgroup, attrs, kind, password, brand, log })
}

/// Writes a prepared account: error 15 when the domain is full, 23 when the
/// address is an account already, 7 when it is an alias.
/// Its counts go to `tally`, written by the caller before commit.
pub(super) async fn insert(
    tx: &mut Tx,
    tally: &mut Tally,
    home: &Home,
    new: &Prepared,
    actor: &Actor,
    now: i64,
) -> Result<i64> {
    let (accounts, limit) = tally.domain_use(tx, home.domain.id).await?;
    if limit.is_some_and(|l| accounts >= l) {
        return fail(Code::DomainUsersFull);
    }
    // One statement with every column: a follow-up UPDATE would rewrite the
    // row's entries in most of the users indexes a second time.
    let (forward_first, forward_count) = delivery::forward_summary(&new.attrs);
    // A live name already taken writes nothing (the unique index of live names).
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO users (name, domain_id, workgroup_id, workgroup_name, password, full_name, kind, created_at, \
         attrs, status, forward_first, forward_count, target_name, brand_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (name) WHERE deleted_at IS NULL DO NOTHING RETURNING id",
    )
    .bind(&new.name)
    .bind(home.domain.id)
    .bind(new.workgroup.id)
    .bind(&new.workgroup.name)
    .bind(&new.password)
    .bind(new.attrs.get("name").and_then(Value::as_str))
    .bind(&new.kind)
    .bind(now)
    .bind(Value::Object(new.attrs.clone()).to_string())
    .bind(status_of(&new.attrs))
    .bind(&forward_first)
    .bind(forward_count)
    .bind(forward_first.as_deref().unwrap_or(""))
    .bind(new.brand)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((id,)) = inserted else {
        let (kind,): (String,) = sqlx::query_as("SELECT kind FROM users WHERE name = $1 AND deleted_at IS NULL")
            .bind(&new.name)
            .fetch_one(&mut **tx)
            .await?;
        return fail(if kind == "alias" { Code::NameTaken } else { Code::AlreadyExists });
    };
    brand::move_use(tx, Use::User, None, new.brand).await?;
    if let Some(list) = new.attrs.get("aliases") {
        aliases::set(tx, id, home.domain.company_id, &new.name, &strings(list), now).await?;
    }
    changes::record(tx, actor, now, Change::new(Kind::User, id, format!("created {}", new.name))).await?;
    if new.kind == "mailbox" {
        crate::bulletin::worker::queue_auto(tx, id, home.domain.company_id, home.domain.id, now).await?;
    }
    record(tx, actor, now, id, &new.log).await?;
    tally.add(home.ids(Some(new.workgroup.id)), count_column(&new.kind), 1);
    Ok(id)
}

async fn modify(engine: &Engine, ctx: &Ctx, user: UserRecord, input: &Map<String, Value>) -> Result<Done> {
    let caller = &ctx.caller;
    let object = user.object();
    let mut requested = attributes::validate(attributes::USER, input)?;
    if !authz::permits_by_role(caller, Action::Change(Billing::NonBillable), &object) {
        owner_only(&requested)?;
    }
    let mut attrs = user.attrs();
    apply::check_rights(caller, &object, &attrs, &requested)?;
    let Some(domain) = crate::directory::domain_by_id(engine.db(), user.domain_id.unwrap_or(0)).await? else {
        // Provider admins have no domain and no mailbox settings.
        return Err(Error::hint(Code::BadAttributes, "user", "Not a mailbox account"));
    };
    let home = Home::load(engine, domain).await?;
    let brand = brand::after_change(engine.db(), home.domain.company_id, &mut requested, user.brand_id).await?;
    attrs.insert("type".into(), Value::String(user.kind.clone()));
    let log = apply::merge(&mut attrs, &requested, authz::rank(caller));
    check_quota(&attrs, &home)?;
    let kind = take_type(&mut attrs);
    delivery::normalize(&kind, &mut attrs);
    let new_workgroup = match log.iter().any(|(n, _)| *n == "workgroup") {
        true => Some(
            workgroup_in(engine, &home.domain, attrs.get("workgroup").and_then(Value::as_str).unwrap_or("")).await?,
        ),
        false => None,
    };
    let password = match attrs.remove("password") {
        Some(Value::String(p)) => Some(stored_password(engine, &p, home.encoding()).await?),
        _ => None,
    };
    let now = engine.clock().now();
    let actor = Actor::from(ctx);
    let mut tx = engine.db().begin_write().await?;
    if kind != user.kind || new_workgroup.is_some() {
        let to = new_workgroup.as_ref().map(|w| w.id).or(user.workgroup_id);
        count(&mut tx, home.ids(user.workgroup_id), count_column(&user.kind), -1, true).await?;
        count(&mut tx, home.ids(to), count_column(&kind), 1, true).await?;
        let to_name = new_workgroup.as_ref().map(|w| w.name.clone());
        sqlx::query("UPDATE users SET kind = $1, workgroup_id = $2, workgroup_name = COALESCE($3, workgroup_name) WHERE id = $4")
            .bind(&kind)
            .bind(to)
            .bind(to_name)
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(stored) = &password {
        sqlx::query("UPDATE users SET password = $1 WHERE id = $2")
            .bind(stored)
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE users SET full_name = $1 WHERE id = $2")
        .bind(attrs.get("name").and_then(Value::as_str))
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    save(&mut tx, user.id, &attrs, user.brand_id, brand).await?;
    if log.iter().any(|(n, _)| *n == "aliases") {
        let list = attrs.get("aliases").map(strings).unwrap_or_default();
        aliases::set(&mut tx, user.id, home.domain.company_id, &user.name, &list, now).await?;
    }
    record(&mut tx, &actor, now, user.id, &log).await?;
    tx.commit().await?;
    if password.is_some() || log.iter().any(|(n, _)| n.starts_with("service_")) {
        // Remembered logins must not outlive the old password or a suspension.
        engine.identities_changed();
    }
    Ok(Done {})
}

/// A mailbox owner changing its own account: only what owners may set.
fn owner_only(requested: &[AttrChange]) -> Result<()> {
    let hints: Hints = requested
        .iter()
        .filter(|(s, _)| !attributes::SELF_SERVICE.contains(&s.name))
        .map(|(s, _)| (s.name.to_string(), "Mailbox owners may not change this".to_string()))
        .collect();
    if hints.is_empty() {
        Ok(())
    } else {
        Err(Error::with_hints(Code::AttributePermission, hints))
    }
}

async fn workgroup_in(engine: &Engine, domain: &DomainRef, name: &str) -> Result<WorkgroupRef> {
    find_workgroup(engine.db(), domain, name)
        .await?
        .ok_or_else(|| Error::hint(Code::BadAttributes, "workgroup", "No such workgroup in this domain"))
}

/// `type` lives in its own column; `mailbox` when never set.
fn take_type(attrs: &mut Map<String, Value>) -> String {
    attrs.remove("type").and_then(|v| v.as_str().map(String::from)).unwrap_or_else(|| "mailbox".into())
}

/// A user's quota stays within its domain's quota_maximum.
fn check_quota(attrs: &Map<String, Value>, home: &Home) -> Result<()> {
    let max = home
        .domain_attrs
        .get("quota_maximum")
        .and_then(Value::as_i64)
        .unwrap_or_else(|| company::quota_maximum(&home.company_attrs));
    if attrs.get("quota").and_then(Value::as_i64).unwrap_or(0) > max {
        return Err(Error::hint(Code::BadAttributes, "quota", format!("More than the domain's quota_maximum ({max})")));
    }
    Ok(())
}

async fn stored_password(engine: &Engine, input: &str, encoding: Encoding) -> Result<String> {
    match password::classify(input) {
        Ok(PasswordInput::Hashed) => Ok(input.to_string()),
        Ok(PasswordInput::Plain) => engine.hash_password(input, encoding).await,
        Err(why) => Err(Error::hint(Code::BadAttributes, "password", why)),
    }
}

/// Writes the attribute map and the columns derived from it.
async fn save(
    tx: &mut Tx,
    id: i64,
    attrs: &Map<String, Value>,
    old_brand: Option<i64>,
    brand: Option<i64>,
) -> Result<()> {
    let (forward_first, forward_count) = delivery::forward_summary(attrs);
    sqlx::query(
        "UPDATE users SET attrs = $1, status = $2, forward_first = $3, forward_count = $4, brand_id = $5, \
         target_name = $6 WHERE id = $7",
    )
    .bind(Value::Object(attrs.clone()).to_string())
    .bind(status_of(attrs))
    .bind(&forward_first)
    .bind(forward_count)
    .bind(brand)
    .bind(forward_first.as_deref().unwrap_or(""))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    brand::move_use(tx, Use::User, old_brand, brand).await
}

async fn record(tx: &mut Tx, actor: &Actor, now: i64, id: i64, log: &[(&'static str, String)]) -> Result<()> {
    for (name, text) in log {
        // The change log never holds a password, hashed or not.
        let text = if *name == "password" { String::new() } else { text.clone() };
        changes::record(tx, actor, now, Change::attribute(Kind::User, id, name, text)).await?;
    }
    Ok(())
}

fn strings(list: &Value) -> Vec<String> {
    list.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default()
}
