//! Package upload: `PUT /portal/upload/{mp_id}` with the zip as the body. The body is read as a
//! stream and refused the moment it passes the size limit (headers are not trusted); the
//! package is validated off the runtime; a refused package stores nothing; an accepted one is
//! written to the blob store, then recorded with its report in one transaction.

use super::access::{require_mp_role, OrgRole};
use super::db::audit;
use super::AppState;
use crate::domain::Role;
use crate::error::AppError;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use ministore_package::{validate, Limits};
use serde::Serialize;
use tower_sessions::Session;
use uuid::Uuid;

#[derive(Serialize)]
struct Accepted {
    version_id: String,
    version: String,
    state: &'static str,
    report: ministore_package::Report,
}

pub async fn upload(
    State(st): State<AppState>,
    session: Session,
    Path(mp_id): Path<String>,
    body: Body,
) -> Response {
    match handle(st, session, mp_id, body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn handle(
    st: AppState,
    session: Session,
    mp_id: String,
    body: Body,
) -> Result<Response, AppError> {
    let me = super::auth::user_of(&session, &st)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if me.role() < Role::Developer {
        return Err(AppError::forbidden("Uploading needs the developer role."));
    }
    require_mp_role(&st.pool, &me, &mp_id, OrgRole::Developer).await?;

    let limits = Limits::default();
    let mut bytes = Vec::new();
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| {
            AppError::validation("package", "The upload was interrupted. Try again.")
        })?;
        if (bytes.len() + chunk.len()) as u64 > limits.max_compressed {
            return Ok((
                StatusCode::PAYLOAD_TOO_LARGE,
                Json(AppError::validation(
                    "package",
                    format!(
                        "The package is larger than {} MB; packages are limited to that size.",
                        limits.max_compressed / (1024 * 1024)
                    ),
                )),
            )
                .into_response());
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.is_empty() {
        return Err(AppError::validation(
            "package",
            "The upload was empty. Choose a .zip file.",
        ));
    }

    let expected = mp_id.clone();
    let (bytes, result) = tokio::task::spawn_blocking(move || {
        let r = validate(&bytes, Some(&expected), &Limits::default());
        (bytes, r)
    })
    .await
    .map_err(|e| AppError::internal(format!("validation task: {e}")))?;
    let report = match result {
        Ok(r) => r,
        Err(rejection) => {
            let body = serde_json::json!({
                "kind": "validation",
                "field": "package",
                "message": format!("The package was refused: {rejection}"),
                "problems": rejection.problems,
            });
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
        }
    };
    let v = semver::Version::parse(&report.version)
        .map_err(|e| AppError::validation("package", format!("manifest.json: version: {e}")))?;

    // Versions must increase.
    let existing: Vec<(String,)> = sqlx::query_as("SELECT version FROM versions WHERE mp_id = $1")
        .bind(&mp_id)
        .fetch_all(&st.pool)
        .await?;
    if let Some(max) = existing
        .iter()
        .filter_map(|(s,)| semver::Version::parse(s).ok())
        .max()
    {
        if v == max || existing.iter().any(|(s,)| s == &report.version) {
            return Err(AppError::conflict(format!(
                "Version {} was uploaded already. Raise the version in manifest.json.",
                report.version
            )));
        }
        if v < max {
            return Err(AppError::conflict(format!(
                "Version {} is lower than {max}, the latest uploaded. Versions must increase.",
                report.version
            )));
        }
    }

    let size = bytes.len() as i64;
    let sha = st
        .blobs
        .put(bytes)
        .await
        .map_err(|e| AppError::internal(format!("blob store: {e}")))?;
    let id = Uuid::new_v4();
    let mut tx = st.pool.begin().await?;
    sqlx::query("INSERT INTO blobs (sha256, size, content_type) VALUES ($1, $2, 'application/zip') ON CONFLICT DO NOTHING")
        .bind(&sha)
        .bind(size)
        .execute(&mut *tx)
        .await?;
    let permissions: Vec<String> = report
        .permissions
        .iter()
        .map(|p| p.name.as_str().to_string())
        .collect();
    let r = sqlx::query(
        "INSERT INTO versions (id, mp_id, version, v_major, v_minor, v_patch, state, package_sha, size, report,
                               permissions, entry, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'validated', $7, $8, $9, $10, $11, $12)",
    )
    .bind(id)
    .bind(&mp_id)
    .bind(&report.version)
    .bind(v.major as i64)
    .bind(v.minor as i64)
    .bind(v.patch as i64)
    .bind(&sha)
    .bind(size)
    .bind(serde_json::to_value(&report).unwrap_or_default())
    .bind(&permissions)
    .bind(&report.entry)
    .bind(me.id)
    .execute(&mut *tx)
    .await;
    if let Err(sqlx::Error::Database(e)) = &r {
        if e.is_unique_violation() {
            return Err(AppError::conflict(format!(
                "Version {} was uploaded already.",
                report.version
            )));
        }
    }
    r?;
    audit::record(
        &mut *tx,
        Some(me.id),
        "version.uploaded",
        "version",
        &format!("{mp_id}@{}", report.version),
        serde_json::json!({"sha256": sha, "size": size, "files": report.file_count, "to": "validated"}),
    )
    .await?;
    sqlx::query("UPDATE mini_programs SET updated_at = now() WHERE id = $1")
        .bind(&mp_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(Accepted {
            version_id: id.to_string(),
            version: report.version.clone(),
            state: "validated",
            report,
        }),
    )
        .into_response())
}
