//! Creating the objects that hold accounts: companies, domains, workgroups,
//! mailboxes and provider admins, each with its change-log entry.
//!
//! These are the cores the OMA methods build on (change_company creates
//! companies through here); the demo seeder and tests use them directly for the
//! objects whose full OMA methods come later (change_domain, change_user).

use super::{names, CompanyRef, DomainRef, UserRef, WorkgroupRef};
use crate::changes::{self, Actor, Change, Kind};
use crate::db::Tx;
use crate::error::{fail, Code, Error, Result};
use crate::identity::password::{self, Encoding, PasswordInput};
use crate::Engine;

/// The workgroup every new domain starts with.
pub const DEFAULT_WORKGROUP: &str = "staff";

/// Creates a company with the default attributes. Error 6 for a bad name, 7 if it exists.
pub async fn create_company(engine: &Engine, actor: &Actor, name: &str) -> Result<CompanyRef> {
    let mut tx = engine.db().begin_write().await?;
    let company = insert_company(&mut tx, actor, engine.clock().now(), name).await?;
    sqlx::query("UPDATE companies SET attrs = $1 WHERE id = $2")
        .bind(serde_json::Value::Object(crate::attributes::company_defaults()).to_string())
        .bind(company.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(company)
}

/// The company row and its `created` log entry, inside the caller's transaction
/// (which sets the attributes).
pub async fn insert_company(tx: &mut Tx, actor: &Actor, now: i64, name: &str) -> Result<CompanyRef> {
    let name = names::company(name).map_err(|why| Error::hint(Code::BadAttributes, "company", why))?;
    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM companies WHERE name_key = $1")
        .bind(name.to_lowercase())
        .fetch_optional(&mut **tx)
        .await?;
    if exists.is_some() {
        return fail(Code::NameTaken);
    }
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO companies (name, name_key, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(&name)
            .bind(name.to_lowercase())
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
    changes::record(tx, actor, now, Change::new(Kind::Company, id, format!("created {name}"))).await?;
    Ok(CompanyRef { id, name })
}

/// Creates a domain in a company with the company's defaults and its default
/// workgroup.
pub async fn create_domain(engine: &Engine, actor: &Actor, company: &CompanyRef, name: &str) -> Result<DomainRef> {
    let name = names::domain(name).map_err(|why| Error::hint(Code::BadAttributes, "domain", why))?;
    let company_attrs = crate::company::load(engine.db(), company.id).await?.attrs();
    let mut tx = engine.db().begin_write().await?;
    let attrs = crate::domain::new_domain_attrs(&company_attrs);
    let domain = insert_domain(&mut tx, actor, engine.clock().now(), company.id, &name, &attrs).await?;
    tx.commit().await?;
    Ok(domain)
}

/// The domain row, its default workgroup (`attrs.workgroup`) and its `created`
/// log entry, inside the caller's transaction. Error 7 if the name is taken by
/// a live domain or alias.
pub async fn insert_domain(
    tx: &mut Tx,
    actor: &Actor,
    now: i64,
    company_id: i64,
    name: &str,
    attrs: &serde_json::Map<String, serde_json::Value>,
) -> Result<DomainRef> {
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM domains WHERE name = $1 AND deleted_at IS NULL")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return fail(Code::NameTaken);
    }
    let disabled = attrs.get("disabled").and_then(serde_json::Value::as_bool).unwrap_or(false);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO domains (company_id, name, attrs, disabled, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(company_id)
    .bind(name)
    .bind(serde_json::Value::Object(attrs.clone()).to_string())
    .bind(i64::from(disabled))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE companies SET domain_count = domain_count + 1 WHERE id = $1")
        .bind(company_id)
        .execute(&mut **tx)
        .await?;
    let workgroup = attrs.get("workgroup").and_then(serde_json::Value::as_str).unwrap_or(DEFAULT_WORKGROUP);
    sqlx::query("INSERT INTO workgroups (domain_id, name, is_default, created_at) VALUES ($1, $2, 1, $3)")
        .bind(id)
        .bind(workgroup)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    changes::record(tx, actor, now, Change::new(Kind::Domain, id, format!("created {name}"))).await?;
    Ok(DomainRef { id, company_id, name: name.to_string() })
}

/// Creates a workgroup in a domain. Error 7 if it exists.
pub async fn create_workgroup(engine: &Engine, actor: &Actor, domain: &DomainRef, name: &str) -> Result<WorkgroupRef> {
    let name = names::workgroup(name).map_err(|why| Error::hint(Code::BadAttributes, "workgroup", why))?;
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM workgroups WHERE domain_id = $1 AND name = $2")
        .bind(domain.id)
        .bind(&name)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return fail(Code::NameTaken);
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO workgroups (domain_id, name, is_default, created_at) VALUES ($1, $2, 0, $3) RETURNING id",
    )
    .bind(domain.id)
    .bind(&name)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    changes::record(&mut tx, actor, now, Change::new(Kind::Domain, domain.id, format!("created workgroup {name}")))
        .await?;
    tx.commit().await?;
    Ok(WorkgroupRef { id, domain_id: domain.id, company_id: domain.company_id, name })
}

/// A mailbox to create.
pub struct NewMailbox<'a> {
    /// `local@domain`; the domain must exist.
    pub address: &'a str,
    /// Plain (hashed here with BCRYPT-10) or `{SCHEME}` hashed.
    pub password: &'a str,
    /// None: the domain's default workgroup.
    pub workgroup: Option<&'a str>,
    pub full_name: Option<&'a str>,
}

/// Creates a mailbox account. Errors: 6 (bad name or password, with a hint),
/// 8 (no such domain), 7 (taken).
pub async fn create_mailbox(engine: &Engine, actor: &Actor, new: NewMailbox<'_>) -> Result<UserRef> {
    let (local, domain_name) =
        names::mailbox(new.address).map_err(|why| Error::hint(Code::BadAttributes, "user", why))?;
    let Some(domain) = super::find_domain(engine.db(), &domain_name).await? else {
        return fail(Code::NoSuchDomain);
    };
    let workgroup_name = new.workgroup.unwrap_or(DEFAULT_WORKGROUP);
    let Some(workgroup) = super::find_workgroup(engine.db(), &domain, workgroup_name).await? else {
        return Err(Error::hint(Code::BadAttributes, "workgroup", "No such workgroup"));
    };
    let stored = stored_password(engine, new.password).await?;
    let name = format!("{local}@{domain_name}");
    let mut attrs = crate::user::new_user_attrs(&crate::domain::load(engine.db(), domain.id).await?.attrs(), &local);
    attrs.insert("workgroup".into(), serde_json::Value::from(workgroup.name.clone()));
    if let Some(full_name) = new.full_name {
        attrs.insert("name".into(), serde_json::Value::from(full_name));
    }
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    ensure_name_free(&mut tx, &name).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (name, domain_id, workgroup_id, workgroup_name, password, full_name, attrs, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&name)
    .bind(domain.id)
    .bind(workgroup.id)
    .bind(&workgroup.name)
    .bind(&stored)
    .bind(new.full_name)
    .bind(serde_json::Value::Object(attrs).to_string())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    crate::user::count(&mut tx, (domain.company_id, domain.id, Some(workgroup.id)), "users_mailbox", 1, true).await?;
    changes::record(&mut tx, actor, now, Change::new(Kind::User, id, format!("created {name}"))).await?;
    tx.commit().await?;
    crate::mailstore::created(engine, vec![name.clone()]).await;
    Ok(UserRef {
        id,
        name,
        domain_id: Some(domain.id),
        company_id: Some(domain.company_id),
        workgroup_id: Some(workgroup.id),
        role: None,
    })
}

/// Creates a provider-level admin (`postroom admin create`, the bootstrap admin).
/// Error 6 for a bad name or password, 7 if the name is taken.
pub async fn create_provider_admin(engine: &Engine, actor: &Actor, name: &str, password: &str) -> Result<UserRef> {
    let name = names::provider_admin(name).map_err(|why| Error::hint(Code::BadAttributes, "user", why))?;
    let stored = stored_password(engine, password).await?;
    let now = engine.clock().now();
    let mut tx = engine.db().begin_write().await?;
    ensure_name_free(&mut tx, &name).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (name, password, role, created_at) VALUES ($1, $2, 'provider', $3) RETURNING id",
    )
    .bind(&name)
    .bind(&stored)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    changes::record(&mut tx, actor, now, Change::new(Kind::User, id, format!("created provider admin {name}"))).await?;
    tx.commit().await?;
    Ok(UserRef { id, name, domain_id: None, company_id: None, workgroup_id: None, role: Some("provider".into()) })
}

/// Whether any provider admin exists (the server bootstraps one if not).
pub async fn provider_admin_exists(engine: &Engine) -> Result<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM users WHERE role = 'provider' AND deleted_at IS NULL LIMIT 1")
            .fetch_optional(engine.db().pool())
            .await?;
    Ok(row.is_some())
}

async fn ensure_name_free(tx: &mut Tx, name: &str) -> Result<()> {
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE name = $1 AND deleted_at IS NULL")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return fail(Code::NameTaken);
    }
    Ok(())
}

/// A password as stored: hashed ones as given, plain ones hashed with the
/// default encoding. Error 6 with a `password` hint when invalid.
pub async fn stored_password(engine: &Engine, input: &str) -> Result<String> {
    match password::classify(input) {
        Ok(PasswordInput::Hashed) => Ok(input.to_string()),
        Ok(PasswordInput::Plain) => engine.hash_password(input, Encoding::DEFAULT).await,
        Err(why) => Err(Error::hint(Code::BadAttributes, "password", why)),
    }
}
