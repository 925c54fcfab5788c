//! Who is calling: accounts, roles, credentials, tokens.

pub mod cache;
pub mod credentials;
pub mod password;
pub mod role;
pub mod token;

pub use credentials::Credentials;
pub use role::{Grant, Role};
pub use token::TokenKind;

/// Where an account lives: its company, domain and workgroup (all None for a
/// provider admin, who lives above companies).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Home {
    pub company_id: Option<i64>,
    pub domain_id: Option<i64>,
    pub workgroup_id: Option<i64>,
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: i64,
    /// Login name: `local@domain` for mailboxes, a bare name for provider admins.
    pub name: String,
    /// The admin role this call may use. None for a mailbox owner acting on itself,
    /// and for a token that carries no OMA power (portal self-service only).
    pub grant: Option<Grant>,
    pub home: Home,
}

impl Caller {
    pub fn role(&self) -> Option<Role> {
        self.grant.as_ref().map(|g| g.role)
    }

    pub fn is_provider(&self) -> bool {
        self.role() == Some(Role::Provider)
    }
}
