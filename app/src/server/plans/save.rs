//! Saving the open plan of a release: a new draft, or changes to the open plan (a started
//! plan keeps its candidate), with its ramp, audited.

use super::Checked;
use crate::error::AppError;
use crate::grayscale::{PlanInput, PlanState};
use crate::server::db::{self, audit, plans::NewPlan};
use sqlx::PgPool;
use uuid::Uuid;

/// Creates the open plan of `input`'s release (as a draft) or changes it, with the `checked`
/// settings and `candidate`, as operator `by`. Returns the plan id.
pub async fn save(
    pool: &PgPool,
    input: &PlanInput,
    checked: &Checked,
    candidate: Uuid,
    by: Uuid,
) -> Result<Uuid, AppError> {
    let mut tx = pool.begin().await?;
    let host = db::host_apps::by_key(&mut *tx, &input.app_key).await?.id;
    let stable = match db::releases::lock(&mut *tx, &input.mp_id, host).await? {
        Some(r) if r.active => r.stable_version_id,
        _ => {
            return Err(AppError::conflict(
                "Release a version to this host app fully before planning a grayscale release.",
            ))
        }
    };
    let cand_version = candidate_version(&mut tx, &input.mp_id, candidate, stable).await?;
    let conditions = serde_json::to_value(&checked.rules.conditions)
        .map_err(|e| AppError::internal(e.to_string()))?;
    let allow: Vec<String> = checked.rules.allow_list.iter().cloned().collect();
    let settings = checked.settings(candidate, &allow, &conditions);
    let (rules, n_allow) = (&checked.rules, allow.len());
    let open = db::plans::lock_open(&mut tx, &input.mp_id, Some(host)).await?;
    let id = match open.into_iter().next() {
        None => {
            let id = Uuid::new_v4();
            let plan = NewPlan {
                id,
                mp_id: &input.mp_id,
                host_app_id: host,
                stable_version_id: stable,
                settings,
                created_by: by,
            };
            db::plans::insert(&mut *tx, &plan).await?;
            let detail = serde_json::json!({
                "plan": id, "host_app": input.app_key, "candidate": cand_version,
                "percentage": rules.percentage, "group": rules.group, "allow_list": n_allow,
                "conditions": rules.conditions.len(),
            });
            audit::record(
                &mut *tx,
                Some(by),
                "plan.created",
                "mini_program",
                &input.mp_id,
                detail,
            )
            .await?;
            id
        }
        Some(old) => {
            if old.state != PlanState::Draft && old.candidate_version_id != candidate {
                return Err(AppError::conflict("The candidate of a started plan cannot change: complete or roll it back, then plan the new version."));
            }
            db::plans::update_settings(&mut *tx, old.id, &settings, stable).await?;
            let detail = serde_json::json!({
                "plan": old.id, "host_app": input.app_key, "state": old.state.as_str(),
                "candidate": cand_version,
                "percentage": {"from": old.percentage, "to": rules.percentage},
                "group_changed": old.bucket_group != rules.group, "group": rules.group,
                "allow_list": n_allow, "conditions": rules.conditions.len(),
            });
            audit::record(
                &mut *tx,
                Some(by),
                "plan.updated",
                "mini_program",
                &input.mp_id,
                detail,
            )
            .await?;
            old.id
        }
    };
    db::plans::replace_pending_steps(&mut tx, id, &checked.steps).await?;
    tx.commit().await?;
    Ok(id)
}

/// The version number of `candidate`, which must be an approved (or released) version of
/// `mp_id` other than the `stable` one.
async fn candidate_version(
    tx: &mut sqlx::PgConnection,
    mp_id: &str,
    candidate: Uuid,
    stable: Uuid,
) -> Result<String, AppError> {
    let cand = db::plans::candidate(&mut *tx, candidate, mp_id)
        .await?
        .ok_or_else(|| {
            AppError::validation(
                "candidate_version_id",
                "That version is not one of this mini-program's.",
            )
        })?;
    if !db::releases::RELEASABLE.contains(&cand.state) {
        return Err(AppError::validation(
            "candidate_version_id",
            format!("Version {} is not approved.", cand.version),
        ));
    }
    if candidate == stable {
        return Err(AppError::validation(
            "candidate_version_id",
            format!("Version {} is already the stable version.", cand.version),
        ));
    }
    Ok(cand.version)
}
