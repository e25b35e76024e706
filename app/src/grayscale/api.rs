//! Release plan server functions (operators and admins only).

use super::{AudiencePreview, PlanInput, PlanPage};
use crate::error::AppError;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::server;

#[cfg(feature = "ssr")]
mod imp {
    pub use crate::domain::Role;
    pub use crate::grayscale::*;
    pub use crate::server::db::audit;
    pub use crate::server::plans;
    pub use crate::versions::VersionState;
    pub use time::format_description::well_known::Rfc3339;
    pub use time::OffsetDateTime;
    pub use uuid::Uuid;

    pub fn fmt(t: OffsetDateTime) -> String {
        t.format(&Rfc3339).unwrap_or_default()
    }

    /// The host app's id and name by key (enabled or not: history stays readable).
    pub async fn host_by_key(
        db: impl sqlx::PgExecutor<'_>,
        key: &str,
    ) -> Result<(Uuid, String), crate::error::AppError> {
        sqlx::query_as("SELECT id, name FROM host_apps WHERE app_key = $1")
            .bind(key)
            .fetch_optional(db)
            .await?
            .ok_or_else(|| crate::error::AppError::not_found("That host app"))
    }
}

/// The release page of a mini-program on one host app: its release, its open plan (or the
/// defaults of a new one), the candidate's health and past plans.
#[leptos::server(prefix = "/rpc", endpoint = "plans/get")]
pub async fn get_plan_page(mp_id: String, app_key: String) -> Result<PlanPage, AppError> {
    use imp::*;
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let (host, host_name) = host_by_key(&st.pool, &app_key).await?;
        let (mp_name,): (String,) = sqlx::query_as("SELECT name FROM mini_programs WHERE id = $1")
            .bind(&mp_id)
            .fetch_optional(&st.pool)
            .await?
            .ok_or_else(|| AppError::not_found("That mini-program"))?;
        let release: Option<(Uuid, String, bool)> = sqlx::query_as(
            "SELECT v.id, v.version, r.active FROM releases r JOIN versions v ON v.id = r.stable_version_id
             WHERE r.mp_id = $1 AND r.host_app_id = $2",
        )
        .bind(&mp_id)
        .bind(host)
        .fetch_optional(&st.pool)
        .await?;
        let stable_id = release.as_ref().map(|r| r.0);
        let choices: Vec<(Uuid, String)> = sqlx::query_as(
            "SELECT id, version FROM versions WHERE mp_id = $1
               AND state IN ('approved', 'released', 'superseded') AND id IS DISTINCT FROM $2
             ORDER BY v_major DESC, v_minor DESC, v_patch DESC, created_at DESC LIMIT 10",
        )
        .bind(&mp_id)
        .bind(stable_id)
        .fetch_all(&st.pool)
        .await?;
        type PlanRow = (
            Uuid,
            String,
            Option<String>,
            Uuid,
            String,
            i16,
            String,
            Vec<String>,
            serde_json::Value,
            Option<String>,
            Option<f64>,
            i32,
            i32,
            String,
            Option<OffsetDateTime>,
            OffsetDateTime,
        );
        let open: Option<PlanRow> = sqlx::query_as(
            "SELECT p.id, p.state, p.state_reason, v.id, v.version, p.percentage, p.bucket_group,
                    p.allow_list, p.conditions, p.min_version, p.max_error_rate, p.min_launches,
                    p.error_window_minutes, p.on_error, p.started_at, p.updated_at
             FROM release_plans p JOIN versions v ON v.id = p.candidate_version_id
             WHERE p.mp_id = $1 AND p.host_app_id = $2 AND p.state IN ('draft', 'running', 'paused')",
        )
        .bind(&mp_id)
        .bind(host)
        .fetch_optional(&st.pool)
        .await?;
        let history: Vec<(Uuid, String, String, i16, Option<OffsetDateTime>, Option<String>)> = sqlx::query_as(
            "SELECT p.id, p.state, v.version, p.percentage, p.ended_at, p.state_reason
             FROM release_plans p JOIN versions v ON v.id = p.candidate_version_id
             WHERE p.mp_id = $1 AND p.host_app_id = $2 AND p.state IN ('completed', 'rolled_back')
             ORDER BY p.ended_at DESC NULLS LAST LIMIT 10",
        )
        .bind(&mp_id)
        .bind(host)
        .fetch_all(&st.pool)
        .await?;
        let mut page = PlanPage {
            mp_id: mp_id.clone(),
            mp_name,
            app_key: app_key.clone(),
            host_name,
            stable: release.as_ref().map(|(id, v, _)| VersionChoice { id: id.to_string(), version: v.clone() }),
            release_active: release.as_ref().is_some_and(|r| r.2),
            choices: choices.into_iter().map(|(id, version)| VersionChoice { id: id.to_string(), version }).collect(),
            plan_id: None,
            state: None,
            state_reason: None,
            candidate: None,
            input: PlanInput {
                mp_id: mp_id.clone(),
                app_key: app_key.clone(),
                group: mp_id.clone(),
                min_launches: 50,
                error_window_minutes: 60,
                on_error: "pause".into(),
                ..PlanInput::default()
            },
            health: None,
            history: history
                .into_iter()
                .filter_map(|(id, s, candidate, pct, ended, why)| Some(PastPlan {
                    id: id.to_string(),
                    state: PlanState::parse(&s)?,
                    candidate,
                    percentage: pct.clamp(0, 100) as u8,
                    ended_at: ended.map(fmt),
                    state_reason: why,
                }))
                .collect(),
            started_at: None,
            updated_at: None,
        };
        if let Some(first) = page.choices.first() {
            page.input.candidate_version_id = first.id.clone();
        }
        if let Some((id, state, why, cand_id, cand_version, pct, group, allow, conditions, min_version, max_rate, min_launches, window, on_error, started, updated)) = open {
            let rules = plans::rules_of(&group, pct, &allow, &conditions);
            page.plan_id = Some(id.to_string());
            page.state = PlanState::parse(&state);
            page.state_reason = why;
            page.candidate = Some(VersionChoice { id: cand_id.to_string(), version: cand_version.clone() });
            page.started_at = started.map(fmt);
            page.updated_at = Some(fmt(updated));
            page.input = PlanInput {
                mp_id: mp_id.clone(),
                app_key: app_key.clone(),
                candidate_version_id: cand_id.to_string(),
                percentage: rules.percentage,
                group,
                allow_list: allow,
                conditions: rules.conditions.iter().map(plans::to_condition_input).collect(),
                min_version,
                max_error_rate_pct: max_rate.map(|r| (r * 1000.0).round() / 10.0),
                min_launches,
                error_window_minutes: window,
                on_error,
                steps: plans::steps_of(&st.pool, id).await?,
            };
            if !page.choices.iter().any(|c| c.id == cand_id.to_string()) {
                page.choices.insert(0, VersionChoice { id: cand_id.to_string(), version: cand_version.clone() });
            }
            let mut conn = st.pool.acquire().await?;
            let (launches, errors) = plans::candidate_health(&mut conn, host, &mp_id, &cand_version, window).await?;
            page.health = Some(CandidateHealth { launches, errors, window_minutes: window });
        }
        Ok(page)
    })
    .await
}

/// Creates the open plan of a release (as a draft) or changes it. Changes to a running plan
/// take effect at once, on every server instance. Returns the plan id.
#[leptos::server(prefix = "/rpc", endpoint = "plans/save", input = Json)]
pub async fn save_plan(input: PlanInput) -> Result<String, AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        let checked = plans::check(&input, OffsetDateTime::now_utc())?;
        let candidate = Uuid::parse_str(&input.candidate_version_id)
            .map_err(|_| AppError::validation("candidate_version_id", "Choose a candidate version."))?;
        let mut tx = st.pool.begin().await?;
        let (host, _) = host_by_key(&mut *tx, &input.app_key).await?;
        let release: Option<(Uuid, bool)> = sqlx::query_as(
            "SELECT stable_version_id, active FROM releases WHERE mp_id = $1 AND host_app_id = $2 FOR UPDATE",
        )
        .bind(&input.mp_id)
        .bind(host)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((stable, true)) = release else {
            return Err(AppError::conflict("Release a version to this host app fully before planning a grayscale release."));
        };
        let cand: Option<(String, String)> = sqlx::query_as("SELECT version, state FROM versions WHERE id = $1 AND mp_id = $2")
            .bind(candidate)
            .bind(&input.mp_id)
            .fetch_optional(&mut *tx)
            .await?;
        let (cand_version, cand_state) = cand.ok_or_else(|| AppError::validation("candidate_version_id", "That version is not one of this mini-program's."))?;
        if !matches!(VersionState::parse(&cand_state), Some(VersionState::Approved | VersionState::Released | VersionState::Superseded)) {
            return Err(AppError::validation("candidate_version_id", format!("Version {cand_version} is not approved.")));
        }
        if candidate == stable {
            return Err(AppError::validation("candidate_version_id", format!("Version {cand_version} is already the stable version.")));
        }
        let conditions = serde_json::to_value(&checked.rules.conditions).map_err(|e| AppError::internal(e.to_string()))?;
        let allow: Vec<String> = checked.rules.allow_list.iter().cloned().collect();
        let open: Option<(Uuid, String, Uuid, i16, String)> = sqlx::query_as(
            "SELECT id, state, candidate_version_id, percentage, bucket_group FROM release_plans
             WHERE mp_id = $1 AND host_app_id = $2 AND state IN ('draft', 'running', 'paused') FOR UPDATE",
        )
        .bind(&input.mp_id)
        .bind(host)
        .fetch_optional(&mut *tx)
        .await?;
        let id = match open {
            None => {
                let id = Uuid::new_v4();
                let q = sqlx::query(
                    "INSERT INTO release_plans (id, mp_id, host_app_id, stable_version_id, candidate_version_id,
                       percentage, bucket_group, allow_list, conditions, min_version, max_error_rate, min_launches,
                       error_window_minutes, on_error, created_by)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                )
                .bind(id)
                .bind(&input.mp_id)
                .bind(host)
                .bind(stable);
                checked
                    .bind_settings(q, candidate, &allow, &conditions)
                    .bind(me.id)
                    .execute(&mut *tx)
                    .await?;
                audit::record(&mut *tx, Some(me.id), "plan.created", "mini_program", &input.mp_id, serde_json::json!({
                    "plan": id, "host_app": input.app_key, "candidate": cand_version, "percentage": checked.rules.percentage,
                    "group": checked.rules.group, "allow_list": allow.len(), "conditions": checked.rules.conditions.len(),
                })).await?;
                id
            }
            Some((id, state, old_candidate, old_pct, old_group)) => {
                if state != "draft" && old_candidate != candidate {
                    return Err(AppError::conflict("The candidate of a started plan cannot change: complete or roll it back, then plan the new version."));
                }
                let q = sqlx::query(
                    "UPDATE release_plans SET candidate_version_id = $2, percentage = $3, bucket_group = $4, allow_list = $5,
                       conditions = $6, min_version = $7, max_error_rate = $8, min_launches = $9, error_window_minutes = $10,
                       on_error = $11, updated_at = now(), stable_version_id = CASE WHEN state = 'draft' THEN $12 ELSE stable_version_id END
                     WHERE id = $1",
                )
                .bind(id);
                checked
                    .bind_settings(q, candidate, &allow, &conditions)
                    .bind(stable)
                    .execute(&mut *tx)
                    .await?;
                audit::record(&mut *tx, Some(me.id), "plan.updated", "mini_program", &input.mp_id, serde_json::json!({
                    "plan": id, "host_app": input.app_key, "state": state, "candidate": cand_version,
                    "percentage": {"from": old_pct, "to": checked.rules.percentage},
                    "group_changed": old_group != checked.rules.group, "group": checked.rules.group,
                    "allow_list": allow.len(), "conditions": checked.rules.conditions.len(),
                })).await?;
                id
            }
        };
        sqlx::query("DELETE FROM plan_steps WHERE plan_id = $1 AND applied_at IS NULL")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let base: i32 = sqlx::query_scalar("SELECT COALESCE(max(position), 0) FROM plan_steps WHERE plan_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        for (i, (pct, at)) in checked.steps.iter().enumerate() {
            sqlx::query("INSERT INTO plan_steps (plan_id, position, percentage, at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(base + 1 + i as i32)
                .bind(i16::from(*pct))
                .bind(*at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        server::resolve_changed(&st).await;
        Ok(id.to_string())
    })
    .await
}

/// Starts, pauses, resumes, completes or rolls back a plan.
#[leptos::server(prefix = "/rpc", endpoint = "plans/action")]
pub async fn plan_action(plan_id: String, action: String) -> Result<String, AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        let id = Uuid::parse_str(&plan_id)
            .map_err(|_| AppError::validation("plan_id", "Not a valid id."))?;
        let action = PlanAction::parse(&action)
            .ok_or_else(|| AppError::validation("action", "Unknown action."))?;
        let mut tx = st.pool.begin().await?;
        let to = plans::apply_action(&mut tx, id, action, Some(me.id), None).await?;
        tx.commit().await?;
        server::resolve_changed(&st).await;
        Ok(to.as_str().to_string())
    })
    .await
}

/// Deletes a draft plan.
#[leptos::server(prefix = "/rpc", endpoint = "plans/discard")]
pub async fn discard_plan(plan_id: String) -> Result<(), AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        let id = Uuid::parse_str(&plan_id)
            .map_err(|_| AppError::validation("plan_id", "Not a valid id."))?;
        let mut tx = st.pool.begin().await?;
        let row: Option<(String,)> = sqlx::query_as(
            "DELETE FROM release_plans WHERE id = $1 AND state = 'draft' RETURNING mp_id",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let (mp_id,) = row.ok_or_else(|| {
            AppError::conflict("Only a draft can be discarded; roll a started plan back instead.")
        })?;
        audit::record(
            &mut *tx,
            Some(me.id),
            "plan.discarded",
            "mini_program",
            &mp_id,
            serde_json::json!({"plan": id}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// How many of the users seen on the host app in the last 30 days the plan would reach.
#[leptos::server(prefix = "/rpc", endpoint = "plans/preview", input = Json)]
pub async fn preview_audience(input: PlanInput) -> Result<AudiencePreview, AppError> {
    use imp::*;
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let mut draft = input.clone();
        draft.steps.clear();
        let checked = plans::check(&draft, OffsetDateTime::now_utc())?;
        let (host, _) = host_by_key(&st.pool, &input.app_key).await?;
        plans::preview(&st.pool, host, &checked.rules).await
    })
    .await
}
