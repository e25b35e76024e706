//! Organizations: developer teams and partner companies that own mini-programs.

pub mod api;

use serde::{Deserialize, Serialize};

/// An organization the signed-in developer belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyOrg {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub my_role: String,
    pub members: i64,
}
