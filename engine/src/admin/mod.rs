//! Administrators: granting roles (set_role) and listing who holds them
//! (search_admins).

pub mod roles;
pub mod search_admins;
pub mod set_role;
