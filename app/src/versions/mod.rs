//! Versions of a mini-program and their lifecycle:
//! `uploaded → (validated | invalid) → in_trial → in_review → (approved | rejected) →
//! released → superseded | withdrawn`. Which transition is allowed, and for whom, is decided
//! here (pure, tested); the database layer applies it inside a transaction with an audit entry.

pub mod api;

use serde::{Deserialize, Serialize};

crate::sql_text!(VersionState, VersionState::parse);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionState {
    Uploaded,
    Validated,
    Invalid,
    InTrial,
    InReview,
    Approved,
    Rejected,
    Released,
    Superseded,
    Withdrawn,
}

impl VersionState {
    pub const ALL: [VersionState; 10] = [
        VersionState::Uploaded,
        VersionState::Validated,
        VersionState::Invalid,
        VersionState::InTrial,
        VersionState::InReview,
        VersionState::Approved,
        VersionState::Rejected,
        VersionState::Released,
        VersionState::Superseded,
        VersionState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VersionState::Uploaded => "uploaded",
            VersionState::Validated => "validated",
            VersionState::Invalid => "invalid",
            VersionState::InTrial => "in_trial",
            VersionState::InReview => "in_review",
            VersionState::Approved => "approved",
            VersionState::Rejected => "rejected",
            VersionState::Released => "released",
            VersionState::Superseded => "superseded",
            VersionState::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VersionState::Uploaded => "Uploaded",
            VersionState::Validated => "Validated",
            VersionState::Invalid => "Invalid",
            VersionState::InTrial => "In trial",
            VersionState::InReview => "In review",
            VersionState::Approved => "Approved",
            VersionState::Rejected => "Rejected",
            VersionState::Released => "Released",
            VersionState::Superseded => "Superseded",
            VersionState::Withdrawn => "Withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<VersionState> {
        VersionState::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Who may ask for a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// An owner or developer of the owning organization.
    OrgDeveloper,
    /// A platform operator (or admin).
    Operator,
    /// The system itself (validation at upload, superseding at release).
    System,
}

/// What can happen to a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    Validate,
    Invalidate,
    StartTrial,
    Submit,
    CancelSubmission,
    Approve,
    Reject,
    Release,
    Supersede,
    Withdraw,
    Rollback,
}

impl Transition {
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Validate => "validate",
            Transition::Invalidate => "invalidate",
            Transition::StartTrial => "start_trial",
            Transition::Submit => "submit",
            Transition::CancelSubmission => "cancel_submission",
            Transition::Approve => "approve",
            Transition::Reject => "reject",
            Transition::Release => "release",
            Transition::Supersede => "supersede",
            Transition::Withdraw => "withdraw",
            Transition::Rollback => "rollback",
        }
    }
}

/// The state after `t` from `from` when `actor` asks, or a sentence saying why not.
pub fn next_state(from: VersionState, t: Transition, actor: Actor) -> Result<VersionState, String> {
    use Transition as T;
    use VersionState as S;
    let needed = match t {
        T::Validate | T::Invalidate | T::Supersede => Actor::System,
        T::StartTrial | T::Submit | T::CancelSubmission => Actor::OrgDeveloper,
        T::Approve | T::Reject | T::Release | T::Withdraw | T::Rollback => Actor::Operator,
    };
    if actor != needed && actor != Actor::System {
        return Err(match needed {
            Actor::OrgDeveloper => {
                "Only the organization's owners and developers can do this.".into()
            }
            Actor::Operator => "Only platform operators can do this.".into(),
            Actor::System => "This happens automatically.".into(),
        });
    }
    let to = match (from, t) {
        (S::Uploaded, T::Validate) => S::Validated,
        (S::Uploaded, T::Invalidate) => S::Invalid,
        (S::Validated, T::StartTrial) => S::InTrial,
        (S::Validated | S::InTrial, T::Submit) => S::InReview,
        (S::InReview, T::CancelSubmission) => S::Validated,
        (S::InReview, T::Approve) => S::Approved,
        (S::InReview, T::Reject) => S::Rejected,
        (S::Approved | S::Superseded, T::Release) => S::Released,
        (S::Released, T::Supersede) => S::Superseded,
        (S::Released, T::Withdraw) => S::Withdrawn,
        (S::Approved | S::Superseded, T::Rollback) => S::Released,
        _ => {
            return Err(format!(
                "A version that is {} cannot be {}.",
                from.label().to_lowercase(),
                match t {
                    T::Validate => "validated",
                    T::Invalidate => "marked invalid",
                    T::StartTrial => "put in trial",
                    T::Submit => "submitted for review",
                    T::CancelSubmission => "taken out of review",
                    T::Approve => "approved",
                    T::Reject => "rejected",
                    T::Release => "released",
                    T::Supersede => "superseded",
                    T::Withdraw => "withdrawn",
                    T::Rollback => "rolled back to",
                }
            ))
        }
    };
    Ok(to)
}

/// A version as the portal and console show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionRow {
    pub id: String,
    pub version: String,
    pub state: VersionState,
    pub size: i64,
    pub package_sha: Option<String>,
    pub release_notes: String,
    pub review_reason: Option<String>,
    pub created_at: String,
    pub submitted_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Transition as T;
    use VersionState as S;

    #[test]
    fn the_happy_path_runs_from_upload_to_release() {
        let mut s = S::Uploaded;
        for (t, a) in [
            (T::Validate, Actor::System),
            (T::StartTrial, Actor::OrgDeveloper),
            (T::Submit, Actor::OrgDeveloper),
            (T::Approve, Actor::Operator),
            (T::Release, Actor::Operator),
        ] {
            s = next_state(s, t, a).unwrap();
        }
        assert_eq!(s, S::Released);
    }

    #[test]
    fn developers_cannot_approve_and_operators_cannot_submit() {
        assert!(next_state(S::InReview, T::Approve, Actor::OrgDeveloper).is_err());
        assert!(next_state(S::Validated, T::Submit, Actor::Operator).is_err());
    }

    #[test]
    fn an_invalid_or_rejected_version_can_never_be_released() {
        for from in [
            S::Invalid,
            S::Rejected,
            S::Uploaded,
            S::InReview,
            S::Withdrawn,
        ] {
            assert!(
                next_state(from, T::Release, Actor::Operator).is_err(),
                "{from:?}"
            );
        }
    }

    #[test]
    fn a_superseded_version_can_be_rolled_back_to() {
        assert_eq!(
            next_state(S::Superseded, T::Rollback, Actor::Operator).unwrap(),
            S::Released
        );
    }
}

/// A version's validation report (the JSON of `ministore_package::Report` or `Rejection`) and,
/// while in review, its place in the queue (1 = next).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionReport {
    pub mp_id: String,
    pub version: String,
    pub state: VersionState,
    pub report_json: String,
    pub queue_position: Option<i64>,
}

/// The parts of a validation report the pages show (mirrors `ministore_package::Report`, so the
/// browser bundle does not carry the zip reader).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub version: String,
    pub entry: String,
    pub file_count: usize,
    pub compressed_size: u64,
    pub unpacked_size: u64,
    pub files: Vec<FileView>,
    pub permissions: Vec<PermissionView>,
    pub external_domains: Vec<String>,
    pub warnings: Vec<String>,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    pub path: String,
    pub size: u64,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermissionView {
    pub name: String,
    pub description: String,
}

/// One reason a package was refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemView {
    pub code: String,
    pub path: Option<String>,
    pub message: String,
}

/// Human size: "812 B", "14.2 KB", "3.1 MB".
pub fn human_size(n: u64) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    }
}
