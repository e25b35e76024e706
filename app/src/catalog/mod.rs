//! The catalogue: categories (and, with the lifecycle, released mini-programs).

pub mod api;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
    pub icon: String,
}
