//! Host apps: the super-apps that embed mini-programs, their credentials and whether they may
//! call the host API.

use crate::error::{AppError, AppResult};
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// A host app, with how many mini-programs it has released (active releases).
pub struct HostAppRow {
    pub id: Uuid,
    pub app_key: String,
    pub name: String,
    pub platforms: Vec<String>,
    pub disabled: bool,
    pub created_at: OffsetDateTime,
    pub released: i64,
}

/// A host app's id and name.
pub struct HostRef {
    pub id: Uuid,
    pub name: String,
}

/// A new host app, as the admin console (or the demo data) creates it.
pub struct NewHostApp<'a> {
    pub id: Uuid,
    pub app_key: &'a str,
    pub name: &'a str,
    pub platforms: &'a [String],
    /// The hex sha256 of the secret (never the secret itself).
    pub secret_hash: &'a str,
}

/// Every host app but the built-in storefront, oldest first.
pub async fn list(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<HostAppRow>> {
    sqlx::query_as!(
        HostAppRow,
        r#"SELECT h.id, h.app_key, h.name, h.platforms, h.disabled, h.created_at,
                  (SELECT count(*) FROM releases r WHERE r.host_app_id = h.id AND r.active)
                    AS "released!"
           FROM host_apps h WHERE NOT h.builtin ORDER BY h.created_at"#
    )
    .fetch_all(db)
    .await
}

/// Stores a new host app. A taken key is a unique violation.
pub async fn insert(db: impl PgExecutor<'_>, h: &NewHostApp<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO host_apps (id, app_key, name, platforms, secret_hash)
         VALUES ($1, $2, $3, $4, $5)",
        h.id,
        h.app_key,
        h.name,
        h.platforms,
        h.secret_hash
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Stores `h` unless a host app has its key already (that one is left as it is); returns the id
/// of the host app with that key. For the demo data, loaded again at every start.
pub async fn ensure(db: impl PgExecutor<'_>, h: &NewHostApp<'_>) -> sqlx::Result<Uuid> {
    // The outer SELECT does not see the row the CTE inserts (one snapshot), hence the UNION.
    sqlx::query_scalar!(
        r#"WITH ins AS (
             INSERT INTO host_apps (id, app_key, name, platforms, secret_hash)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (app_key) DO NOTHING RETURNING id)
           SELECT id AS "id!" FROM ins
           UNION ALL SELECT id FROM host_apps WHERE app_key = $2
           LIMIT 1"#,
        h.id,
        h.app_key,
        h.name,
        h.platforms,
        h.secret_hash
    )
    .fetch_one(db)
    .await
}

/// A host app's key and name.
#[derive(Debug)]
pub struct KeyName {
    pub app_key: String,
    pub name: String,
}

/// Every host app, the storefront first (the analytics filters).
pub async fn key_names(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<KeyName>> {
    sqlx::query_as!(
        KeyName,
        "SELECT app_key, name FROM host_apps ORDER BY builtin DESC, created_at"
    )
    .fetch_all(db)
    .await
}

/// The id of the host app with key `app_key`, enabled or not.
pub async fn id_by_key(db: impl PgExecutor<'_>, app_key: &str) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!("SELECT id FROM host_apps WHERE app_key = $1", app_key)
        .fetch_optional(db)
        .await
}

/// The id of the enabled host app with key `app_key`.
pub async fn enabled_id_by_key(
    db: impl PgExecutor<'_>,
    app_key: &str,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "SELECT id FROM host_apps WHERE app_key = $1 AND NOT disabled",
        app_key
    )
    .fetch_optional(db)
    .await
}

/// The host app with key `app_key` (enabled or not: history stays readable), or `NotFound`.
pub async fn by_key(db: impl PgExecutor<'_>, app_key: &str) -> AppResult<HostRef> {
    sqlx::query_as!(
        HostRef,
        "SELECT id, name FROM host_apps WHERE app_key = $1",
        app_key
    )
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::not_found("That host app"))
}

/// Creates host app `h`, audited as done by `by`.
pub async fn create_audited(pool: &PgPool, h: &NewHostApp<'_>, by: Uuid) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    insert(&mut *tx, h).await?;
    super::audit::record(
        &mut *tx,
        Some(by),
        "hostapp.created",
        "host_app",
        h.app_key,
        serde_json::json!({"name": h.name}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the secret (hash) of host app `app_key`, audited.
pub async fn rotate_secret_audited(
    pool: &PgPool,
    app_key: &str,
    secret_hash: &str,
    by: Uuid,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE host_apps SET secret_hash = $2, rotated_at = now() WHERE app_key = $1",
        app_key,
        secret_hash
    )
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() == 0 {
        return Err(AppError::not_found("That host app"));
    }
    super::audit::record(
        &mut *tx,
        Some(by),
        "hostapp.secret_rotated",
        "host_app",
        app_key,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Disables or re-enables host app `app_key`, audited.
pub async fn set_disabled_audited(
    pool: &PgPool,
    app_key: &str,
    disabled: bool,
    by: Uuid,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE host_apps SET disabled = $2 WHERE app_key = $1",
        app_key,
        disabled
    )
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() == 0 {
        return Err(AppError::not_found("That host app"));
    }
    let action = if disabled {
        "hostapp.disabled"
    } else {
        "hostapp.enabled"
    };
    super::audit::record(
        &mut *tx,
        Some(by),
        action,
        "host_app",
        app_key,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
