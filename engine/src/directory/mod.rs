//! Finding companies, domains, workgroups and accounts by name, and resolving an
//! OMA request's target so that callers outside its reach learn nothing about it.

pub mod names;
pub mod provision;
pub mod scope;

use crate::authz::{self, Action, Object};
use crate::db::Db;
use crate::error::{fail, Code, Result};
use crate::identity::{Caller, Role};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CompanyRef {
    pub id: i64,
    /// Display name (case kept).
    pub name: String,
}

impl CompanyRef {
    pub fn object(&self) -> Object {
        Object::Company { company_id: self.id }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DomainRef {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
}

impl DomainRef {
    pub fn object(&self) -> Object {
        Object::Domain { company_id: self.company_id, domain_id: self.id }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WorkgroupRef {
    pub id: i64,
    pub domain_id: i64,
    pub company_id: i64,
    pub name: String,
}

impl WorkgroupRef {
    pub fn object(&self) -> Object {
        Object::Workgroup { company_id: self.company_id, domain_id: self.domain_id, workgroup_id: self.id }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRef {
    pub id: i64,
    pub name: String,
    pub domain_id: Option<i64>,
    pub company_id: Option<i64>,
    pub workgroup_id: Option<i64>,
    pub role: Option<String>,
}

impl UserRef {
    pub fn role(&self) -> Option<Role> {
        self.role.as_deref().and_then(Role::parse)
    }

    pub fn object(&self) -> Object {
        Object::User {
            user_id: self.id,
            company_id: self.company_id,
            domain_id: self.domain_id,
            workgroup_id: self.workgroup_id,
            role: self.role(),
        }
    }
}

pub async fn find_company(db: &Db, name: &str) -> Result<Option<CompanyRef>> {
    Ok(sqlx::query_as("SELECT id, name FROM companies WHERE name_key = $1")
        .bind(name.trim().to_lowercase())
        .fetch_optional(db.pool())
        .await?)
}

pub async fn company_by_id(db: &Db, id: i64) -> Result<Option<CompanyRef>> {
    Ok(sqlx::query_as("SELECT id, name FROM companies WHERE id = $1").bind(id).fetch_optional(db.pool()).await?)
}

/// The live (non-alias) domain with this id.
pub async fn domain_by_id(db: &Db, id: i64) -> Result<Option<DomainRef>> {
    Ok(sqlx::query_as(
        "SELECT id, company_id, name FROM domains WHERE id = $1 AND deleted_at IS NULL AND alias_of IS NULL",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?)
}

pub async fn find_domain(db: &Db, name: &str) -> Result<Option<DomainRef>> {
    Ok(sqlx::query_as(
        "SELECT id, company_id, name FROM domains WHERE name = $1 AND deleted_at IS NULL AND alias_of IS NULL",
    )
    .bind(name.trim().to_lowercase())
    .fetch_optional(db.pool())
    .await?)
}

pub async fn find_workgroup(db: &Db, domain: &DomainRef, name: &str) -> Result<Option<WorkgroupRef>> {
    Ok(sqlx::query_as(
        "SELECT w.id, w.domain_id, d.company_id, w.name FROM workgroups w JOIN domains d ON d.id = w.domain_id \
         WHERE w.domain_id = $1 AND w.name = $2",
    )
    .bind(domain.id)
    .bind(name.trim().to_lowercase())
    .fetch_optional(db.pool())
    .await?)
}

pub async fn find_user(db: &Db, name: &str) -> Result<Option<UserRef>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.domain_id, d.company_id, u.workgroup_id, u.role \
         FROM users u LEFT JOIN domains d ON d.id = u.domain_id WHERE u.name = $1 AND u.deleted_at IS NULL",
    )
    .bind(name.trim().to_lowercase())
    .fetch_optional(db.pool())
    .await?)
}

/// The account `name` if the caller may do `action` to it. Otherwise error 9,
/// or error 2 when the account does not exist and the caller could see where it
/// would be (its domain; for provider admins, the provider level).
pub async fn resolve_user(db: &Db, caller: &Caller, name: &str, action: Action) -> Result<UserRef> {
    match find_user(db, name).await? {
        Some(user) => {
            authz::require(caller, action, &user.object())?;
            Ok(user)
        }
        None => {
            let container = match name.rsplit_once('@') {
                Some((_, domain)) => find_domain(db, domain).await?.map(|d| d.object()),
                None => Some(Object::Provider),
            };
            match container {
                Some(object) if authz::permits(caller, Action::Read, &object) => fail(Code::NoSuchObject),
                _ => fail(Code::NotPermitted),
            }
        }
    }
}

/// The company `name` if the caller may do `action` to it (see [`admit`]).
pub async fn resolve_company(db: &Db, caller: &Caller, name: &str, action: Action) -> Result<CompanyRef> {
    admit(caller, action, find_company(db, name).await?)
}

/// The domain `name` if the caller may do `action` to it (see [`admit`]).
pub async fn resolve_domain(db: &Db, caller: &Caller, name: &str, action: Action) -> Result<DomainRef> {
    admit(caller, action, find_domain(db, name).await?)
}

/// Something an action can be aimed at.
pub trait Target {
    fn object(&self) -> Object;
}

impl Target for CompanyRef {
    fn object(&self) -> Object {
        CompanyRef::object(self)
    }
}

impl Target for DomainRef {
    fn object(&self) -> Object {
        DomainRef::object(self)
    }
}

impl Target for WorkgroupRef {
    fn object(&self) -> Object {
        WorkgroupRef::object(self)
    }
}

/// A looked-up object if the caller may do `action` to it, else error 9. A
/// missing one is error 2 for the provider (who sees everything) and 9 for
/// everyone else, who must not learn which names exist.
pub fn admit<T: Target>(caller: &Caller, action: Action, found: Option<T>) -> Result<T> {
    match found {
        Some(target) => {
            authz::require(caller, action, &target.object())?;
            Ok(target)
        }
        None => missing(caller),
    }
}

/// The answer for an object that does not exist: see [`admit`].
pub fn missing<T>(caller: &Caller) -> Result<T> {
    if caller.is_provider() {
        fail(Code::NoSuchObject)
    } else {
        fail(Code::NotPermitted)
    }
}
