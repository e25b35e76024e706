//! Ecosystem analytics for the admin console.

pub mod api;

use serde::{Deserialize, Serialize};

/// Headline numbers of the platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatformStats {
    /// Accounts per role, in role order.
    pub accounts_by_role: Vec<(crate::domain::Role, i64)>,
    pub organizations: i64,
    pub categories: i64,
    /// Sign-ups per day over the last 14 days (oldest first): (yyyy-mm-dd, count).
    pub signups: Vec<(String, i64)>,
}
