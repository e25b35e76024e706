//! Writing plans: a new draft, changed settings, and the state changes of a plan.

use crate::grayscale::PlanState;
use sqlx::PgExecutor;
use uuid::Uuid;

/// The editable settings of a plan, checked.
pub struct PlanSettings<'a> {
    pub candidate_version_id: Uuid,
    pub percentage: i16,
    pub bucket_group: &'a str,
    pub allow_list: &'a [String],
    /// The rules crate's constraints, as JSON.
    pub conditions: &'a serde_json::Value,
    pub min_version: Option<&'a str>,
    pub max_error_rate: Option<f64>,
    pub min_launches: i32,
    pub error_window_minutes: i32,
    pub on_error: &'a str,
}

/// A new plan (a draft).
pub struct NewPlan<'a> {
    pub id: Uuid,
    pub mp_id: &'a str,
    pub host_app_id: Uuid,
    pub stable_version_id: Uuid,
    pub settings: PlanSettings<'a>,
    pub created_by: Uuid,
}

/// Stores a new plan, as a draft.
pub async fn insert(db: impl PgExecutor<'_>, p: &NewPlan<'_>) -> sqlx::Result<()> {
    let s = &p.settings;
    sqlx::query!(
        "INSERT INTO release_plans (id, mp_id, host_app_id, stable_version_id, candidate_version_id,
           percentage, bucket_group, allow_list, conditions, min_version, max_error_rate,
           min_launches, error_window_minutes, on_error, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        p.id,
        p.mp_id,
        p.host_app_id,
        p.stable_version_id,
        s.candidate_version_id,
        s.percentage,
        s.bucket_group,
        s.allow_list,
        s.conditions,
        s.min_version,
        s.max_error_rate,
        s.min_launches,
        s.error_window_minutes,
        s.on_error,
        p.created_by
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Changes the settings of open plan `id`; a draft also follows the release's `stable` version.
pub async fn update_settings(
    db: impl PgExecutor<'_>,
    id: Uuid,
    s: &PlanSettings<'_>,
    stable: Uuid,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE release_plans SET candidate_version_id = $2, percentage = $3, bucket_group = $4,
           allow_list = $5, conditions = $6, min_version = $7, max_error_rate = $8,
           min_launches = $9, error_window_minutes = $10, on_error = $11, updated_at = now(),
           stable_version_id = CASE WHEN state = 'draft' THEN $12 ELSE stable_version_id END
         WHERE id = $1",
        id,
        s.candidate_version_id,
        s.percentage,
        s.bucket_group,
        s.allow_list,
        s.conditions,
        s.min_version,
        s.max_error_rate,
        s.min_launches,
        s.error_window_minutes,
        s.on_error,
        stable
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Points plan `id` at the release's current stable version.
pub async fn set_stable(db: impl PgExecutor<'_>, id: Uuid, stable: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE release_plans SET stable_version_id = $2 WHERE id = $1",
        id,
        stable
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Marks plan `id` running from now on.
pub async fn mark_started(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE release_plans SET state = 'running', started_at = now(), updated_at = now(),
         state_reason = NULL WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Puts plan `id` in state `to` (pausing, resuming), with why if the system did it.
pub async fn set_state(
    db: impl PgExecutor<'_>,
    id: Uuid,
    to: PlanState,
    reason: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE release_plans SET state = $2, updated_at = now(), state_reason = $3 WHERE id = $1",
        id,
        to as PlanState,
        reason
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Marks plan `id` completed (the candidate reaches everyone).
pub async fn mark_completed(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE release_plans SET state = 'completed', percentage = 100, ended_at = now(),
         updated_at = now() WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Marks plan `id` rolled back, with why if the system did it.
pub async fn mark_rolled_back(
    db: impl PgExecutor<'_>,
    id: Uuid,
    reason: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE release_plans SET state = 'rolled_back', ended_at = now(), updated_at = now(),
         state_reason = $2 WHERE id = $1",
        id,
        reason
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Deletes plan `id` (a draft whose release changed under it).
pub async fn delete(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!("DELETE FROM release_plans WHERE id = $1", id)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes plan `id` if it is a draft; returns its mini-program.
pub async fn delete_draft(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "DELETE FROM release_plans WHERE id = $1 AND state = 'draft' RETURNING mp_id",
        id
    )
    .fetch_optional(db)
    .await
}
