//! The steps of a plan's scheduled ramp, and applying those that are due.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

/// One step of a ramp.
pub struct StepRow {
    pub percentage: i16,
    pub at: OffsetDateTime,
    pub applied: bool,
}

/// A running plan with a step due.
pub struct DuePlanRow {
    pub id: Uuid,
    pub mp_id: String,
    pub percentage: i16,
}

/// Steps of plan `id`, in order.
pub async fn steps(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Vec<StepRow>> {
    sqlx::query_as!(
        StepRow,
        r#"SELECT percentage, at, applied_at IS NOT NULL AS "applied!"
           FROM plan_steps WHERE plan_id = $1 ORDER BY position"#,
        id
    )
    .fetch_all(db)
    .await
}

/// Replaces the steps of plan `id` not applied yet with `steps` (percentage, time), after the
/// applied ones.
pub async fn replace_pending_steps(
    tx: &mut PgConnection,
    id: Uuid,
    steps: &[(u8, OffsetDateTime)],
) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM plan_steps WHERE plan_id = $1 AND applied_at IS NULL",
        id
    )
    .execute(&mut *tx)
    .await?;
    let base = sqlx::query_scalar!(
        r#"SELECT COALESCE(max(position), 0) AS "base!" FROM plan_steps WHERE plan_id = $1"#,
        id
    )
    .fetch_one(&mut *tx)
    .await?;
    for (i, (pct, at)) in steps.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO plan_steps (plan_id, position, percentage, at) VALUES ($1, $2, $3, $4)",
            id,
            base + 1 + i as i32,
            i16::from(*pct),
            *at
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Locks the running plans with a step due (skipping those another instance holds).
pub async fn lock_due(tx: &mut PgConnection) -> sqlx::Result<Vec<DuePlanRow>> {
    sqlx::query_as!(
        DuePlanRow,
        "SELECT p.id, p.mp_id, p.percentage FROM release_plans p
         WHERE p.state = 'running' AND EXISTS (SELECT 1 FROM plan_steps s
             WHERE s.plan_id = p.id AND s.applied_at IS NULL AND s.at <= now())
         FOR UPDATE SKIP LOCKED"
    )
    .fetch_all(tx)
    .await
}

/// Applies the due steps of plan `id`: the latest one's percentage becomes the plan's, and all
/// are marked applied. Returns the new percentage.
pub async fn apply_due_steps(tx: &mut PgConnection, id: Uuid) -> sqlx::Result<i16> {
    let percentage = sqlx::query_scalar!(
        "SELECT percentage FROM plan_steps
         WHERE plan_id = $1 AND applied_at IS NULL AND at <= now()
         ORDER BY at DESC LIMIT 1",
        id
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE plan_steps SET applied_at = now()
         WHERE plan_id = $1 AND applied_at IS NULL AND at <= now()",
        id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE release_plans SET percentage = $2, updated_at = now() WHERE id = $1",
        id,
        percentage
    )
    .execute(&mut *tx)
    .await?;
    Ok(percentage)
}
