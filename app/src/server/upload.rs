//! Package upload: `PUT /portal/upload/{mp_id}` with the zip as the body. The body is read as a
//! stream and refused the moment it passes the size limit (headers are not trusted); the
//! package is validated off the runtime; a refused package stores nothing; an accepted one is
//! written to the blob store, then recorded with its report in one transaction.

use super::access::{require_mp_role, OrgRole};
use super::db::versions::{self, NewVersion};
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

use crate::versions::VersionState;

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
    let me = super::auth::require_of(&session, &st, Role::Developer, "Uploading").await?;
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
    let existing = versions::numbers(&st.pool, &mp_id).await?;
    if let Some(max) = existing
        .iter()
        .filter_map(|s| semver::Version::parse(s).ok())
        .max()
    {
        if v == max || existing.iter().any(|s| s == &report.version) {
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
    let permissions: Vec<String> = report
        .permissions
        .iter()
        .map(|p| p.name.as_str().to_string())
        .collect();
    let new = NewVersion {
        id,
        mp_id: &mp_id,
        version: &v,
        state: VersionState::Validated,
        package_sha: &sha,
        size,
        report: serde_json::to_value(&report).unwrap_or_default(),
        permissions: &permissions,
        entry: &report.entry,
        release_notes: "",
        uploaded_by: Some(me.id),
    };
    versions::record_upload(&st.pool, &new, "application/zip", report.file_count).await?;
    Ok((
        StatusCode::CREATED,
        Json(Accepted {
            version_id: id.to_string(),
            version: report.version.clone(),
            state: VersionState::Validated.as_str(),
            report,
        }),
    )
        .into_response())
}
