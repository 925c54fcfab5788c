//! Admin roles and the object each one administers.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Postroom's own role above companies: creates and deletes companies, sees everything.
    Provider,
    Company,
    CompanyMail,
    CompanyRo,
    CompanyTokenOnly,
    CompanyView,
    Domain,
    Mail,
    Workgroup,
}

/// What kind of object a role administers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Provider,
    Company,
    Domain,
    Workgroup,
}

impl Role {
    /// The OMA role ids `set_role` accepts (provider is not one of them).
    pub const OMA: [Role; 8] = [
        Role::Company,
        Role::CompanyMail,
        Role::CompanyRo,
        Role::CompanyTokenOnly,
        Role::CompanyView,
        Role::Domain,
        Role::Mail,
        Role::Workgroup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Provider => "provider",
            Role::Company => "company",
            Role::CompanyMail => "company_mail",
            Role::CompanyRo => "company_ro",
            Role::CompanyTokenOnly => "company_token_only",
            Role::CompanyView => "company_view",
            Role::Domain => "domain",
            Role::Mail => "mail",
            Role::Workgroup => "workgroup",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Provider].into_iter().chain(Role::OMA).find(|r| r.as_str() == s)
    }

    pub fn level(self) -> Level {
        match self {
            Role::Provider => Level::Provider,
            Role::Company | Role::CompanyMail | Role::CompanyRo | Role::CompanyTokenOnly | Role::CompanyView => {
                Level::Company
            }
            Role::Domain | Role::Mail => Level::Domain,
            Role::Workgroup => Level::Workgroup,
        }
    }

    /// Roles whose holder can do everything `other`'s holder can (on the same
    /// object), used to stop an admin from taking over a stronger admin's account.
    /// A partial order: mail and workgroup admins do not cover each other.
    pub fn covers(self, other: Role) -> bool {
        use Role::*;
        let strength = |r: Role| match r {
            Provider => 9,
            Company => 8,
            CompanyView => 7,
            CompanyMail => 6,
            CompanyRo => 5,
            CompanyTokenOnly => 4,
            Domain => 3,
            Mail | Workgroup => 1,
        };
        self == other
            || (strength(self) > strength(other) && !matches!((self, other), (Mail, Workgroup) | (Workgroup, Mail)))
    }
}

/// A role on an object. Ids, not names, so that a grant follows a rename.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub company_id: Option<i64>,
    pub domain_id: Option<i64>,
    pub workgroup_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_ids_round_trip() {
        for r in [Role::Provider].into_iter().chain(Role::OMA) {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("company_mail2"), None);
        assert_eq!(Role::parse("Company"), None);
    }

    #[test]
    fn mail_and_workgroup_admins_do_not_cover_each_other() {
        assert!(!Role::Mail.covers(Role::Workgroup));
        assert!(!Role::Workgroup.covers(Role::Mail));
        assert!(Role::Domain.covers(Role::Mail));
        assert!(Role::Company.covers(Role::CompanyView));
        assert!(!Role::CompanyMail.covers(Role::CompanyView));
        assert!(Role::Provider.covers(Role::Company));
        assert!(Role::Mail.covers(Role::Mail));
    }
}
