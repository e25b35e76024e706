//! Organizations: developer teams and partner companies that own mini-programs.

pub mod api;

use crate::domain::{OrgKind, OrgRole};
use serde::{Deserialize, Serialize};

/// An organization the signed-in developer belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyOrg {
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub my_role: OrgRole,
    pub members: i64,
    /// The organization the portal is switched to (at most one; none: all of them).
    pub current: bool,
}

/// A member of an organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub account_id: String,
    pub email: String,
    pub display_name: String,
    pub role: OrgRole,
}

/// An invitation, as the invitee or the organization's owners see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: String,
    pub org_slug: String,
    pub org_name: String,
    pub email: String,
    pub role: OrgRole,
}

/// An organization's page: its members and pending invitations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgDetail {
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub my_role: OrgRole,
    pub members: Vec<Member>,
    pub invitations: Vec<Invitation>,
}

/// Lower-case letters, digits and dashes from a name ("Acme Payments" → "acme-payments").
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(48).collect()
}
