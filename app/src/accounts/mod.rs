//! Accounts and roles: types shared with the browser, server functions in `api`, pages in
//! `pages`.

pub mod api;
pub mod pages;
pub mod session;

use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// The signed-in user, as the browser sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub developer_terms_accepted: bool,
}

/// One row of the admin console's Users page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: String,
}

/// A page of accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPage {
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<AccountRow>,
}

impl UserPage {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.per_page.max(1)))).max(1) as u32
    }
}
