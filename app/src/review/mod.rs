//! The review queue: operators approve or reject submitted versions.

pub mod api;

use serde::{Deserialize, Serialize};

/// A submission waiting in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub version_id: String,
    pub mp_id: String,
    pub mp_name: String,
    pub org_name: String,
    pub version: String,
    pub submitted_at: String,
    pub waiting_minutes: i64,
}

/// Everything a reviewer needs to decide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub item: QueueItem,
    pub summary: String,
    pub description_html: String,
    pub release_notes: String,
    pub package_sha: String,
    pub size: i64,
    pub report_json: String,
    pub files: Vec<String>,
    pub state: crate::versions::VersionState,
}
