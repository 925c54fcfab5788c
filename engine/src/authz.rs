//! The one place that decides whether a caller may do something to an object.
//!
//! Methods resolve their target to an [`Object`] (ids of where it lives) and ask
//! [`require`]; a refusal is always error 9, whether or not the object exists,
//! so a caller learns nothing about objects outside its reach. Attribute-level
//! refusals (error 4) are the methods' business, using [`Billing`].

use crate::error::{Code, Error};
use crate::identity::role::Level;
use crate::identity::{Caller, Grant, Role};

/// Something an action is aimed at, with the ids of everything that contains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    /// The provider level itself: creating companies, managing brands.
    Provider,
    Company {
        company_id: i64,
    },
    Domain {
        company_id: i64,
        domain_id: i64,
    },
    Workgroup {
        company_id: i64,
        domain_id: i64,
        workgroup_id: i64,
    },
    /// An account. Provider admins have no company, domain or workgroup.
    User {
        user_id: i64,
        company_id: Option<i64>,
        domain_id: Option<i64>,
        workgroup_id: Option<i64>,
        /// The account's own admin role, if any (an admin may not take over a
        /// stronger admin's account).
        role: Option<Role>,
    },
}

impl Object {
    fn company_id(&self) -> Option<i64> {
        match self {
            Object::Provider => None,
            Object::Company { company_id }
            | Object::Domain { company_id, .. }
            | Object::Workgroup { company_id, .. } => Some(*company_id),
            Object::User { company_id, .. } => *company_id,
        }
    }

    fn domain_id(&self) -> Option<i64> {
        match self {
            Object::Provider | Object::Company { .. } => None,
            Object::Domain { domain_id, .. } | Object::Workgroup { domain_id, .. } => Some(*domain_id),
            Object::User { domain_id, .. } => *domain_id,
        }
    }

    fn workgroup_id(&self) -> Option<i64> {
        match self {
            Object::Workgroup { workgroup_id, .. } => Some(*workgroup_id),
            Object::User { workgroup_id, .. } => *workgroup_id,
            _ => None,
        }
    }
}

/// Whether a change touches what the provider bills for. "Non-billable" (all that
/// company_mail and company_view may change) is anything except creating or
/// deleting objects, `type`, quotas, `limit_*` and `service_*` states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Billing {
    NonBillable,
    Billable,
}

/// The OMA power a generated token would carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPower {
    /// Mail services only (session or sso without `oma`).
    MailOnly,
    /// A token of type `oma`.
    OmaType,
    /// A session or sso token with `oma: true` (company admins only).
    OmaFlag,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Change(Billing),
    /// Create the object (its ids not known yet may be 0).
    Create,
    Delete,
    IssueToken(TokenPower),
    /// Grant or remove admin roles on accounts inside the object.
    ManageRoles,
}

/// How high a caller stands, for the rule that a service suspended by an admin
/// can only be changed back by an admin of the same level or above.
pub fn rank(caller: &Caller) -> i64 {
    match caller.role().map(|r| r.level()) {
        Some(Level::Provider) => 4,
        Some(Level::Company) => 3,
        Some(Level::Domain) => 2,
        Some(Level::Workgroup) => 1,
        None => 0,
    }
}

/// Whether `caller` may do `action` to `object`.
pub fn permits(caller: &Caller, action: Action, object: &Object) -> bool {
    permits_by_role(caller, action, object) || self_service(caller, action, object)
}

/// Whether `caller`'s admin role (not ownership of the account) permits it:
/// what separates an admin's change from a mailbox owner's self-service.
pub fn permits_by_role(caller: &Caller, action: Action, object: &Object) -> bool {
    caller
        .grant
        .as_ref()
        .is_some_and(|grant| role_permits(grant, action, object) && takeover_allowed(grant.role, action, object))
}

/// [`permits`], or error 9.
pub fn require(caller: &Caller, action: Action, object: &Object) -> Result<(), Error> {
    if permits(caller, action, object) {
        Ok(())
    } else {
        Err(Code::NotPermitted.into())
    }
}

/// Whether the grant's object contains `object`.
fn within(grant: &Grant, object: &Object) -> bool {
    match grant.role.level() {
        Level::Provider => true,
        Level::Company => grant.company_id.is_some() && object.company_id() == grant.company_id,
        Level::Domain => grant.domain_id.is_some() && object.domain_id() == grant.domain_id,
        Level::Workgroup => grant.workgroup_id.is_some() && object.workgroup_id() == grant.workgroup_id,
    }
}

fn role_permits(grant: &Grant, action: Action, object: &Object) -> bool {
    use Action::*;
    use Billing::*;
    use Role::*;
    if grant.role == Provider {
        return true;
    }
    // A workgroup admin sees the domain its workgroup is in (to find its way
    // around), though the domain is not inside its grant.
    if grant.role == Workgroup && action == Read {
        if let Object::Domain { domain_id, .. } = object {
            return grant.domain_id == Some(*domain_id);
        }
    }
    if !within(grant, object) {
        return false;
    }
    let user = matches!(object, Object::User { .. });
    let company = matches!(object, Object::Company { .. });
    let domain = matches!(object, Object::Domain { .. });
    match grant.role {
        Provider => true,
        Company => match action {
            Read | Change(_) | IssueToken(_) | ManageRoles => true,
            // Companies themselves are created and deleted by the provider.
            Create | Delete => !company,
        },
        CompanyView => match action {
            Read => true,
            Change(NonBillable) => !company,
            IssueToken(TokenPower::MailOnly) => user,
            _ => false,
        },
        CompanyMail => match action {
            Read => true,
            Change(NonBillable) | IssueToken(TokenPower::MailOnly) => user,
            _ => false,
        },
        CompanyRo => action == Read,
        CompanyTokenOnly => action == IssueToken(TokenPower::MailOnly) && user,
        Domain => match action {
            Read | ManageRoles => true,
            // The domain's own billable settings (limits, quotas) are the company's.
            Change(NonBillable) => true,
            Change(Billable) => !domain,
            Create | Delete => !domain,
            IssueToken(power) => user && power != TokenPower::OmaFlag,
        },
        Mail => match action {
            Read => true,
            Change(NonBillable) | IssueToken(TokenPower::MailOnly) => user,
            _ => false,
        },
        Workgroup => match action {
            Read => true,
            Change(_) | Create | Delete | IssueToken(TokenPower::MailOnly) => user,
            _ => false,
        },
    }
}

/// An admin may not act on the account of an admin it does not cover (a mail
/// admin resetting the domain admin's password would become domain admin).
/// Reading is fine, and so is a token that grants no OMA power.
fn takeover_allowed(role: Role, action: Action, object: &Object) -> bool {
    match (action, object) {
        (Action::Read | Action::IssueToken(TokenPower::MailOnly), _) => true,
        (_, Object::User { role: Some(target), .. }) => role.covers(*target),
        _ => true,
    }
}

/// What a mailbox owner may do to its own account: read it and make the
/// non-billable changes the methods allow owners (they check attributes).
fn self_service(caller: &Caller, action: Action, object: &Object) -> bool {
    matches!(object, Object::User { user_id, .. } if *user_id == caller.user_id)
        && matches!(action, Action::Read | Action::Change(Billing::NonBillable))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Home;

    fn caller(role: Option<Role>, c: Option<i64>, d: Option<i64>, w: Option<i64>) -> Caller {
        Caller {
            user_id: 1,
            name: "a@b.c".into(),
            grant: role.map(|role| Grant { role, company_id: c, domain_id: d, workgroup_id: w }),
            home: Home { company_id: c, domain_id: d, workgroup_id: w },
        }
    }

    fn user(id: i64, c: i64, d: i64, w: i64, role: Option<Role>) -> Object {
        Object::User { user_id: id, company_id: Some(c), domain_id: Some(d), workgroup_id: Some(w), role }
    }

    #[test]
    fn domain_admin_stays_in_its_domain() {
        let admin = caller(Some(Role::Domain), Some(1), Some(10), None);
        assert!(permits(&admin, Action::Change(Billing::Billable), &user(5, 1, 10, 100, None)));
        assert!(!permits(&admin, Action::Read, &user(5, 1, 11, 101, None)));
        assert!(!permits(&admin, Action::Read, &Object::Company { company_id: 1 }));
        assert!(!permits(&admin, Action::Change(Billing::Billable), &Object::Domain { company_id: 1, domain_id: 10 }));
        assert!(!permits(&admin, Action::Change(Billing::NonBillable), &user(5, 1, 10, 100, Some(Role::Company))));
        assert!(!permits(&admin, Action::IssueToken(TokenPower::OmaFlag), &user(5, 1, 10, 100, None)));
    }

    #[test]
    fn token_only_admin_only_issues_mail_tokens() {
        let admin = caller(Some(Role::CompanyTokenOnly), Some(1), Some(10), None);
        assert!(permits(&admin, Action::IssueToken(TokenPower::MailOnly), &user(5, 1, 12, 100, Some(Role::Company))));
        assert!(!permits(&admin, Action::IssueToken(TokenPower::OmaType), &user(5, 1, 12, 100, None)));
        assert!(!permits(&admin, Action::Read, &user(5, 1, 12, 100, None)));
        assert!(!permits(&admin, Action::IssueToken(TokenPower::MailOnly), &user(5, 2, 20, 200, None)));
    }

    #[test]
    fn owners_act_only_on_themselves() {
        let owner = caller(None, Some(1), Some(10), Some(100));
        assert!(permits(&owner, Action::Read, &user(1, 1, 10, 100, None)));
        assert!(permits(&owner, Action::Change(Billing::NonBillable), &user(1, 1, 10, 100, None)));
        assert!(!permits(&owner, Action::Change(Billing::Billable), &user(1, 1, 10, 100, None)));
        assert!(!permits(&owner, Action::Read, &user(2, 1, 10, 100, None)));
        assert!(!permits(&owner, Action::Read, &Object::Domain { company_id: 1, domain_id: 10 }));
    }

    #[test]
    fn companies_are_created_by_the_provider_only() {
        let company = caller(Some(Role::Company), Some(1), Some(10), None);
        let provider = caller(Some(Role::Provider), None, None, None);
        assert!(!permits(&company, Action::Create, &Object::Company { company_id: 1 }));
        assert!(!permits(&company, Action::Delete, &Object::Company { company_id: 1 }));
        assert!(permits(&company, Action::Create, &Object::Domain { company_id: 1, domain_id: 0 }));
        assert!(permits(&provider, Action::Create, &Object::Company { company_id: 0 }));
        assert!(!permits(&company, Action::Read, &Object::Provider));
    }

    #[test]
    fn workgroup_admin_sees_its_domain_but_manages_only_its_workgroup() {
        let admin = caller(Some(Role::Workgroup), Some(1), Some(10), Some(100));
        assert!(permits(&admin, Action::Read, &Object::Domain { company_id: 1, domain_id: 10 }));
        assert!(permits(&admin, Action::Create, &user(0, 1, 10, 100, None)));
        assert!(!permits(&admin, Action::Create, &user(0, 1, 10, 101, None)));
        assert!(!permits(&admin, Action::ManageRoles, &user(3, 1, 10, 100, None)));
        assert!(!permits(&admin, Action::Change(Billing::NonBillable), &user(3, 1, 10, 100, Some(Role::Mail))));
    }
}
