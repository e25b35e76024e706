//! Release server functions (operators and admins).

#[cfg(feature = "ssr")]
use super::HostRelease;
use super::{AdminMpRow, ReleaseOverview};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

#[cfg(feature = "ssr")]
mod imp {
    pub use crate::domain::Role;
    pub use crate::server::db::{audit, versions};
    pub use crate::server::plans;
    pub use crate::versions::{Actor, Transition, VersionState};
    pub use uuid::Uuid;

    pub fn parse_uuid(field: &str, s: &str) -> Result<Uuid, crate::error::AppError> {
        Uuid::parse_str(s).map_err(|_| crate::error::AppError::validation(field, "Not a valid id."))
    }
}

/// All mini-programs with where they are live.
#[leptos::server(prefix = "/rpc", endpoint = "releases/list")]
pub async fn admin_miniprograms() -> Result<Vec<AdminMpRow>, AppError> {
    use imp::*;
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let rows: Vec<(String, String, String, bool, i64, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT p.id, p.name, o.name, p.suspended,
                    (SELECT count(*) FROM releases r WHERE r.mp_id = p.id AND r.active), v.version, v.state
             FROM mini_programs p JOIN organizations o ON o.id = p.org_id
             LEFT JOIN LATERAL (SELECT version, state FROM versions WHERE mp_id = p.id
                 ORDER BY v_major DESC, v_minor DESC, v_patch DESC LIMIT 1) v ON TRUE
             ORDER BY p.name",
        )
        .fetch_all(&st.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, org_name, suspended, live_in, v, s)| AdminMpRow {
                id,
                name,
                org_name,
                suspended,
                live_in,
                latest_version: v,
                latest_state: s.as_deref().and_then(VersionState::parse),
            })
            .collect())
    })
    .await
}

/// One mini-program's releases per host app, and the versions that may be released.
#[leptos::server(prefix = "/rpc", endpoint = "releases/overview")]
pub async fn get_release_overview(mp_id: String) -> Result<ReleaseOverview, AppError> {
    use imp::*;
    server::respond(async move {
        server::require(Role::Operator).await?;
        let st = server::state()?;
        let (mp_name, org_name, suspended, suspended_reason): (String, String, bool, Option<String>) = sqlx::query_as(
            "SELECT p.name, o.name, p.suspended, p.suspended_reason FROM mini_programs p JOIN organizations o ON o.id = p.org_id WHERE p.id = $1",
        )
        .bind(&mp_id)
        .fetch_optional(&st.pool)
        .await?
        .ok_or_else(|| AppError::not_found("That mini-program"))?;
        let hosts: Vec<(String, String, Option<String>, Option<bool>, Option<String>)> = sqlx::query_as(
            "SELECT h.app_key, h.name, v.version, r.active,
                    (SELECT 'v' || cv.version || ' at ' || p.percentage || ' % · ' || replace(p.state, '_', ' ')
                     FROM release_plans p JOIN versions cv ON cv.id = p.candidate_version_id
                     WHERE p.mp_id = $1 AND p.host_app_id = h.id AND p.state IN ('draft', 'running', 'paused'))
             FROM host_apps h
             LEFT JOIN releases r ON r.host_app_id = h.id AND r.mp_id = $1
             LEFT JOIN versions v ON v.id = r.stable_version_id
             WHERE NOT h.disabled ORDER BY h.created_at",
        )
        .bind(&mp_id)
        .fetch_all(&st.pool)
        .await?;
        let mut releasable = crate::miniprograms::api::versions_of(&st.pool, &mp_id).await?;
        releasable.retain(|v| matches!(v.state, VersionState::Approved | VersionState::Superseded | VersionState::Released));
        releasable.truncate(5);
        Ok(ReleaseOverview {
            mp_id,
            mp_name,
            org_name,
            suspended,
            suspended_reason,
            host_apps: hosts
                .into_iter()
                .map(|(app_key, name, version, active, plan)| HostRelease { app_key, name, version, active: active.unwrap_or(false), plan })
                .collect(),
            releasable,
        })
    })
    .await
}

/// Releases an approved (or earlier released) version to host apps, fully. The version each
/// host app served before is superseded once nothing serves it.
#[leptos::server(prefix = "/rpc", endpoint = "releases/release")]
pub async fn release_version(
    version_id: String,
    #[server(default)] app_keys: Vec<String>,
) -> Result<(), AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        if app_keys.is_empty() {
            return Err(AppError::validation("app_keys", "Choose at least one host app."));
        }
        let st = server::state()?;
        let vid = parse_uuid("version_id", &version_id)?;
        let mut tx = st.pool.begin().await?;
        let v = versions::lock(&mut tx, vid).await?;
        if !matches!(v.state, VersionState::Approved | VersionState::Superseded | VersionState::Released) {
            return Err(AppError::conflict(format!(
                "Only approved versions can be released; {} is {}.",
                v.version,
                v.state.label().to_lowercase()
            )));
        }
        if v.state != VersionState::Released {
            versions::transition(&mut tx, &v, Transition::Release, Actor::Operator, Some(me.id), None).await?;
        }
        let mut previous = vec![];
        for key in &app_keys {
            let host: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM host_apps WHERE app_key = $1 AND NOT disabled")
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?;
            let (host,) = host.ok_or_else(|| AppError::validation("app_keys", format!("No active host app has the key {key}.")))?;
            let live_plan: Option<(String,)> = sqlx::query_as(
                "SELECT state FROM release_plans WHERE mp_id = $1 AND host_app_id = $2 AND state IN ('running', 'paused')",
            )
            .bind(&v.mp_id)
            .bind(host)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((state,)) = live_plan {
                return Err(AppError::conflict(format!(
                    "A grayscale plan is {state} on {key}: complete it or roll it back before a full release."
                )));
            }
            let before: Option<(Uuid,)> = sqlx::query_as("SELECT stable_version_id FROM releases WHERE mp_id = $1 AND host_app_id = $2 AND active")
                .bind(&v.mp_id)
                .bind(host)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some((b,)) = before {
                if b != vid {
                    previous.push(b);
                }
            }
            sqlx::query(
                "INSERT INTO releases (mp_id, host_app_id, stable_version_id) VALUES ($1, $2, $3)
                 ON CONFLICT (mp_id, host_app_id) DO UPDATE SET stable_version_id = $3, active = TRUE, reason = 'full', released_at = now(), updated_at = now()",
            )
            .bind(&v.mp_id)
            .bind(host)
            .bind(vid)
            .execute(&mut *tx)
            .await?;
            audit::record(&mut *tx, Some(me.id), "release.full", "mini_program", &v.mp_id, serde_json::json!({"version": v.version, "host_app": key})).await?;
        }
        for b in previous {
            plans::supersede_if_unused(&mut tx, b, Some(me.id)).await?;
        }
        tx.commit().await?;
        server::resolve_changed(&st).await;
        Ok(())
    })
    .await
}

/// Stops serving a mini-program to one host app.
#[leptos::server(prefix = "/rpc", endpoint = "releases/withdraw")]
pub async fn withdraw(mp_id: String, app_key: String) -> Result<(), AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        let mut tx = st.pool.begin().await?;
        let row: Option<(Uuid,)> = sqlx::query_as(
            "UPDATE releases r SET active = FALSE, updated_at = now() FROM host_apps h
             WHERE r.host_app_id = h.id AND h.app_key = $2 AND r.mp_id = $1 AND r.active RETURNING r.stable_version_id",
        )
        .bind(&mp_id)
        .bind(&app_key)
        .fetch_optional(&mut *tx)
        .await?;
        let (vid,) = row.ok_or_else(|| AppError::not_found("An active release to that host app"))?;
        let (host,): (Uuid,) = sqlx::query_as("SELECT id FROM host_apps WHERE app_key = $1").bind(&app_key).fetch_one(&mut *tx).await?;
        crate::server::plans::end_open_plans(&mut tx, &mp_id, Some(host), me.id, "The mini-program was withdrawn from this host app.").await?;
        audit::record(&mut *tx, Some(me.id), "release.withdrawn", "mini_program", &mp_id, serde_json::json!({"host_app": app_key})).await?;
        let used: i64 = sqlx::query_scalar("SELECT count(*) FROM releases WHERE stable_version_id = $1 AND active").bind(vid).fetch_one(&mut *tx).await?;
        if used == 0 {
            let v = versions::lock(&mut tx, vid).await?;
            if v.state == VersionState::Released {
                versions::transition(&mut tx, &v, Transition::Withdraw, Actor::Operator, Some(me.id), None).await?;
            }
        }
        tx.commit().await?;
        server::resolve_changed(&st).await;
        Ok(())
    })
    .await
}

/// Suspends a mini-program everywhere (it stops resolving and leaves the storefront), or lifts
/// the suspension.
#[leptos::server(prefix = "/rpc", endpoint = "releases/suspend")]
pub async fn set_suspended(mp_id: String, suspended: bool, reason: String) -> Result<(), AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let reason = reason.trim().to_string();
        if suspended && reason.chars().count() < 5 {
            return Err(AppError::validation("reason", "Say why it is suspended (it goes in the audit log)."));
        }
        let st = server::state()?;
        let mut tx = st.pool.begin().await?;
        let r = sqlx::query("UPDATE mini_programs SET suspended = $2, suspended_reason = $3, updated_at = now() WHERE id = $1")
            .bind(&mp_id)
            .bind(suspended)
            .bind(suspended.then_some(&reason))
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() == 0 {
            return Err(AppError::not_found("That mini-program"));
        }
        let action = if suspended { "mp.suspended" } else { "mp.unsuspended" };
        audit::record(&mut *tx, Some(me.id), action, "mini_program", &mp_id, serde_json::json!({"reason": reason})).await?;
        tx.commit().await?;
        server::resolve_changed(&st).await;
        Ok(())
    })
    .await
}

/// Rolls every active release of a mini-program back to one of its last 5 approved versions.
#[leptos::server(prefix = "/rpc", endpoint = "releases/rollback")]
pub async fn rollback(mp_id: String, version_id: String) -> Result<(), AppError> {
    use imp::*;
    server::respond(async move {
        let me = server::require(Role::Operator).await?;
        let st = server::state()?;
        let vid = parse_uuid("version_id", &version_id)?;
        let allowed: Vec<(Uuid,)> = sqlx::query_as(
            "SELECT id FROM versions WHERE mp_id = $1 AND state IN ('approved', 'superseded', 'released')
             ORDER BY v_major DESC, v_minor DESC, v_patch DESC LIMIT 5",
        )
        .bind(&mp_id)
        .fetch_all(&st.pool)
        .await?;
        if !allowed.iter().any(|(id,)| *id == vid) {
            return Err(AppError::validation("version_id", "Roll back to one of the last 5 approved versions."));
        }
        let mut tx = st.pool.begin().await?;
        let v = versions::lock(&mut tx, vid).await?;
        let current: Vec<(Uuid,)> = sqlx::query_as("SELECT DISTINCT stable_version_id FROM releases WHERE mp_id = $1 AND active AND stable_version_id <> $2")
            .bind(&mp_id)
            .bind(vid)
            .fetch_all(&mut *tx)
            .await?;
        if current.is_empty() {
            return Err(AppError::conflict("Nothing to roll back: no host app serves another version."));
        }
        crate::server::plans::end_open_plans(&mut tx, &mp_id, None, me.id, "The release was rolled back to an earlier version.").await?;
        if v.state != VersionState::Released {
            versions::transition(&mut tx, &v, Transition::Rollback, Actor::Operator, Some(me.id), None).await?;
        }
        sqlx::query("UPDATE releases SET stable_version_id = $2, reason = 'rollback', updated_at = now() WHERE mp_id = $1 AND active")
            .bind(&mp_id)
            .bind(vid)
            .execute(&mut *tx)
            .await?;
        for (old,) in current {
            plans::supersede_if_unused(&mut tx, old, Some(me.id)).await?;
        }
        audit::record(&mut *tx, Some(me.id), "release.rolled_back", "mini_program", &mp_id, serde_json::json!({"to": v.version})).await?;
        tx.commit().await?;
        server::resolve_changed(&st).await;
        Ok(())
    })
    .await
}
