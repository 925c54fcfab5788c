//! Types the portal's pages and server functions exchange (compiled for both
//! the server and the browser).

use serde::{Deserialize, Serialize};

/// The signed-in account, and what its role lets it see in the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    /// Role id (`provider`, `company`, ...) or None for a mailbox owner.
    pub role: Option<String>,
    /// What the role administers (`Example Corp`, `example.com`, `example.com/sales`).
    pub object: Option<String>,
    pub nav: Nav,
}

/// Which screens the navigation offers (the server checks again on every call).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nav {
    pub admins: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub companies: i64,
    pub domains: i64,
    pub users: i64,
}

/// The admins table's query, as it stands in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminQuery {
    pub pattern: Option<String>,
    pub role: Option<String>,
    pub company: Option<String>,
    pub sort: Option<String>,
    pub descending: bool,
    pub first: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRow {
    pub user: String,
    pub role: String,
    pub control: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPage {
    pub rows: Vec<AdminRow>,
    pub first: i64,
    pub total: i64,
}

/// Role ids an admin can grant in the portal, with labels.
pub const ROLES: &[(&str, &str)] = &[
    ("company", "Company administrator"),
    ("company_view", "Company view"),
    ("company_mail", "Company mail"),
    ("company_ro", "Company read-only"),
    ("company_token_only", "Company token only"),
    ("domain", "Domain administrator"),
    ("mail", "Mail administrator"),
    ("workgroup", "Workgroup administrator"),
];

pub fn role_label(role: &str) -> &str {
    match role {
        "provider" => "Provider administrator",
        other => ROLES.iter().find(|(id, _)| *id == other).map(|(_, label)| *label).unwrap_or(other),
    }
}
