//! Demo data: a small, realistic provider so that a newcomer (and the browser
//! tests) meet a living portal. Every account gets the same password.

use std::sync::Arc;

use crate::admin::set_role;
use crate::changes::Actor;
use crate::directory::provision::{self, NewMailbox};
use crate::directory::{find_company, find_domain};
use crate::error::{Error, Result};
use crate::identity::password::Encoding;
use crate::identity::{Caller, Grant, Home, Role};
use crate::user::change_user;
use crate::{Ctx, Engine};

/// Companies and their domains; the first domain of Example Corp gets extra workgroups.
pub const COMPANIES: &[(&str, &[&str])] =
    &[("Example Corp", &["example.com", "example.net"]), ("Other Inc", &["other.org"])];

/// Brands: (name, owning company or every company).
pub const BRANDS: &[(&str, Option<&str>)] = &[("Default Brand", None), ("Example Co Brand", Some("Example Corp"))];

pub const WORKGROUPS: &[(&str, &str)] = &[("example.com", "sales"), ("example.com", "support")];

/// Admins: (account, role, object). Those of a workgroup role live in that workgroup.
pub const ADMINS: &[(&str, &str, &str)] = &[
    ("company_admin@example.com", "company", "Example Corp"),
    ("view@example.com", "company_view", "Example Corp"),
    ("mailco@example.com", "company_mail", "Example Corp"),
    ("ro@example.com", "company_ro", "Example Corp"),
    ("tok@example.com", "company_token_only", "Example Corp"),
    ("domain_admin@example.com", "domain", "example.com"),
    ("mail_admin@example.com", "mail", "example.com"),
    ("mrmanager@example.com", "workgroup", "example.com/sales"),
    ("helpdesk@example.com", "workgroup", "example.com/support"),
    ("netadmin@example.net", "domain", "example.net"),
    ("other_admin@other.org", "company", "Other Inc"),
];

/// Accounts without a role: (account, workgroup or default, full name).
pub const USERS: &[(&str, Option<&str>, &str)] = &[
    ("joe@example.com", None, "Joe User"),
    ("jane@example.com", Some("sales"), "Jane User"),
    ("june@example.com", Some("sales"), "June User"),
    ("sam@example.com", Some("support"), "Sam Support"),
    ("bob@example.net", None, "Bob Net"),
    ("alice@other.org", None, "Alice Other"),
];

/// Accounts with a quota (MB) of their own: sam's demo mail fills most of
/// it, so that the portal's quota warning has something to show.
pub const QUOTAS: &[(&str, i64)] = &[("sam@example.com", 1)];

/// Seeds the demo data. Refuses (error 7) if its first company exists already.
pub async fn seed(engine: &Engine, password: &str) -> Result<()> {
    let actor = Actor::system("demo");
    if find_company(engine.db(), COMPANIES[0].0).await?.is_some() {
        return Err(crate::Code::NameTaken.into());
    }
    // One hash for every account: hashing each would cost a second per ten accounts.
    let hashed = match crate::identity::password::classify(password) {
        Ok(crate::identity::password::PasswordInput::Plain) => {
            engine.hash_password(password, Encoding::DEFAULT).await?
        }
        Ok(crate::identity::password::PasswordInput::Hashed) => password.to_string(),
        Err(why) => return Err(Error::hint(crate::Code::BadAttributes, "password", why)),
    };
    for (company, domains) in COMPANIES {
        let company = provision::create_company(engine, &actor, company).await?;
        for domain in *domains {
            provision::create_domain(engine, &actor, &company, domain).await?;
        }
    }
    for (brand, owner) in BRANDS {
        let req = crate::brand::change_brand::Request {
            brand: brand.to_string(),
            attributes: owner.iter().map(|c| ("company".to_string(), serde_json::Value::from(*c))).collect(),
        };
        crate::brand::change_brand::change_brand(engine, &system_ctx("demo"), req).await?;
    }
    for (domain, workgroup) in WORKGROUPS {
        let domain = find_domain(engine.db(), domain).await?.ok_or_else(|| Error::Internal("demo domain".into()))?;
        provision::create_workgroup(engine, &actor, &domain, workgroup).await?;
    }
    let admins = ADMINS.iter().map(|(name, role, object)| {
        let workgroup = (*role == "workgroup").then(|| object.rsplit('/').next().unwrap_or_default());
        (*name, workgroup, "")
    });
    for (address, workgroup, full_name) in admins.chain(USERS.iter().copied()) {
        let new =
            NewMailbox { address, password: &hashed, workgroup, full_name: Some(full_name).filter(|n| !n.is_empty()) };
        provision::create_mailbox(engine, &actor, new).await?;
    }
    let ctx = system_ctx("demo");
    for (user, role, object) in ADMINS {
        let req = set_role::Request {
            user: user.to_string(),
            role: Some(role.to_string()),
            object: Some(object.to_string()),
        };
        set_role::set_role(engine, &ctx, req).await?;
    }
    for (user, quota) in QUOTAS {
        let attributes = [("quota".to_string(), serde_json::Value::from(*quota))].into_iter().collect();
        let req = change_user::Request { user: user.to_string(), attributes, create_only: None };
        change_user::change_user(engine, &ctx, req).await?;
    }
    crate::mailstore::demo::seed(engine).await?;
    Ok(())
}

/// A provider-level context for work the system does on its own behalf.
pub fn system_ctx(application: &str) -> Ctx {
    let caller = Caller {
        user_id: 0,
        name: "postroom".into(),
        grant: Some(Grant { role: Role::Provider, company_id: None, domain_id: None, workgroup_id: None }),
        home: Home::default(),
    };
    Ctx::new(Arc::new(caller), application)
}
