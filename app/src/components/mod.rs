//! Pieces shared by pages.

pub mod actions;
pub mod bulk;
pub mod confirm;
pub mod errors;
pub mod history;
pub mod layout;
pub mod listing;
pub mod pager;
pub mod quota;
pub mod restore;
pub mod selection;
pub mod settings_form;
pub mod size;
pub mod stats;
pub mod time;
