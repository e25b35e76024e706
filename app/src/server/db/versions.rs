//! Version state changes, each in the caller's transaction with its audit entry.

use crate::error::{AppError, AppResult};
use crate::versions::{next_state, Actor, Transition, VersionState};
use sqlx::PgConnection;
use uuid::Uuid;

/// A locked version row.
pub struct Locked {
    pub id: Uuid,
    pub mp_id: String,
    pub version: String,
    pub state: VersionState,
}

/// Locks version `id` for update.
pub async fn lock(tx: &mut PgConnection, id: Uuid) -> AppResult<Locked> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT mp_id, version, state FROM versions WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (mp_id, version, state) = row.ok_or_else(|| AppError::not_found("That version"))?;
    Ok(Locked {
        id,
        mp_id,
        version,
        state: VersionState::parse(&state).unwrap_or(VersionState::Uploaded),
    })
}

/// Applies `t` to the locked version `v` as `actor`, records who/why, returns the new state.
pub async fn transition(
    tx: &mut PgConnection,
    v: &Locked,
    t: Transition,
    actor: Actor,
    actor_id: Option<Uuid>,
    reason: Option<&str>,
) -> AppResult<VersionState> {
    let to = next_state(v.state, t, actor).map_err(AppError::conflict)?;
    sqlx::query(
        "UPDATE versions SET state = $2,
            submitted_at = CASE WHEN $2 = 'in_review' THEN now() ELSE submitted_at END,
            reviewed_by = CASE WHEN $2 IN ('approved', 'rejected') THEN $3 ELSE reviewed_by END,
            reviewed_at = CASE WHEN $2 IN ('approved', 'rejected') THEN now() ELSE reviewed_at END,
            review_reason = CASE WHEN $2 IN ('approved', 'rejected') THEN $4 ELSE review_reason END
         WHERE id = $1",
    )
    .bind(v.id)
    .bind(to.as_str())
    .bind(actor_id)
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    super::audit::record(
        &mut *tx,
        actor_id,
        &format!("version.{}", t.as_str()),
        "version",
        &format!("{}@{}", v.mp_id, v.version),
        serde_json::json!({"from": v.state.as_str(), "to": to.as_str(), "reason": reason}),
    )
    .await?;
    Ok(to)
}
