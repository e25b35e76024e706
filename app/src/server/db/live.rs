//! What `server::live` loads into memory for the host API's hot paths (host-app credentials,
//! active releases and their live plans, trials, testers), and the users it saw.

use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

/// A host app's credentials.
#[derive(Debug)]
pub struct HostKeyRow {
    pub id: Uuid,
    pub app_key: String,
    pub secret_hash: String,
    pub disabled: bool,
}

/// An active release that resolve may answer with (mini-program not suspended, host app
/// enabled, stable version released or superseded).
#[derive(Debug)]
pub struct LiveReleaseRow {
    pub mp_id: String,
    pub host_app_id: Uuid,
    pub org_id: Uuid,
    pub version: String,
    pub package_sha: String,
    pub size: i64,
    /// `full` or `rollback` (a `CHECK` constraint).
    pub reason: String,
    pub min_version: Option<String>,
}

/// A running or paused release plan with its candidate's package.
#[derive(Debug)]
pub struct LivePlanRow {
    pub id: Uuid,
    pub mp_id: String,
    pub host_app_id: Uuid,
    pub percentage: i16,
    pub bucket_group: String,
    pub allow_list: Vec<String>,
    pub conditions: serde_json::Value,
    pub min_version: Option<String>,
    pub version: String,
    pub package_sha: String,
    pub size: i64,
}

/// A version in trial with its package.
#[derive(Debug)]
pub struct TrialRow {
    pub mp_id: String,
    pub version: String,
    pub package_sha: String,
    pub size: i64,
}

/// An enabled account's membership of an organization.
#[derive(Debug)]
pub struct TesterRow {
    pub org_id: Uuid,
    pub account_id: Uuid,
}

/// Makes the transaction a consistent, read-only view (call first).
pub async fn snapshot_isolation(tx: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query!("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(tx)
        .await?;
    Ok(())
}

pub async fn host_keys(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<HostKeyRow>> {
    sqlx::query_as!(
        HostKeyRow,
        "SELECT id, app_key, secret_hash, disabled FROM host_apps"
    )
    .fetch_all(db)
    .await
}

pub async fn releases(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<LiveReleaseRow>> {
    sqlx::query_as!(
        LiveReleaseRow,
        r#"SELECT r.mp_id, r.host_app_id, m.org_id, v.version, v.package_sha AS "package_sha!",
                  b.size, r.reason, r.min_version
           FROM releases r
           JOIN mini_programs m ON m.id = r.mp_id
           JOIN versions v ON v.id = r.stable_version_id
           JOIN blobs b ON b.sha256 = v.package_sha
           JOIN host_apps h ON h.id = r.host_app_id
           WHERE r.active AND NOT m.suspended AND NOT h.disabled
             AND v.state IN ('released', 'superseded')"#
    )
    .fetch_all(db)
    .await
}

pub async fn plans(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<LivePlanRow>> {
    sqlx::query_as!(
        LivePlanRow,
        r#"SELECT p.id, p.mp_id, p.host_app_id, p.percentage, p.bucket_group, p.allow_list,
                  p.conditions, p.min_version, v.version, v.package_sha AS "package_sha!", b.size
           FROM release_plans p
           JOIN versions v ON v.id = p.candidate_version_id
           JOIN blobs b ON b.sha256 = v.package_sha
           WHERE p.state IN ('running', 'paused')"#
    )
    .fetch_all(db)
    .await
}

/// Versions in trial, oldest upload first.
pub async fn trials(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<TrialRow>> {
    sqlx::query_as!(
        TrialRow,
        r#"SELECT v.mp_id, v.version, v.package_sha AS "package_sha!", b.size
           FROM versions v JOIN blobs b ON b.sha256 = v.package_sha
           WHERE v.state = 'in_trial' ORDER BY v.created_at"#
    )
    .fetch_all(db)
    .await
}

pub async fn testers(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<TesterRow>> {
    sqlx::query_as!(
        TesterRow,
        "SELECT om.org_id, om.account_id FROM org_members om
         JOIN accounts a ON a.id = om.account_id WHERE NOT a.disabled"
    )
    .fetch_all(db)
    .await
}

/// Users seen by resolve or a launch event, column by column (one upsert for the batch).
#[derive(Debug, Default)]
pub struct SeenUsers {
    pub hosts: Vec<Uuid>,
    pub users: Vec<String>,
    pub platforms: Vec<Option<String>>,
    pub regions: Vec<Option<String>>,
    pub app_versions: Vec<Option<String>>,
    pub devices: Vec<Option<String>>,
    pub customs: Vec<serde_json::Value>,
}

impl SeenUsers {
    pub fn len(&self) -> usize {
        self.hosts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty()
    }
}

/// Upserts users into `seen_users`: the newest context wins field by field, custom properties
/// merge. A user listed twice in one batch counts once.
pub async fn record_seen(db: impl PgExecutor<'_>, seen: &SeenUsers) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO seen_users (host_app_id, user_id, last_seen, platform, region, app_version,
                                 device, custom)
         SELECT DISTINCT ON (h, u) h, u, now(), p, r, a, d, c
         FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::jsonb[]) AS t(h, u, p, r, a, d, c)
         ON CONFLICT (host_app_id, user_id) DO UPDATE SET last_seen = now(),
           platform = COALESCE(EXCLUDED.platform, seen_users.platform),
           region = COALESCE(EXCLUDED.region, seen_users.region),
           app_version = COALESCE(EXCLUDED.app_version, seen_users.app_version),
           device = COALESCE(EXCLUDED.device, seen_users.device),
           custom = seen_users.custom || EXCLUDED.custom",
        &seen.hosts,
        &seen.users,
        &seen.platforms as &[Option<String>],
        &seen.regions as &[Option<String>],
        &seen.app_versions as &[Option<String>],
        &seen.devices as &[Option<String>],
        &seen.customs
    )
    .execute(db)
    .await?;
    Ok(())
}
