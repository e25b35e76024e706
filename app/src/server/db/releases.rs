//! Releases: which version of a mini-program each host app serves to everyone (outside a
//! plan), whether it is active, and what the release pages of the admin console read.

use crate::error::{AppError, AppResult};
use crate::grayscale::PlanState;
use crate::versions::VersionState;
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// The states of a version that may be released (again), rolled back to, or be a candidate.
pub const RELEASABLE: [VersionState; 3] = [
    VersionState::Approved,
    VersionState::Released,
    VersionState::Superseded,
];

/// A mini-program in the admin list, with where it is live and its newest version.
pub struct ProgramListRow {
    pub id: String,
    pub name: String,
    pub org_name: String,
    pub suspended: bool,
    pub live_in: i64,
    pub latest_version: Option<String>,
    pub latest_state: Option<VersionState>,
}

/// A mini-program as its release pages head it.
pub struct ProgramRow {
    pub name: String,
    pub org_name: String,
    pub suspended: bool,
    pub suspended_reason: Option<String>,
}

/// An enabled host app with the mini-program's release there (if any) and its open plan.
pub struct HostReleaseRow {
    pub app_key: String,
    pub name: String,
    pub version: Option<String>,
    pub active: Option<bool>,
    /// `v1.1.0 at 20 % · running`.
    pub plan: Option<String>,
}

/// The release's stable version.
pub struct StableRow {
    pub id: Uuid,
    pub version: String,
    pub active: bool,
}

/// A release locked for a change.
pub struct LockedRelease {
    pub stable_version_id: Uuid,
    pub active: bool,
}

/// A release just withdrawn.
pub struct Withdrawn {
    pub host_app_id: Uuid,
    pub stable_version_id: Uuid,
}

/// Every mini-program, by name.
pub async fn list_programs(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<ProgramListRow>> {
    sqlx::query_as!(
        ProgramListRow,
        r#"SELECT p.id, p.name, o.name AS org_name, p.suspended,
                  (SELECT count(*) FROM releases r WHERE r.mp_id = p.id AND r.active) AS "live_in!",
                  v.version AS "latest_version?", v.state AS "latest_state?: VersionState"
           FROM mini_programs p JOIN organizations o ON o.id = p.org_id
           LEFT JOIN LATERAL (SELECT version, state FROM versions WHERE mp_id = p.id
               ORDER BY v_major DESC, v_minor DESC, v_patch DESC LIMIT 1) v ON TRUE
           ORDER BY p.name"#
    )
    .fetch_all(db)
    .await
}

/// Mini-program `mp_id`, or `NotFound`.
pub async fn program(db: impl PgExecutor<'_>, mp_id: &str) -> AppResult<ProgramRow> {
    sqlx::query_as!(
        ProgramRow,
        "SELECT p.name, o.name AS org_name, p.suspended, p.suspended_reason
         FROM mini_programs p JOIN organizations o ON o.id = p.org_id WHERE p.id = $1",
        mp_id
    )
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::not_found("That mini-program"))
}

/// `mp_id`'s release on each enabled host app, oldest host app first.
pub async fn per_host(db: impl PgExecutor<'_>, mp_id: &str) -> sqlx::Result<Vec<HostReleaseRow>> {
    sqlx::query_as!(
        HostReleaseRow,
        r#"SELECT h.app_key, h.name, v.version AS "version?", r.active AS "active?",
                  (SELECT 'v' || cv.version || ' at ' || p.percentage || ' % · '
                          || replace(p.state, '_', ' ')
                   FROM release_plans p JOIN versions cv ON cv.id = p.candidate_version_id
                   WHERE p.mp_id = $1 AND p.host_app_id = h.id AND p.state = ANY($2)) AS plan
           FROM host_apps h
           LEFT JOIN releases r ON r.host_app_id = h.id AND r.mp_id = $1
           LEFT JOIN versions v ON v.id = r.stable_version_id
           WHERE NOT h.disabled AND NOT h.builtin ORDER BY h.created_at"#,
        mp_id,
        &super::plans::OPEN[..] as &[PlanState]
    )
    .fetch_all(db)
    .await
}

/// The stable version of `mp_id`'s release on host app `host`.
pub async fn stable_of(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    host: Uuid,
) -> sqlx::Result<Option<StableRow>> {
    sqlx::query_as!(
        StableRow,
        "SELECT v.id, v.version, r.active
         FROM releases r JOIN versions v ON v.id = r.stable_version_id
         WHERE r.mp_id = $1 AND r.host_app_id = $2",
        mp_id,
        host
    )
    .fetch_optional(db)
    .await
}

/// Locks `mp_id`'s release on host app `host`.
pub async fn lock(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    host: Uuid,
) -> sqlx::Result<Option<LockedRelease>> {
    sqlx::query_as!(
        LockedRelease,
        "SELECT stable_version_id, active FROM releases
         WHERE mp_id = $1 AND host_app_id = $2 FOR UPDATE",
        mp_id,
        host
    )
    .fetch_optional(db)
    .await
}

/// The version `mp_id`'s active release on host app `host` serves.
pub async fn active_stable(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    host: Uuid,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "SELECT stable_version_id FROM releases WHERE mp_id = $1 AND host_app_id = $2 AND active",
        mp_id,
        host
    )
    .fetch_optional(db)
    .await
}

/// Releases `version` of `mp_id` to host app `host` fully: a new active release, or the
/// existing one re-pointed and made active again (a full release, released at `released_at`,
/// now if `None`).
pub async fn upsert_active(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    host: Uuid,
    version: Uuid,
    released_at: Option<OffsetDateTime>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO releases (mp_id, host_app_id, stable_version_id, released_at)
         VALUES ($1, $2, $3, COALESCE($4, now()))
         ON CONFLICT (mp_id, host_app_id) DO UPDATE SET
           stable_version_id = EXCLUDED.stable_version_id, active = TRUE, reason = 'full',
           released_at = EXCLUDED.released_at, updated_at = now()",
        mp_id,
        host,
        version,
        released_at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Withdraws `mp_id`'s active release from host app `app_key`, if it has one.
pub async fn withdraw(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    app_key: &str,
) -> sqlx::Result<Option<Withdrawn>> {
    sqlx::query_as!(
        Withdrawn,
        "UPDATE releases r SET active = FALSE, updated_at = now() FROM host_apps h
         WHERE r.host_app_id = h.id AND h.app_key = $2 AND r.mp_id = $1 AND r.active
         RETURNING r.host_app_id, r.stable_version_id",
        mp_id,
        app_key
    )
    .fetch_optional(db)
    .await
}

/// How many active releases serve version `id`.
pub async fn active_count(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM releases WHERE stable_version_id = $1 AND active"#,
        id
    )
    .fetch_one(db)
    .await
}

/// How many active releases and live plans serve version `id`.
pub async fn serving_count(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT (SELECT count(*) FROM releases WHERE stable_version_id = $1 AND active)
                + (SELECT count(*) FROM release_plans WHERE candidate_version_id = $1
                     AND state = ANY($2)) AS "n!""#,
        id,
        &super::plans::LIVE[..] as &[PlanState]
    )
    .fetch_one(db)
    .await
}

/// The last 5 versions of `mp_id` a release may be rolled back to.
pub async fn rollback_targets(db: impl PgExecutor<'_>, mp_id: &str) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        "SELECT id FROM versions WHERE mp_id = $1 AND state = ANY($2)
         ORDER BY v_major DESC, v_minor DESC, v_patch DESC LIMIT 5",
        mp_id,
        &RELEASABLE[..] as &[VersionState]
    )
    .fetch_all(db)
    .await
}

/// The versions other than `except` that `mp_id`'s active releases serve.
pub async fn other_active_stables(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    except: Uuid,
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        "SELECT DISTINCT stable_version_id FROM releases
         WHERE mp_id = $1 AND active AND stable_version_id <> $2",
        mp_id,
        except
    )
    .fetch_all(db)
    .await
}

/// Points every active release of `mp_id` at `version`, as a rollback.
pub async fn roll_back_all(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    version: Uuid,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE releases SET stable_version_id = $2, reason = 'rollback', updated_at = now()
         WHERE mp_id = $1 AND active",
        mp_id,
        version
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A completed plan's candidate becomes the stable version of `mp_id` on host app `host`
/// (with the plan's minimum version, if it has one).
pub async fn promote(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    host: Uuid,
    candidate: Uuid,
    min_version: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE releases SET stable_version_id = $3, reason = 'full',
         min_version = COALESCE($4, min_version), updated_at = now()
         WHERE mp_id = $1 AND host_app_id = $2",
        mp_id,
        host,
        candidate,
        min_version
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A plan of `mp_id` on host app `host` was rolled back: the release says so.
pub async fn mark_rolled_back(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    host: Uuid,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE releases SET reason = 'rollback', updated_at = now()
         WHERE mp_id = $1 AND host_app_id = $2",
        mp_id,
        host
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Suspends mini-program `mp_id` everywhere (with why), or lifts the suspension, audited.
pub async fn set_suspended_audited(
    pool: &PgPool,
    mp_id: &str,
    suspended: bool,
    reason: &str,
    by: Uuid,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE mini_programs SET suspended = $2, suspended_reason = $3, updated_at = now()
         WHERE id = $1",
        mp_id,
        suspended,
        suspended.then_some(reason)
    )
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() == 0 {
        return Err(AppError::not_found("That mini-program"));
    }
    let action = if suspended {
        "mp.suspended"
    } else {
        "mp.unsuspended"
    };
    super::audit::record(
        &mut *tx,
        Some(by),
        action,
        "mini_program",
        mp_id,
        serde_json::json!({"reason": reason}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
