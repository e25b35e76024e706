//! What the error-rate gate and the audience preview read: gated plans, a candidate's launches
//! and errors, and the users a host app has seen.

use futures_util::stream::BoxStream;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

/// A running plan with an error-rate gate, locked.
pub struct GatedPlanRow {
    pub id: Uuid,
    pub host_app_id: Uuid,
    pub mp_id: String,
    pub version: String,
    pub max_error_rate: f64,
    pub min_launches: i32,
    pub error_window_minutes: i32,
    pub on_error: String,
}

/// Launches and errors of a version over a window.
pub struct HealthRow {
    pub launches: i64,
    pub errors: i64,
}

/// A user a host app has reported, with their last context.
pub struct SeenUserRow {
    pub user_id: String,
    pub platform: Option<String>,
    pub region: Option<String>,
    pub app_version: Option<String>,
    pub device: Option<String>,
    pub custom: serde_json::Value,
}

/// Locks the running plans with an error-rate gate (skipping those another instance holds).
pub async fn lock_gated(tx: &mut PgConnection) -> sqlx::Result<Vec<GatedPlanRow>> {
    sqlx::query_as!(
        GatedPlanRow,
        r#"SELECT p.id, p.host_app_id, p.mp_id, v.version, p.max_error_rate AS "max_error_rate!",
                  p.min_launches, p.error_window_minutes, p.on_error
           FROM release_plans p JOIN versions v ON v.id = p.candidate_version_id
           WHERE p.state = 'running' AND p.max_error_rate IS NOT NULL
           FOR UPDATE OF p SKIP LOCKED"#
    )
    .fetch_all(tx)
    .await
}

/// Launches and errors of `mp_id` at `version` on host app `host` over the last
/// `window_minutes` minutes.
pub async fn health(
    db: impl PgExecutor<'_>,
    host: Uuid,
    mp_id: &str,
    version: &str,
    window_minutes: i32,
) -> sqlx::Result<HealthRow> {
    sqlx::query_as!(
        HealthRow,
        r#"SELECT count(*) FILTER (WHERE type = 'launch') AS "launches!",
                  count(*) FILTER (WHERE type = 'error') AS "errors!"
           FROM events WHERE host_app_id = $1 AND mp_id = $2 AND version = $3
             AND ts > now() - make_interval(mins => $4)"#,
        host,
        mp_id,
        version,
        window_minutes
    )
    .fetch_one(db)
    .await
}

/// The users seen on host app `host` in the last 30 days, as a stream.
pub fn recently_seen<'a>(
    db: impl PgExecutor<'a> + 'a,
    host: Uuid,
) -> BoxStream<'a, sqlx::Result<SeenUserRow>> {
    sqlx::query_as!(
        SeenUserRow,
        "SELECT user_id, platform, region, app_version, device, custom FROM seen_users
         WHERE host_app_id = $1 AND last_seen > now() - interval '30 days'",
        host
    )
    .fetch(db)
}
