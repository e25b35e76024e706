//! Moving plans through their states (start, pause, resume, complete, roll back), for operators
//! and for the background task, with the release and versions changes each one brings.

use crate::error::AppError;
use crate::grayscale::{next_plan_state, PlanAction, PlanState};
use crate::server::db::{self, audit, plans::LockedPlan, releases::LockedRelease, versions};
use crate::versions::{Actor, Transition, VersionState};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Marks `version_id` superseded when no active release and no live plan serves it any more.
pub async fn supersede_if_unused(
    tx: &mut PgConnection,
    version_id: Uuid,
    actor: Option<Uuid>,
) -> Result<(), AppError> {
    if db::releases::serving_count(&mut *tx, version_id).await? == 0 {
        let v = versions::lock(tx, version_id).await?;
        if v.state == VersionState::Released {
            versions::transition(tx, &v, Transition::Supersede, Actor::System, actor, None).await?;
        }
    }
    Ok(())
}

/// Moves a plan, locked in `tx`, through `action`. `actor` is the operator (`None`: the system,
/// with `reason` saying why). Returns the new state.
pub async fn apply_action(
    tx: &mut PgConnection,
    plan_id: Uuid,
    action: PlanAction,
    actor: Option<Uuid>,
    reason: Option<&str>,
) -> Result<PlanState, AppError> {
    let plan = db::plans::lock(tx, plan_id)
        .await?
        .ok_or_else(|| AppError::not_found("That release plan"))?;
    let from = plan.state;
    let to = next_plan_state(from, action).map_err(AppError::conflict)?;
    let release = db::releases::lock(&mut *tx, &plan.mp_id, plan.host_app_id).await?;
    let mut detail = serde_json::json!({ "from": from.as_str(), "to": to.as_str() });
    if let Some(r) = reason {
        detail["reason"] = r.into();
    }
    match action {
        PlanAction::Start => start(tx, plan_id, &plan, release, actor).await?,
        PlanAction::Pause | PlanAction::Resume => {
            db::plans::set_state(&mut *tx, plan_id, to, reason).await?;
        }
        PlanAction::Complete => complete(tx, plan_id, &plan, release, actor).await?,
        PlanAction::Rollback => {
            db::plans::mark_rolled_back(&mut *tx, plan_id, reason).await?;
            db::releases::mark_rolled_back(&mut *tx, &plan.mp_id, plan.host_app_id).await?;
            supersede_if_unused(tx, plan.candidate_version_id, actor).await?;
        }
    }
    audit::record(
        &mut *tx,
        actor,
        &format!("plan.{}", action.as_str()),
        "mini_program",
        &plan.mp_id,
        detail,
    )
    .await?;
    Ok(to)
}

/// Starts a draft: the release must be active and serve another version than the candidate
/// (the plan follows the release's current stable version); the candidate is released.
async fn start(
    tx: &mut PgConnection,
    plan_id: Uuid,
    plan: &LockedPlan,
    release: Option<LockedRelease>,
    actor: Option<Uuid>,
) -> Result<(), AppError> {
    let release =
        release.ok_or_else(|| AppError::conflict("Release a version fully before a plan."))?;
    if !release.active {
        return Err(AppError::conflict(
            "The mini-program is withdrawn from this host app: release it again first.",
        ));
    }
    let current_stable = release.stable_version_id;
    if current_stable == plan.candidate_version_id {
        return Err(AppError::conflict(
            "The candidate is already the stable version: choose another candidate.",
        ));
    }
    if current_stable != plan.stable_version_id {
        db::plans::set_stable(&mut *tx, plan_id, current_stable).await?;
    }
    let v = versions::lock(tx, plan.candidate_version_id).await?;
    match v.state {
        VersionState::Released => {}
        VersionState::Approved | VersionState::Superseded => {
            versions::transition(tx, &v, Transition::Release, Actor::Operator, actor, None).await?;
        }
        other => {
            return Err(AppError::conflict(format!(
                "The candidate {} is {} and cannot be rolled out.",
                v.version,
                other.label().to_lowercase()
            )))
        }
    }
    db::plans::mark_started(&mut *tx, plan_id).await?;
    Ok(())
}

/// Completes a plan: its candidate becomes the release's stable version, the old one is
/// superseded once nothing serves it.
async fn complete(
    tx: &mut PgConnection,
    plan_id: Uuid,
    plan: &LockedPlan,
    release: Option<LockedRelease>,
    actor: Option<Uuid>,
) -> Result<(), AppError> {
    let release = release.ok_or_else(|| AppError::conflict("The release is gone."))?;
    if !release.active {
        return Err(AppError::conflict(
            "The mini-program is withdrawn from this host app: roll the plan back instead.",
        ));
    }
    db::releases::promote(
        &mut *tx,
        &plan.mp_id,
        plan.host_app_id,
        plan.candidate_version_id,
        plan.min_version.as_deref(),
    )
    .await?;
    db::plans::mark_completed(&mut *tx, plan_id).await?;
    supersede_if_unused(tx, plan.stable_version_id, actor).await?;
    Ok(())
}

/// Moves plan `plan_id` through `action` as operator `by`, in its own transaction.
pub async fn act(
    pool: &PgPool,
    plan_id: Uuid,
    action: PlanAction,
    by: Uuid,
) -> Result<PlanState, AppError> {
    let mut tx = pool.begin().await?;
    let to = apply_action(&mut tx, plan_id, action, Some(by), None).await?;
    tx.commit().await?;
    Ok(to)
}

/// Deletes draft `plan_id`, audited as done by `by`.
pub async fn discard(pool: &PgPool, plan_id: Uuid, by: Uuid) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let mp_id = db::plans::delete_draft(&mut *tx, plan_id)
        .await?
        .ok_or_else(|| {
            AppError::conflict("Only a draft can be discarded; roll a started plan back instead.")
        })?;
    audit::record(
        &mut *tx,
        Some(by),
        "plan.discarded",
        "mini_program",
        &mp_id,
        serde_json::json!({"plan": plan_id}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends the live plans of a mini-program (on one host app, or all) because the release itself
/// changed under them (withdrawn, rolled back to an older version): they are marked rolled back,
/// drafts are deleted.
pub async fn end_open_plans(
    tx: &mut PgConnection,
    mp_id: &str,
    host: Option<Uuid>,
    actor: Uuid,
    why: &str,
) -> Result<(), AppError> {
    for plan in db::plans::lock_open(tx, mp_id, host).await? {
        if plan.state == PlanState::Draft {
            db::plans::delete(&mut *tx, plan.id).await?;
        } else {
            apply_action(tx, plan.id, PlanAction::Rollback, Some(actor), Some(why)).await?;
        }
    }
    Ok(())
}
