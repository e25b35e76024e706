//! The permissions a mini-program may request in `manifest.json`, with their names and the
//! text shown to reviewers and users.

use serde::{Deserialize, Serialize};

/// A permission a mini-program may request; the bridge refuses calls it did not request.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    SystemInfo,
    Storage,
    UserProfile,
    OpenMiniprogram,
    ReportError,
}

impl Permission {
    /// Every permission, in documentation order.
    pub const ALL: [Permission; 5] = [
        Permission::SystemInfo,
        Permission::Storage,
        Permission::UserProfile,
        Permission::OpenMiniprogram,
        Permission::ReportError,
    ];

    /// The name used in `manifest.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::SystemInfo => "system_info",
            Permission::Storage => "storage",
            Permission::UserProfile => "user_profile",
            Permission::OpenMiniprogram => "open_miniprogram",
            Permission::ReportError => "report_error",
        }
    }

    /// Parses a manifest permission name (exact, case-sensitive).
    pub fn parse(name: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// What the permission allows, for reviewers and users.
    pub fn description(self) -> &'static str {
        match self {
            Permission::SystemInfo => {
                "Read basic information about the device and the host app (platform, language, \
                 screen size, host app version)."
            }
            Permission::Storage => "Keep data on this device, private to this mini-program.",
            Permission::UserProfile => {
                "Ask for the user's profile (display name and avatar); the user is asked to \
                 consent each time."
            }
            Permission::OpenMiniprogram => "Open another mini-program of the store.",
            Permission::ReportError => {
                "Report errors to the store, for the developer's error statistics."
            }
        }
    }
}
