//! Versions of mini-programs: uploads, state changes (each in the caller's transaction with its
//! audit entry), and what the portal, review and launch pages read of them.

use crate::error::{AppError, AppResult};
use crate::versions::{next_state, Actor, Transition, VersionState};
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

/// A locked version row.
pub struct Locked {
    pub id: Uuid,
    pub mp_id: String,
    pub version: String,
    pub state: VersionState,
}

/// A new version of a mini-program, as an upload (or the demo data) stores it.
pub struct NewVersion<'a> {
    pub id: Uuid,
    pub mp_id: &'a str,
    pub version: &'a semver::Version,
    pub state: VersionState,
    pub package_sha: &'a str,
    pub size: i64,
    /// The validation report, as JSON.
    pub report: serde_json::Value,
    pub permissions: &'a [String],
    pub entry: &'a str,
    pub release_notes: &'a str,
    pub uploaded_by: Option<Uuid>,
}

/// Stores a new version. A version number the mini-program has already is a unique violation.
pub async fn insert(db: impl PgExecutor<'_>, v: &NewVersion<'_>) -> sqlx::Result<()> {
    let (major, minor, patch) = (
        i64::try_from(v.version.major).unwrap_or(i64::MAX),
        i64::try_from(v.version.minor).unwrap_or(i64::MAX),
        i64::try_from(v.version.patch).unwrap_or(i64::MAX),
    );
    sqlx::query!(
        "INSERT INTO versions (id, mp_id, version, v_major, v_minor, v_patch, state, package_sha,
                               size, report, permissions, entry, release_notes, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        v.id,
        v.mp_id,
        v.version.to_string(),
        major,
        minor,
        patch,
        v.state as VersionState,
        v.package_sha,
        v.size,
        v.report,
        v.permissions,
        v.entry,
        v.release_notes,
        v.uploaded_by
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether mini-program `mp_id` has a version numbered `version`.
pub async fn exists(db: impl PgExecutor<'_>, mp_id: &str, version: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT 1 AS "one!" FROM versions WHERE mp_id = $1 AND version = $2"#,
        mp_id,
        version
    )
    .fetch_optional(db)
    .await?
    .is_some())
}

/// Locks version `id` for update.
pub async fn lock(tx: &mut PgConnection, id: Uuid) -> AppResult<Locked> {
    sqlx::query_as!(
        Locked,
        r#"SELECT id, mp_id, version, state AS "state: VersionState"
           FROM versions WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(tx)
    .await?
    .ok_or_else(|| AppError::not_found("That version"))
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
    sqlx::query!(
        "UPDATE versions SET state = $2,
            submitted_at = CASE WHEN $2 = 'in_review' THEN now() ELSE submitted_at END,
            reviewed_by = CASE WHEN $2 IN ('approved', 'rejected') THEN $3 ELSE reviewed_by END,
            reviewed_at = CASE WHEN $2 IN ('approved', 'rejected') THEN now() ELSE reviewed_at END,
            review_reason = CASE WHEN $2 IN ('approved', 'rejected') THEN $4 ELSE review_reason END
         WHERE id = $1",
        v.id,
        to as VersionState,
        actor_id,
        reason
    )
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

/// A version in a mini-program's portal list.
pub struct VersionListRow {
    pub id: Uuid,
    pub version: String,
    pub state: VersionState,
    pub size: i64,
    pub package_sha: Option<String>,
    pub release_notes: String,
    pub review_reason: Option<String>,
    pub created_at: time::OffsetDateTime,
    pub submitted_at: Option<time::OffsetDateTime>,
}

/// A version's validation report, and its place in the review queue.
pub struct ReportRow {
    pub mp_id: String,
    pub version: String,
    pub state: VersionState,
    pub report: Option<serde_json::Value>,
    /// Versions in review submitted no later than this one (itself included while in review).
    pub queue_position: i64,
}

/// The version a mini-program serves in the storefront: its latest version released to an
/// enabled host app.
pub struct ReleasedRow {
    pub version: String,
    pub package_sha: String,
    pub entry: String,
    pub release_notes: String,
    pub size: i64,
    pub permissions: Vec<String>,
    pub released_at: time::OffsetDateTime,
    /// The mini-program's name.
    pub name: String,
}

/// What the sandbox needs to run one version.
pub struct LaunchRow {
    pub mp_id: String,
    /// The mini-program's name.
    pub name: String,
    pub version: String,
    pub permissions: Vec<String>,
    pub package_sha: String,
    pub entry: String,
}

/// The version numbers mini-program `mp_id` has.
pub async fn numbers(db: impl PgExecutor<'_>, mp_id: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!("SELECT version FROM versions WHERE mp_id = $1", mp_id)
        .fetch_all(db)
        .await
}

/// The mini-program version `id` belongs to.
pub async fn mp_of(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!("SELECT mp_id FROM versions WHERE id = $1", id)
        .fetch_optional(db)
        .await
}

/// Records an uploaded package: its blob, the version `v` (a version number taken already is a
/// conflict), the audit entry (with the package's `file_count`) and the mini-program's change
/// time, in one transaction.
pub async fn record_upload(
    pool: &sqlx::PgPool,
    v: &NewVersion<'_>,
    content_type: &str,
    file_count: usize,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    super::blobs::insert(&mut *tx, v.package_sha, v.size, content_type).await?;
    if let Err(e) = insert(&mut *tx, v).await {
        if let sqlx::Error::Database(d) = &e {
            if d.is_unique_violation() {
                return Err(AppError::conflict(format!(
                    "Version {} was uploaded already.",
                    v.version
                )));
            }
        }
        return Err(e.into());
    }
    super::audit::record(
        &mut *tx,
        v.uploaded_by,
        "version.uploaded",
        "version",
        &format!("{}@{}", v.mp_id, v.version),
        serde_json::json!({"sha256": v.package_sha, "size": v.size, "files": file_count,
                           "to": v.state.as_str()}),
    )
    .await?;
    super::mini_programs::touch(&mut *tx, v.mp_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Versions of mini-program `mp_id`, newest first.
pub async fn of_mp(db: impl PgExecutor<'_>, mp_id: &str) -> sqlx::Result<Vec<VersionListRow>> {
    sqlx::query_as!(
        VersionListRow,
        r#"SELECT id, version, state AS "state: VersionState", size, package_sha, release_notes,
                  review_reason, created_at, submitted_at
           FROM versions WHERE mp_id = $1
           ORDER BY v_major DESC, v_minor DESC, v_patch DESC, created_at DESC"#,
        mp_id
    )
    .fetch_all(db)
    .await
}

/// Version `id`'s report and queue position.
pub async fn report(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<ReportRow>> {
    sqlx::query_as!(
        ReportRow,
        r#"SELECT mp_id, version, state AS "state: VersionState", report,
                  (SELECT count(*) FROM versions q
                   WHERE q.state = 'in_review' AND q.submitted_at <= v.submitted_at)
                  AS "queue_position!"
           FROM versions v WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// The version mini-program `mp_id` serves in the storefront, if it is released and not
/// suspended.
pub async fn released(db: impl PgExecutor<'_>, mp_id: &str) -> sqlx::Result<Option<ReleasedRow>> {
    sqlx::query_as!(
        ReleasedRow,
        r#"SELECT v.version, v.package_sha AS "package_sha!", v.entry, v.release_notes, v.size,
                  v.permissions, r.released_at, p.name
           FROM releases r JOIN versions v ON v.id = r.stable_version_id
           JOIN host_apps h ON h.id = r.host_app_id JOIN mini_programs p ON p.id = r.mp_id
           WHERE r.mp_id = $1 AND r.active AND NOT h.disabled AND NOT p.suspended
           ORDER BY v.v_major DESC, v.v_minor DESC, v.v_patch DESC LIMIT 1"#,
        mp_id
    )
    .fetch_optional(db)
    .await
}

/// Mini-program `mp_id`'s trial build (the latest version in trial), if it has one.
pub async fn trial_build(db: impl PgExecutor<'_>, mp_id: &str) -> sqlx::Result<Option<LaunchRow>> {
    sqlx::query_as!(
        LaunchRow,
        r#"SELECT v.mp_id, p.name, v.version, v.permissions, v.package_sha AS "package_sha!",
                  v.entry
           FROM versions v JOIN mini_programs p ON p.id = v.mp_id
           WHERE v.mp_id = $1 AND v.state = 'in_trial' ORDER BY v.created_at DESC LIMIT 1"#,
        mp_id
    )
    .fetch_optional(db)
    .await
}

/// Version `id` as the sandbox runs it, if it has a package.
pub async fn launch(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<LaunchRow>> {
    sqlx::query_as!(
        LaunchRow,
        r#"SELECT v.mp_id, p.name, v.version, v.permissions, v.package_sha AS "package_sha!",
                  v.entry
           FROM versions v JOIN mini_programs p ON p.id = v.mp_id
           WHERE v.id = $1 AND v.package_sha IS NOT NULL"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Sends mini-program `mp_id`'s trial build, other than `except`, back to validated (one trial
/// build at a time).
async fn end_other_trials(tx: &mut PgConnection, mp_id: &str, except: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE versions SET state = 'validated'
         WHERE mp_id = $1 AND state = 'in_trial' AND id <> $2",
        mp_id,
        except
    )
    .execute(tx)
    .await?;
    Ok(())
}

async fn set_release_notes(tx: &mut PgConnection, id: Uuid, notes: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE versions SET release_notes = $2 WHERE id = $1",
        id,
        notes
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Applies the developer transition `t` to version `id` for `by`, in one transaction: starting
/// a trial ends the mini-program's other trial; `notes` (checked by the caller) become the
/// release notes.
pub async fn developer_transition(
    pool: &sqlx::PgPool,
    id: Uuid,
    t: Transition,
    notes: Option<&str>,
    by: Uuid,
) -> AppResult<VersionState> {
    let mut tx = pool.begin().await?;
    let v = lock(&mut tx, id).await?;
    if t == Transition::StartTrial {
        end_other_trials(&mut tx, &v.mp_id, id).await?;
    }
    if let Some(notes) = notes {
        set_release_notes(&mut tx, id, notes).await?;
    }
    let to = transition(&mut tx, &v, t, Actor::OrgDeveloper, Some(by), None).await?;
    tx.commit().await?;
    Ok(to)
}

/// Applies transition `t` to version `id` as `actor`, with `reason`, in one transaction.
pub async fn apply(
    pool: &sqlx::PgPool,
    id: Uuid,
    t: Transition,
    actor: Actor,
    actor_id: Option<Uuid>,
    reason: Option<&str>,
) -> AppResult<VersionState> {
    let mut tx = pool.begin().await?;
    let v = lock(&mut tx, id).await?;
    let to = transition(&mut tx, &v, t, actor, actor_id, reason).await?;
    tx.commit().await?;
    Ok(to)
}
