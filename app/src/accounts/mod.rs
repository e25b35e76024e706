//! Accounts and roles: types shared with the browser, server functions in `api`, pages in
//! `pages`.

pub mod api;
pub mod pages;

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

#[cfg(feature = "ssr")]
impl From<&crate::server::db::accounts::Account> for CurrentUser {
    fn from(a: &crate::server::db::accounts::Account) -> Self {
        CurrentUser {
            id: a.id.to_string(),
            email: a.email.clone(),
            display_name: a.display_name.clone(),
            role: a.role(),
            developer_terms_accepted: a.developer_terms_at.is_some(),
        }
    }
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
        (self.total.div_ceil(self.per_page.max(1) as u64)).max(1) as u32
    }
}
