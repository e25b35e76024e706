//! The background task's pass (every 5 seconds): scheduled ramp steps that are due, then the
//! error-rate gates.

use crate::error::AppError;
use crate::server::db::{audit, plans};
use sqlx::PgPool;

/// One pass of the background task: applies the scheduled steps that are due, and checks the
/// error-rate gates. Safe to run on several instances at once (rows are locked and skipped).
pub async fn tick(pool: &PgPool) -> Result<(), AppError> {
    apply_due_steps(pool).await?;
    super::gate::check_error_gates(pool).await?;
    Ok(())
}

/// Each running plan with due steps takes the latest one's percentage, audited.
async fn apply_due_steps(pool: &PgPool) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    for due in plans::lock_due(&mut tx).await? {
        let percentage = plans::apply_due_steps(&mut tx, due.id).await?;
        audit::record(
            &mut *tx,
            None,
            "plan.step",
            "mini_program",
            &due.mp_id,
            serde_json::json!({"plan": due.id, "from": due.percentage, "to": percentage}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
