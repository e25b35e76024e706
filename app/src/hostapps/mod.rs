//! Host apps: the SuperApps that embed the store and call the host API with a key and secret.

pub mod api;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostApp {
    pub id: String,
    pub app_key: String,
    pub name: String,
    pub platforms: Vec<String>,
    pub disabled: bool,
    pub created_at: String,
    pub released: i64,
}

/// A freshly created or rotated credential: the secret is shown once, never again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credential {
    pub app_key: String,
    pub secret: String,
}

pub const PLATFORMS: [&str; 4] = ["ios", "android", "web", "harmony"];
