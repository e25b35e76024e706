//! `GET /api/v1/miniprograms/{id}/resolve`: which version a host app's user gets now.
//!
//! [`resolve`] is a plain function over the database so that the grayscale engine can replace
//! its body (full release only, plus testers getting the trial version) without touching HTTP.

use super::{ApiError, HostApp, Params};
use app::server::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Serialize;
use sqlx::PgPool;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Why a user gets the version they get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Full,
    Percentage,
    AllowList,
    Trial,
    Rollback,
}

/// The reply of a resolve call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub id: String,
    pub version: String,
    pub package_url: String,
    pub sha256: String,
    pub size: i64,
    pub reason: Reason,
    pub min_version: Option<String>,
}

/// Who is asking: the user and the context fields of HOST-API.md.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolveContext {
    pub user_id: String,
    pub platform: Option<String>,
    pub region: Option<String>,
    pub app_version: Option<String>,
    pub device: Option<String>,
    /// `ctx.<name>=<value>` properties, by name (without the `ctx.` prefix).
    pub custom: BTreeMap<String, String>,
}

impl ResolveContext {
    fn parse(p: &Params) -> Result<Self, ApiError> {
        let user_id = p
            .non_empty("user_id")
            .ok_or_else(|| ApiError::invalid("user_id", "is required"))?;
        if user_id.len() > 256 {
            return Err(ApiError::invalid("user_id", "must be at most 256 bytes"));
        }
        let field = |name| p.non_empty(name).map(str::to_string);
        let mut custom = BTreeMap::new();
        for (k, v) in p.iter() {
            if let Some(name) = k.strip_prefix("ctx.") {
                if name.is_empty() {
                    return Err(ApiError::invalid(k, "needs a property name after `ctx.`"));
                }
                custom
                    .entry(name.to_string())
                    .or_insert_with(|| v.to_string());
            }
        }
        Ok(ResolveContext {
            user_id: user_id.to_string(),
            platform: field("platform"),
            region: field("region"),
            app_version: field("app_version"),
            device: field("device"),
            custom,
        })
    }
}

#[derive(sqlx::FromRow)]
struct Candidate {
    version: String,
    package_sha: String,
    size: i64,
}

/// The version `ctx.user_id` gets of `mp_id` through `host_app`, or `None` when the mini-program
/// is not (or no longer) released to it: no release, an inactive one, a suspended mini-program.
///
/// Members of the owning organization (any role) get the newest version in trial, if any;
/// everyone else gets the release's stable version.
pub async fn resolve(
    pool: &PgPool,
    host_app: Uuid,
    mp_id: &str,
    ctx: &ResolveContext,
) -> sqlx::Result<Option<Resolution>> {
    let stable: Option<(Uuid, String, String, i64)> = sqlx::query_as(
        "SELECT m.org_id, v.version, v.package_sha, b.size
         FROM releases r
         JOIN mini_programs m ON m.id = r.mp_id
         JOIN versions v ON v.id = r.stable_version_id
         JOIN blobs b ON b.sha256 = v.package_sha
         WHERE r.mp_id = $1 AND r.host_app_id = $2 AND r.active AND NOT m.suspended
           AND v.state IN ('released', 'superseded')",
    )
    .bind(mp_id)
    .bind(host_app)
    .fetch_optional(pool)
    .await?;
    let Some((org_id, version, package_sha, size)) = stable else {
        return Ok(None);
    };
    if let Ok(account) = Uuid::parse_str(&ctx.user_id) {
        if let Some(trial) = trial_for_tester(pool, mp_id, org_id, account).await? {
            return Ok(Some(resolution(mp_id, trial, Reason::Trial)));
        }
    }
    let stable = Candidate {
        version,
        package_sha,
        size,
    };
    Ok(Some(resolution(mp_id, stable, Reason::Full)))
}

/// The newest version in trial of `mp_id`, if `account` is an enabled member of `org_id`.
async fn trial_for_tester(
    pool: &PgPool,
    mp_id: &str,
    org_id: Uuid,
    account: Uuid,
) -> sqlx::Result<Option<Candidate>> {
    let trials: Vec<Candidate> = sqlx::query_as(
        "SELECT v.version, v.package_sha, b.size
         FROM versions v JOIN blobs b ON b.sha256 = v.package_sha
         WHERE v.mp_id = $1 AND v.state = 'in_trial'
           AND EXISTS (SELECT 1 FROM org_members om JOIN accounts a ON a.id = om.account_id
                       WHERE om.org_id = $2 AND om.account_id = $3 AND NOT a.disabled)
         ORDER BY v.created_at",
    )
    .bind(mp_id)
    .bind(org_id)
    .bind(account)
    .fetch_all(pool)
    .await?;
    // Newest by semver (pre-releases included); equal or unparsable ones: the latest upload.
    Ok(trials
        .into_iter()
        .max_by_key(|c| semver::Version::parse(&c.version).ok()))
}

fn resolution(mp_id: &str, c: Candidate, reason: Reason) -> Resolution {
    Resolution {
        id: mp_id.to_string(),
        version: c.version,
        package_url: format!("/packages/{}.zip", c.package_sha),
        sha256: c.package_sha,
        size: c.size,
        reason,
        min_version: None,
    }
}

/// `GET /api/v1/miniprograms/{id}/resolve`.
pub async fn handler(
    State(state): State<AppState>,
    host_app: HostApp,
    Path(id): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Resolution>, ApiError> {
    let ctx = ResolveContext::parse(&Params::from_query(query)?)?;
    resolve(&state.pool, host_app.id, &id, &ctx)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("The mini-program {id}")))
}
