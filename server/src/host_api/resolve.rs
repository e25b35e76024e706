//! `GET /api/v1/miniprograms/{id}/resolve`: which version a host app's user gets now.
//!
//! Answered from the instance's in-memory snapshot (`app::server::live`): no database query per
//! call. The user and their context are remembered (in memory, written in batches) for the
//! audience preview of release plans.

use super::{ApiError, HostApp, Params};
use app::server::live::{Seen, Snapshot};
use app::server::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use ministore_rules::Context;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// The reply of a resolve call (HOST-API.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Resolution {
    /// The mini-program id.
    pub id: String,
    /// The version this user gets.
    pub version: String,
    /// Where to download the package (`/packages/<sha256>.zip`, relative to the API origin).
    pub package_url: String,
    /// The package's SHA-256 (hex).
    pub sha256: String,
    /// The package's size in bytes.
    pub size: i64,
    /// Why: `full`, `percentage`, `allow_list`, `trial` or `rollback`.
    #[schema(example = "percentage")]
    pub reason: &'static str,
    /// The version below which the host app must update its cached copy, if any.
    pub min_version: Option<String>,
}

/// Checks the query and builds the rules context: `user_id` (required, at most 256 bytes), the
/// named context fields and `ctx.<name>` properties.
pub fn context_of(p: &Params) -> Result<Context, ApiError> {
    let user_id = p
        .non_empty("user_id")
        .ok_or_else(|| ApiError::invalid("user_id", "is required"))?;
    if user_id.len() > 256 {
        return Err(ApiError::invalid("user_id", "must be at most 256 bytes"));
    }
    for (k, v) in p.iter() {
        if k.starts_with("ctx.") && k.len() == 4 {
            return Err(ApiError::invalid(k, "needs a property name after `ctx.`"));
        }
        if v.len() > 1024 {
            return Err(ApiError::invalid(k, "must be at most 1024 bytes"));
        }
    }
    // First occurrence of each name wins, as everywhere in this API.
    let mut seen_names = std::collections::HashSet::new();
    let pairs = p
        .iter()
        .filter(|(k, _)| seen_names.insert(*k))
        .map(|(k, v)| (k, v.to_string()));
    Ok(Context::from_host_query(pairs))
}

/// Resolves against a snapshot (the pure part, also used by tests and benchmarks).
pub fn resolve_in(
    snap: &Snapshot,
    host: Uuid,
    mp_id: &str,
    ctx: &mut Context,
) -> Option<Resolution> {
    let now = || {
        time::OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default()
    };
    snap.resolve(host, mp_id, ctx, now).map(|r| Resolution {
        id: mp_id.to_string(),
        version: r.pkg.version.clone(),
        package_url: format!("/packages/{}.zip", r.pkg.sha256),
        sha256: r.pkg.sha256.clone(),
        size: r.pkg.size,
        reason: r.why.as_str(),
        min_version: r.min_version.map(str::to_string),
    })
}

/// Which version this user gets now.
#[utoipa::path(
    get,
    path = "/api/v1/miniprograms/{id}/resolve",
    tag = "resolve",
    params(
        ("id" = String, Path, description = "The mini-program id (`mp_...`)"),
        ("user_id" = String, Query, description = "The host app's user id (required)"),
        ("platform" = Option<String>, Query, description = "ios, android, web, ..."),
        ("region" = Option<String>, Query, description = "The user's region"),
        ("app_version" = Option<String>, Query, description = "Semver of the host app"),
        ("device" = Option<String>, Query, description = "The device class"),
    ),
    responses(
        (status = 200, description = "The version this user gets", body = Resolution),
        (status = 400, description = "A query parameter is missing or malformed", body = super::ErrorBody),
        (status = 401, description = "Missing or wrong credentials", body = super::ErrorBody),
        (status = 404, description = "Not released to this host app, withdrawn or suspended", body = super::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn handler(
    State(state): State<AppState>,
    host_app: HostApp,
    Path(id): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Resolution>, ApiError> {
    let mut ctx = context_of(&Params::from_query(query)?)?;
    let snap = state.live.snapshot(&state.pool).await?;
    let found = resolve_in(&snap, host_app.id, &id, &mut ctx);
    if let Some(user) = ctx.user_id.as_deref() {
        state.live.saw(host_app.id, user, || seen_of(&ctx));
    }
    found
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("The mini-program {id}")))
}

/// The context worth remembering for audience previews.
fn seen_of(ctx: &Context) -> Seen {
    let mut custom = ctx.properties.clone();
    let mut take = |k: &str| custom.remove(k);
    Seen {
        platform: take("platform"),
        region: take("region"),
        app_version: take("app_version"),
        device: take("device"),
        custom,
    }
}
