//! Releases: which version of a mini-program each host app serves, and the operator's levers
//! (release, withdraw, suspend, roll back). The grayscale engine builds on this.

pub mod api;

use serde::{Deserialize, Serialize};

/// A mini-program as the admin console's release page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseOverview {
    pub mp_id: String,
    pub mp_name: String,
    pub org_name: String,
    pub suspended: bool,
    pub suspended_reason: Option<String>,
    /// Per host app: (app_key, host app name, released version or None, active).
    pub host_apps: Vec<HostRelease>,
    /// Versions that can be released or rolled back to (approved or superseded), newest first,
    /// at most 5.
    pub releasable: Vec<crate::versions::VersionRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostRelease {
    pub app_key: String,
    pub name: String,
    pub version: Option<String>,
    pub active: bool,
    /// The open grayscale plan, summed up ("v1.1.0 at 20 % · running").
    pub plan: Option<String>,
}

/// A row of the admin's mini-program list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminMpRow {
    pub id: String,
    pub name: String,
    pub org_name: String,
    pub suspended: bool,
    pub live_in: i64,
    pub latest_version: Option<String>,
    pub latest_state: Option<crate::versions::VersionState>,
}
