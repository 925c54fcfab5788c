//! One module per screen.

pub mod admins;
pub mod home;
pub mod login;
pub mod not_found;
