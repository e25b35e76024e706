//! The error-rate gate: a running plan whose candidate errs too often (over the plan's window,
//! once it has enough launches) is paused or rolled back by the system.

use crate::error::AppError;
use crate::grayscale::{CandidateHealth, PlanAction};
use crate::server::db::plans;
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

/// The candidate's launches and errors on a host app over the last `window_minutes` minutes.
pub async fn candidate_health(
    db: impl PgExecutor<'_>,
    host: Uuid,
    mp_id: &str,
    version: &str,
    window_minutes: i32,
) -> Result<CandidateHealth, AppError> {
    let h = plans::health(db, host, mp_id, version, window_minutes).await?;
    Ok(CandidateHealth {
        launches: h.launches,
        errors: h.errors,
        window_minutes,
    })
}

/// Why a gate with `max_rate` trips on `errors` out of `launches` (with at least
/// `min_launches`), or `None`.
fn tripped(
    launches: i64,
    errors: i64,
    min_launches: i32,
    max_rate: f64,
    window: i32,
) -> Option<String> {
    if launches < i64::from(min_launches) || launches == 0 {
        return None;
    }
    let rate = errors as f64 / launches as f64;
    (rate > max_rate).then(|| {
        format!(
            "Error rate {:.1} % over the last {window} min ({errors} errors / {launches} launches) passed the {:.1} % limit.",
            rate * 100.0,
            max_rate * 100.0
        )
    })
}

/// Checks every running plan with a gate, and pauses or rolls back those that tripped it.
pub(super) async fn check_error_gates(pool: &PgPool) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    for p in plans::lock_gated(&mut tx).await? {
        let window = p.error_window_minutes;
        let h = plans::health(&mut *tx, p.host_app_id, &p.mp_id, &p.version, window).await?;
        let Some(why) = tripped(
            h.launches,
            h.errors,
            p.min_launches,
            p.max_error_rate,
            window,
        ) else {
            continue;
        };
        let action = if p.on_error == "rollback" {
            PlanAction::Rollback
        } else {
            PlanAction::Pause
        };
        super::apply_action(&mut tx, p.id, action, None, Some(&why)).await?;
        tracing::warn!(plan = %p.id, mp_id = %p.mp_id, %why, "error-rate gate tripped");
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_waits_for_enough_launches_and_trips_above_the_limit() {
        assert_eq!(tripped(49, 49, 50, 0.05, 60), None);
        assert_eq!(tripped(0, 0, 1, 0.05, 60), None);
        assert_eq!(tripped(100, 5, 50, 0.05, 60), None);
        let why = tripped(100, 6, 50, 0.05, 60).unwrap();
        assert!(why.starts_with("Error rate 6.0 % over the last 60 min (6 errors / 100 launches)"));
    }
}
