//! Full releases, withdrawals and roll backs of a mini-program: they change the release under
//! its plans, so they live beside them (a live plan blocks a full release; withdrawing or
//! rolling back ends the open plans).

use super::{end_open_plans, supersede_if_unused};
use crate::error::AppError;
use crate::server::db::{self, audit, versions};
use crate::versions::{Actor, Transition, VersionState};
use sqlx::PgPool;
use uuid::Uuid;

/// Releases version `version_id` (approved, or released before) to the host apps `app_keys`
/// fully, as operator `by`. The version each host app served before is superseded once nothing
/// serves it.
pub async fn release_full(
    pool: &PgPool,
    version_id: Uuid,
    app_keys: &[String],
    by: Uuid,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let v = versions::lock(&mut tx, version_id).await?;
    if !db::releases::RELEASABLE.contains(&v.state) {
        return Err(AppError::conflict(format!(
            "Only approved versions can be released; {} is {}.",
            v.version,
            v.state.label().to_lowercase()
        )));
    }
    if v.state != VersionState::Released {
        versions::transition(
            &mut tx,
            &v,
            Transition::Release,
            Actor::Operator,
            Some(by),
            None,
        )
        .await?;
    }
    let mut previous = vec![];
    for key in app_keys {
        let host = db::host_apps::enabled_id_by_key(&mut *tx, key)
            .await?
            .ok_or_else(|| {
                AppError::validation("app_keys", format!("No active host app has the key {key}."))
            })?;
        if let Some(state) = db::plans::live_state(&mut *tx, &v.mp_id, host).await? {
            return Err(AppError::conflict(format!(
                "A grayscale plan is {} on {key}: complete it or roll it back before a full release.",
                state.as_str()
            )));
        }
        if let Some(before) = db::releases::active_stable(&mut *tx, &v.mp_id, host).await? {
            if before != version_id {
                previous.push(before);
            }
        }
        db::releases::upsert_active(&mut *tx, &v.mp_id, host, version_id, None).await?;
        let detail = serde_json::json!({"version": v.version, "host_app": key});
        audit::record(
            &mut *tx,
            Some(by),
            "release.full",
            "mini_program",
            &v.mp_id,
            detail,
        )
        .await?;
    }
    for b in previous {
        supersede_if_unused(&mut tx, b, Some(by)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Stops serving `mp_id` to host app `app_key` (its open plans end), as operator `by`. The
/// version it served is withdrawn once no release serves it.
pub async fn withdraw(pool: &PgPool, mp_id: &str, app_key: &str, by: Uuid) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let w = db::releases::withdraw(&mut *tx, mp_id, app_key)
        .await?
        .ok_or_else(|| AppError::not_found("An active release to that host app"))?;
    let why = "The mini-program was withdrawn from this host app.";
    end_open_plans(&mut tx, mp_id, Some(w.host_app_id), by, why).await?;
    let detail = serde_json::json!({"host_app": app_key});
    audit::record(
        &mut *tx,
        Some(by),
        "release.withdrawn",
        "mini_program",
        mp_id,
        detail,
    )
    .await?;
    if db::releases::active_count(&mut *tx, w.stable_version_id).await? == 0 {
        let v = versions::lock(&mut tx, w.stable_version_id).await?;
        if v.state == VersionState::Released {
            versions::transition(
                &mut tx,
                &v,
                Transition::Withdraw,
                Actor::Operator,
                Some(by),
                None,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Rolls every active release of `mp_id` back to version `version_id`, one of its last 5
/// approved versions (open plans end), as operator `by`.
pub async fn roll_back(
    pool: &PgPool,
    mp_id: &str,
    version_id: Uuid,
    by: Uuid,
) -> Result<(), AppError> {
    let allowed = db::releases::rollback_targets(pool, mp_id).await?;
    if !allowed.contains(&version_id) {
        return Err(AppError::validation(
            "version_id",
            "Roll back to one of the last 5 approved versions.",
        ));
    }
    let mut tx = pool.begin().await?;
    let v = versions::lock(&mut tx, version_id).await?;
    let current = db::releases::other_active_stables(&mut *tx, mp_id, version_id).await?;
    if current.is_empty() {
        return Err(AppError::conflict(
            "Nothing to roll back: no host app serves another version.",
        ));
    }
    let why = "The release was rolled back to an earlier version.";
    end_open_plans(&mut tx, mp_id, None, by, why).await?;
    if v.state != VersionState::Released {
        versions::transition(
            &mut tx,
            &v,
            Transition::Rollback,
            Actor::Operator,
            Some(by),
            None,
        )
        .await?;
    }
    db::releases::roll_back_all(&mut *tx, mp_id, version_id).await?;
    for old in current {
        supersede_if_unused(&mut tx, old, Some(by)).await?;
    }
    let detail = serde_json::json!({"to": v.version});
    audit::record(
        &mut *tx,
        Some(by),
        "release.rolled_back",
        "mini_program",
        mp_id,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
