//! Workgroups: named groups of accounts inside a domain, each with its own admins.

pub mod create_workgroup;
pub mod delete_workgroup;
pub mod search_workgroups;

use crate::authz::{self, Action};
use crate::db::Db;
use crate::directory::{find_domain, missing, DomainRef};
use crate::error::{fail, Code, Result};
use crate::identity::Caller;

/// The domain a workgroup request names: error 8 when it does not exist (for a
/// caller who could know; 9 for others), 9 when the caller may not `action` it.
pub async fn domain_for(db: &Db, caller: &Caller, name: &str) -> Result<DomainRef> {
    match find_domain(db, name).await? {
        Some(domain) => {
            authz::require(caller, Action::Read, &domain.object())?;
            Ok(domain)
        }
        None if caller.is_provider() => fail(Code::NoSuchDomain),
        None => missing(caller),
    }
}
