//! Server functions the portal calls (under `/srv`, never `/api`, which belongs
//! to the OMA methods), and the types they exchange. Each function is thin:
//! session cookie → caller → engine.

pub mod account;
pub mod admins;
pub mod brands;
pub mod bulletins;
pub mod companies;
pub mod domains;
pub mod error;
pub mod home;
pub mod import;
pub mod mail;
pub mod session;
pub mod settings;
pub mod stats;
pub mod types;
pub mod users;
pub mod workgroups;

#[cfg(feature = "ssr")]
pub mod ssr;

pub use error::PortalError;
