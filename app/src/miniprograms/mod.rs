//! Mini-programs: registration and listings (portal), and what the storefront shows.

pub mod api;

use crate::versions::VersionRow;
use serde::{Deserialize, Serialize};

/// A mini-program in the developer's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MpRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub org_name: String,
    pub icon_url: Option<String>,
    pub latest_version: Option<String>,
    pub latest_state: Option<crate::versions::VersionState>,
}

/// A mini-program's portal page: listing plus versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MpDetail {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub summary: String,
    pub description_md: String,
    pub org_slug: String,
    pub org_name: String,
    pub my_org_role: Option<String>,
    pub icon_url: Option<String>,
    pub suspended: bool,
    pub versions: Vec<VersionRow>,
    /// Screenshot URLs, in order.
    pub screenshots: Vec<String>,
    /// While a version is in trial: the link testers open, and its QR code (SVG).
    pub trial_link: Option<String>,
    pub trial_qr_svg: Option<String>,
}

/// A card on the storefront.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreCard {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub category: Option<String>,
    pub summary: String,
    pub icon_url: Option<String>,
    pub developer: String,
}

/// A storefront detail page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreDetail {
    pub card: StoreCard,
    pub description_html: String,
    pub tags: Vec<String>,
    pub version: String,
    pub release_notes: String,
    pub released_at: String,
    pub size: i64,
    pub permissions: Vec<String>,
    pub screenshots: Vec<String>,
    /// The deep link to this page, and its QR code as an SVG document.
    pub deep_link: String,
    pub qr_svg: String,
}

/// What the launch page needs to run a mini-program in the sandbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaunchInfo {
    pub id: String,
    pub name: String,
    pub version: String,
    pub run_url: String,
    pub permissions: Vec<String>,
    pub sandbox_origin: String,
    pub user_name: Option<String>,
    pub trial: bool,
}

/// `mp_` plus lower-case letters, digits, `_` and `-` (1 to 64 after the prefix).
pub fn valid_mp_id(id: &str) -> bool {
    id.strip_prefix("mp_").is_some_and(|rest| {
        !rest.is_empty()
            && rest.len() <= 64
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    })
}
