//! A host app's users: what they opened lately (from the host app's launch events) and their
//! favourites. User ids are the host app's own, separate per host app.

use super::catalog::MiniProgramSummary;
use super::{ApiError, ErrorBody, HostApp};
use app::server::db::favourites;
use app::server::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;

/// How many recent mini-programs are listed at most.
const RECENT: i64 = 50;

fn user_id(raw: &str) -> Result<&str, ApiError> {
    let u = raw.trim();
    if u.is_empty() || u.len() > 200 {
        return Err(ApiError::invalid("user_id", "must be 1 to 200 characters"));
    }
    Ok(u)
}

/// The summaries of `ids` released to `host`, in that order.
async fn summaries(
    st: &AppState,
    host: &HostApp,
    ids: Vec<String>,
) -> Result<Vec<MiniProgramSummary>, ApiError> {
    let host = host.id.to_string();
    let docs = st.search.query(move |e| e.docs(&host, &ids)).await?;
    Ok(docs.into_iter().map(super::search::summary_of).collect())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecentItem {
    #[serde(flatten)]
    pub summary: MiniProgramSummary,
    /// RFC 3339: the user's latest launch of it.
    pub last_used: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecentList {
    pub items: Vec<RecentItem>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FavouriteList {
    pub items: Vec<MiniProgramSummary>,
}

/// What this user opened lately, newest first, one entry per mini-program.
#[utoipa::path(
    get,
    path = "/api/v1/users/{user_id}/recent",
    tag = "users",
    params(("user_id" = String, Path, description = "The host app's own user id")),
    responses(
        (status = 200, description = "Recently opened, newest first", body = RecentList),
        (status = 400, description = "`user_id` is malformed", body = ErrorBody),
        (status = 401, description = "Missing or wrong credentials", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn recent(
    State(st): State<AppState>,
    host: HostApp,
    Path(user): Path<String>,
) -> Result<Json<RecentList>, ApiError> {
    let user = user_id(&user)?;
    let rows = favourites::recent_of_host_user(&st.pool, host.id, user, RECENT).await?;
    let ids: Vec<String> = rows.iter().map(|r| r.mp_id.clone()).collect();
    let found = summaries(&st, &host, ids).await?;
    let items = found
        .into_iter()
        .filter_map(|s| {
            let at = rows.iter().find(|r| r.mp_id == s.id)?.last_used;
            Some(RecentItem {
                summary: s,
                last_used: at.format(&Rfc3339).unwrap_or_default(),
            })
        })
        .collect();
    Ok(Json(RecentList { items }))
}

/// This user's favourites, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/users/{user_id}/favorites",
    tag = "users",
    params(("user_id" = String, Path, description = "The host app's own user id")),
    responses(
        (status = 200, description = "Favourites, newest first", body = FavouriteList),
        (status = 400, description = "`user_id` is malformed", body = ErrorBody),
        (status = 401, description = "Missing or wrong credentials", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_favourites(
    State(st): State<AppState>,
    host: HostApp,
    Path(user): Path<String>,
) -> Result<Json<FavouriteList>, ApiError> {
    let user = user_id(&user)?;
    let ids = favourites::of_host_user(&st.pool, host.id, user).await?;
    Ok(Json(FavouriteList {
        items: summaries(&st, &host, ids).await?,
    }))
}

/// Adds a favourite (idempotent).
#[utoipa::path(
    put,
    path = "/api/v1/users/{user_id}/favorites/{mp_id}",
    tag = "users",
    params(
        ("user_id" = String, Path, description = "The host app's own user id"),
        ("mp_id" = String, Path, description = "A mini-program released to this host app"),
    ),
    responses(
        (status = 204, description = "It is a favourite"),
        (status = 400, description = "`user_id` is malformed", body = ErrorBody),
        (status = 401, description = "Missing or wrong credentials", body = ErrorBody),
        (status = 404, description = "Not released to this host app", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn put_favourite(
    State(st): State<AppState>,
    host: HostApp,
    Path((user, mp_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let user = user_id(&user)?;
    if summaries(&st, &host, vec![mp_id.clone()]).await?.is_empty() {
        return Err(ApiError::not_found(format!("The mini-program {mp_id}")));
    }
    favourites::set_host_user(&st.pool, host.id, user, &mp_id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a favourite (idempotent: removing one that is not there is fine).
#[utoipa::path(
    delete,
    path = "/api/v1/users/{user_id}/favorites/{mp_id}",
    tag = "users",
    params(
        ("user_id" = String, Path, description = "The host app's own user id"),
        ("mp_id" = String, Path, description = "The mini-program id"),
    ),
    responses(
        (status = 204, description = "It is not a favourite"),
        (status = 400, description = "`user_id` is malformed", body = ErrorBody),
        (status = 401, description = "Missing or wrong credentials", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn delete_favourite(
    State(st): State<AppState>,
    host: HostApp,
    Path((user, mp_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let user = user_id(&user)?;
    favourites::set_host_user(&st.pool, host.id, user, &mp_id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
