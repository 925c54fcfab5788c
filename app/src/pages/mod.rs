//! One module per screen.

pub mod admins;
pub mod brands;
pub mod bulletins;
pub mod companies;
pub mod company;
pub mod domain;
pub mod domains;
pub mod home;
pub mod import;
pub mod login;
pub mod not_found;
pub mod user;
pub mod users;
