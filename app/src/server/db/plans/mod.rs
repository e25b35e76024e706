//! Release plans (grayscale releases) and their scheduled steps: what the release page reads,
//! what saving a plan and moving it through its states write (`write`), the ramp (`steps`), and
//! what the error-rate gate and the audience preview read (`signals`).

mod signals;
mod steps;
mod write;

pub use signals::*;
pub use steps::*;
pub use write::*;

use crate::grayscale::PlanState;
use crate::versions::VersionState;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

/// The open states: at most one plan per release is in one of them (the `release_plans_open`
/// unique index says the same), and it is the one the release page edits.
pub const OPEN: [PlanState; 3] = [PlanState::Draft, PlanState::Running, PlanState::Paused];
/// The live states: the candidate is served (to its audience, or frozen at it).
pub const LIVE: [PlanState; 2] = [PlanState::Running, PlanState::Paused];
/// The ended states, for the history.
pub const ENDED: [PlanState; 2] = [PlanState::Completed, PlanState::RolledBack];

/// A plan locked for a state change.
pub struct LockedPlan {
    pub mp_id: String,
    pub host_app_id: Uuid,
    pub state: PlanState,
    pub stable_version_id: Uuid,
    pub candidate_version_id: Uuid,
    pub min_version: Option<String>,
}

/// An open plan, locked, with what saving it compares against.
pub struct OpenPlanRef {
    pub id: Uuid,
    pub state: PlanState,
    pub candidate_version_id: Uuid,
    pub percentage: i16,
    pub bucket_group: String,
}

/// The open plan of a release, as the release page shows it.
pub struct OpenPlanRow {
    pub id: Uuid,
    pub state: PlanState,
    pub state_reason: Option<String>,
    pub candidate_id: Uuid,
    pub candidate_version: String,
    pub percentage: i16,
    pub bucket_group: String,
    pub allow_list: Vec<String>,
    pub conditions: serde_json::Value,
    pub min_version: Option<String>,
    pub max_error_rate: Option<f64>,
    pub min_launches: i32,
    pub error_window_minutes: i32,
    pub on_error: String,
    pub started_at: Option<OffsetDateTime>,
    pub updated_at: OffsetDateTime,
}

/// An ended plan, for the history list.
pub struct PastPlanRow {
    pub id: Uuid,
    pub state: PlanState,
    pub candidate: String,
    pub percentage: i16,
    pub ended_at: Option<OffsetDateTime>,
    pub state_reason: Option<String>,
}

/// A version that may become a plan's candidate.
pub struct ChoiceRow {
    pub id: Uuid,
    pub version: String,
}

/// A candidate version of a mini-program, as saving a plan checks it.
pub struct CandidateRow {
    pub version: String,
    pub state: VersionState,
}

/// Locks plan `id`.
pub async fn lock(tx: &mut PgConnection, id: Uuid) -> sqlx::Result<Option<LockedPlan>> {
    sqlx::query_as!(
        LockedPlan,
        r#"SELECT mp_id, host_app_id, state AS "state: PlanState", stable_version_id,
                  candidate_version_id, min_version
           FROM release_plans WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(tx)
    .await
}

/// Locks the open plans of mini-program `mp_id` on host app `host` (`None`: on every host app;
/// with a host app there is at most one).
pub async fn lock_open(
    tx: &mut PgConnection,
    mp_id: &str,
    host: Option<Uuid>,
) -> sqlx::Result<Vec<OpenPlanRef>> {
    sqlx::query_as!(
        OpenPlanRef,
        r#"SELECT id, state AS "state: PlanState", candidate_version_id, percentage, bucket_group
           FROM release_plans
           WHERE mp_id = $1 AND ($2::uuid IS NULL OR host_app_id = $2) AND state = ANY($3)
           FOR UPDATE"#,
        mp_id,
        host,
        &OPEN[..] as &[PlanState]
    )
    .fetch_all(tx)
    .await
}

/// The open plan of mini-program `mp_id` on host app `host`, with its candidate.
pub async fn open_for(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    host: Uuid,
) -> sqlx::Result<Option<OpenPlanRow>> {
    sqlx::query_as!(
        OpenPlanRow,
        r#"SELECT p.id, p.state AS "state: PlanState", p.state_reason, v.id AS candidate_id,
                  v.version AS candidate_version, p.percentage, p.bucket_group, p.allow_list,
                  p.conditions, p.min_version, p.max_error_rate, p.min_launches,
                  p.error_window_minutes, p.on_error, p.started_at, p.updated_at
           FROM release_plans p JOIN versions v ON v.id = p.candidate_version_id
           WHERE p.mp_id = $1 AND p.host_app_id = $2 AND p.state = ANY($3)"#,
        mp_id,
        host,
        &OPEN[..] as &[PlanState]
    )
    .fetch_optional(db)
    .await
}

/// The state of the live plan of mini-program `mp_id` on host app `host`, if there is one.
pub async fn live_state(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    host: Uuid,
) -> sqlx::Result<Option<PlanState>> {
    sqlx::query_scalar!(
        r#"SELECT state AS "state: PlanState" FROM release_plans
           WHERE mp_id = $1 AND host_app_id = $2 AND state = ANY($3)"#,
        mp_id,
        host,
        &LIVE[..] as &[PlanState]
    )
    .fetch_optional(db)
    .await
}

/// The last 10 ended plans of mini-program `mp_id` on host app `host`, newest first.
pub async fn history(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    host: Uuid,
) -> sqlx::Result<Vec<PastPlanRow>> {
    sqlx::query_as!(
        PastPlanRow,
        r#"SELECT p.id, p.state AS "state: PlanState", v.version AS candidate, p.percentage,
                  p.ended_at, p.state_reason
           FROM release_plans p JOIN versions v ON v.id = p.candidate_version_id
           WHERE p.mp_id = $1 AND p.host_app_id = $2 AND p.state = ANY($3)
           ORDER BY p.ended_at DESC NULLS LAST LIMIT 10"#,
        mp_id,
        host,
        &ENDED[..] as &[PlanState]
    )
    .fetch_all(db)
    .await
}

/// The 10 newest versions of `mp_id` that may become a candidate (approved, released or
/// superseded), except `stable`.
pub async fn candidate_choices(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    stable: Option<Uuid>,
) -> sqlx::Result<Vec<ChoiceRow>> {
    sqlx::query_as!(
        ChoiceRow,
        "SELECT id, version FROM versions WHERE mp_id = $1 AND state = ANY($2)
           AND id IS DISTINCT FROM $3
         ORDER BY v_major DESC, v_minor DESC, v_patch DESC, created_at DESC LIMIT 10",
        mp_id,
        &super::releases::RELEASABLE[..] as &[VersionState],
        stable
    )
    .fetch_all(db)
    .await
}

/// Version `id`, if it is one of `mp_id`'s.
pub async fn candidate(
    db: impl PgExecutor<'_>,
    id: Uuid,
    mp_id: &str,
) -> sqlx::Result<Option<CandidateRow>> {
    sqlx::query_as!(
        CandidateRow,
        r#"SELECT version, state AS "state: VersionState" FROM versions
           WHERE id = $1 AND mp_id = $2"#,
        id,
        mp_id
    )
    .fetch_optional(db)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_open_states_are_the_ones_a_plan_can_be_edited_in() {
        let all = [
            PlanState::Draft,
            PlanState::Running,
            PlanState::Paused,
            PlanState::Completed,
            PlanState::RolledBack,
        ];
        for s in all {
            assert_eq!(OPEN.contains(&s), s.is_open(), "{s:?}");
            assert_eq!(ENDED.contains(&s), !s.is_open(), "{s:?}");
            assert_eq!(LIVE.contains(&s), s.is_open() && s != PlanState::Draft);
        }
    }
}
