//! Companies: the provider's customers, holding domains.

pub mod change_company;
pub mod delete_company;
pub mod search_companies;
