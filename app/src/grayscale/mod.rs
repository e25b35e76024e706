//! Grayscale release plans: a candidate version rolled out to a share of a host app's users, with
//! an allow-list, conditions, a scheduled ramp, a minimum version and an error-rate gate. The
//! evaluation itself is the `ministore-rules` crate; this module holds what the admin console and
//! the server exchange, and the state machine of a plan.

pub mod api;

use serde::{Deserialize, Serialize};

crate::sql_text!(PlanState, PlanState::parse);

/// Where a plan is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanState {
    /// Being prepared; resolve ignores it.
    Draft,
    /// Live: the candidate reaches the allow-list and the percentage; scheduled steps apply.
    Running,
    /// Frozen: the candidate keeps its current audience, scheduled steps wait.
    Paused,
    /// The candidate became the stable version for everyone.
    Completed,
    /// Everyone is back on the stable version.
    RolledBack,
}

impl PlanState {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanState::Draft => "draft",
            PlanState::Running => "running",
            PlanState::Paused => "paused",
            PlanState::Completed => "completed",
            PlanState::RolledBack => "rolled_back",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "draft" => PlanState::Draft,
            "running" => PlanState::Running,
            "paused" => PlanState::Paused,
            "completed" => PlanState::Completed,
            "rolled_back" => PlanState::RolledBack,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            PlanState::Draft => "Draft",
            PlanState::Running => "Running",
            PlanState::Paused => "Paused",
            PlanState::Completed => "Completed",
            PlanState::RolledBack => "Rolled back",
        }
    }

    /// Draft, running and paused plans are open: at most one per release, and editable.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            PlanState::Draft | PlanState::Running | PlanState::Paused
        )
    }
}

/// What an operator (or the system) does to a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    Start,
    Pause,
    Resume,
    Complete,
    Rollback,
}

impl PlanAction {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "start" => PlanAction::Start,
            "pause" => PlanAction::Pause,
            "resume" => PlanAction::Resume,
            "complete" => PlanAction::Complete,
            "rollback" => PlanAction::Rollback,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PlanAction::Start => "start",
            PlanAction::Pause => "pause",
            PlanAction::Resume => "resume",
            PlanAction::Complete => "complete",
            PlanAction::Rollback => "rollback",
        }
    }
}

/// The state a plan moves to, or why it cannot.
pub fn next_plan_state(from: PlanState, action: PlanAction) -> Result<PlanState, String> {
    use PlanAction as A;
    use PlanState as S;
    match (from, action) {
        (S::Draft, A::Start) => Ok(S::Running),
        (S::Running, A::Pause) => Ok(S::Paused),
        (S::Paused, A::Resume) => Ok(S::Running),
        (S::Running | S::Paused, A::Complete) => Ok(S::Completed),
        (S::Running | S::Paused, A::Rollback) => Ok(S::RolledBack),
        (S::Draft, A::Rollback) => Err("A draft has not started: delete it instead.".into()),
        (from, action) => Err(format!(
            "A {} plan cannot {}.",
            from.label().to_lowercase(),
            match action {
                A::Start => "start",
                A::Pause => "be paused",
                A::Resume => "be resumed",
                A::Complete => "be completed",
                A::Rollback => "be rolled back",
            }
        )),
    }
}

/// One condition of the builder: a context field, an Unleash operator and its values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConditionInput {
    /// `platform`, `region`, `app_version`, `device`, `userId`, or `ctx.<name>`.
    pub field: String,
    pub operator: String,
    /// List operators use every value; single-value operators the first.
    pub values: Vec<String>,
    #[serde(default)]
    pub inverted: bool,
    #[serde(default)]
    pub case_insensitive: bool,
}

/// One step of a scheduled ramp.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StepInput {
    pub percentage: u8,
    /// RFC 3339, or `YYYY-MM-DDTHH:MM` (a `datetime-local` input) read as UTC.
    pub at: String,
    /// Set by the server once the step has been applied.
    #[serde(default)]
    pub applied: bool,
}

/// The editable part of a plan, as the release page sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanInput {
    pub mp_id: String,
    pub app_key: String,
    pub candidate_version_id: String,
    pub percentage: u8,
    pub group: String,
    pub allow_list: Vec<String>,
    pub conditions: Vec<ConditionInput>,
    pub min_version: Option<String>,
    /// Maximum error rate in percent (0 < r ≤ 100); `None`: no gate.
    pub max_error_rate_pct: Option<f64>,
    pub min_launches: i32,
    pub error_window_minutes: i32,
    /// `pause` or `rollback`.
    pub on_error: String,
    pub steps: Vec<StepInput>,
}

/// A version that can be chosen as candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionChoice {
    pub id: String,
    pub version: String,
}

/// The candidate's health over the gate's window.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateHealth {
    pub launches: i64,
    pub errors: i64,
    pub window_minutes: i32,
}

/// A finished plan, for the history list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastPlan {
    pub id: String,
    pub state: PlanState,
    pub candidate: String,
    pub percentage: u8,
    pub ended_at: Option<String>,
    pub state_reason: Option<String>,
}

/// Everything the release page of one mini-program on one host app shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanPage {
    pub mp_id: String,
    pub mp_name: String,
    pub app_key: String,
    pub host_name: String,
    /// The version the release serves to everyone outside the plan; `None`: not released.
    pub stable: Option<VersionChoice>,
    pub release_active: bool,
    /// Versions that may become the candidate (approved, or released/superseded but not stable).
    pub choices: Vec<VersionChoice>,
    /// The open plan (draft, running, paused), if any.
    pub plan_id: Option<String>,
    pub state: Option<PlanState>,
    pub state_reason: Option<String>,
    pub candidate: Option<VersionChoice>,
    /// The plan's values, or the defaults for a new one.
    pub input: PlanInput,
    pub health: Option<CandidateHealth>,
    pub history: Vec<PastPlan>,
    pub started_at: Option<String>,
    pub updated_at: Option<String>,
}

/// How many recently seen users a plan would reach.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AudiencePreview {
    /// Distinct users seen by resolve or launch on this host app in the last 30 days.
    pub seen: i64,
    /// Of those, how many the plan gives the candidate.
    pub reached: i64,
    /// Of those, how many through the allow-list.
    pub by_allow_list: i64,
    /// Of those, how many pass the conditions (whatever their bucket).
    pub pass_conditions: i64,
}

/// The context fields the condition builder offers (HOST-API.md), with a hint.
pub const CONDITION_FIELDS: [(&str, &str); 5] = [
    ("platform", "ios, android, web, …"),
    ("region", "e.g. eu, cn-east"),
    ("app_version", "semver of the host app"),
    ("device", "e.g. phone, tablet"),
    ("userId", "the user id"),
];

/// The Unleash operators, grouped as the builder shows them: (name, label, takes a list).
pub const OPERATORS: [(&str, &str, bool); 18] = [
    ("IN", "is one of", true),
    ("NOT_IN", "is not one of", true),
    ("STR_CONTAINS", "contains", true),
    ("STR_STARTS_WITH", "starts with", true),
    ("STR_ENDS_WITH", "ends with", true),
    ("NUM_EQ", "=", false),
    ("NUM_GT", ">", false),
    ("NUM_GTE", "≥", false),
    ("NUM_LT", "<", false),
    ("NUM_LTE", "≤", false),
    ("DATE_AFTER", "date after", false),
    ("DATE_BEFORE", "date before", false),
    ("SEMVER_EQ", "version =", false),
    ("SEMVER_GT", "version >", false),
    ("SEMVER_GTE", "version ≥", false),
    ("SEMVER_LT", "version <", false),
    ("SEMVER_LTE", "version ≤", false),
    ("REGEX", "matches regex", false),
];

/// The percentage presets of the slider.
pub const PRESETS: [u8; 5] = [1, 5, 25, 50, 100];

/// Splits pasted user ids: one per line, or separated by commas, semicolons or spaces; blanks
/// dropped, duplicates removed, order kept.
pub fn parse_id_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        let id = id.trim().trim_matches('"');
        if !id.is_empty() && !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_states_follow_the_machine() {
        use PlanAction as A;
        use PlanState as S;
        assert_eq!(next_plan_state(S::Draft, A::Start), Ok(S::Running));
        assert_eq!(next_plan_state(S::Running, A::Pause), Ok(S::Paused));
        assert_eq!(next_plan_state(S::Paused, A::Resume), Ok(S::Running));
        assert_eq!(next_plan_state(S::Paused, A::Complete), Ok(S::Completed));
        assert_eq!(next_plan_state(S::Running, A::Rollback), Ok(S::RolledBack));
        for ended in [S::Completed, S::RolledBack] {
            for a in [A::Start, A::Pause, A::Resume, A::Complete, A::Rollback] {
                assert!(next_plan_state(ended, a).is_err(), "{ended:?} {a:?}");
            }
        }
        assert!(next_plan_state(S::Draft, A::Pause).is_err());
        assert!(next_plan_state(S::Running, A::Start).is_err());
    }

    #[test]
    fn pasted_ids_are_split_and_deduplicated() {
        assert_eq!(
            parse_id_list("a, b\nc;;a \"d\"\n\n"),
            vec!["a", "b", "c", "d"]
        );
        assert!(parse_id_list("  \n ").is_empty());
    }
}
