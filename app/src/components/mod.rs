//! Pieces shared by pages.

pub mod actions;
pub mod confirm;
pub mod errors;
pub mod history;
pub mod layout;
pub mod listing;
pub mod pager;
pub mod restore;
pub mod settings_form;
pub mod time;
