//! Listing images: `PUT /portal/media/{mp_id}/icon` and `PUT /portal/media/{mp_id}/screenshot`
//! with the image as the body. Only PNG, JPEG and WebP (recognised by their bytes, not by any
//! header) up to 2 MB; at most 6 screenshots. A collection's banner picture (operators):
//! `PUT /admin/media/collections/{id}/banner`, the same kinds and size.

use super::access::{require_mp_role, OrgRole};
use super::db::mini_programs::{self, Image};
use super::AppState;
use crate::domain::Role;
use crate::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tower_sessions::Session;

pub use super::db::mini_programs::MAX_SCREENSHOTS;

pub const MAX_IMAGE: usize = 2 * 1024 * 1024;

/// The content type of an image the store accepts, from its first bytes.
pub fn sniff(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

pub async fn upload(
    State(st): State<AppState>,
    session: Session,
    Path((mp_id, kind)): Path<(String, String)>,
    body: Body,
) -> Response {
    created(handle(st, session, mp_id, kind, body).await)
}

/// 201 with the stored image's URL, or the error.
fn created(r: Result<String, AppError>) -> Response {
    match r {
        Ok(url) => (StatusCode::CREATED, Json(serde_json::json!({ "url": url }))).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Stores `bytes` in the blob store; its sha-256.
async fn store(st: &AppState, bytes: Vec<u8>) -> Result<String, AppError> {
    st.blobs
        .put(bytes)
        .await
        .map_err(|e| AppError::internal(format!("blob store: {e}")))
}

async fn handle(
    st: AppState,
    session: Session,
    mp_id: String,
    kind: String,
    body: Body,
) -> Result<String, AppError> {
    let me = super::auth::require_of(&session, &st, Role::Developer, "Uploading an image").await?;
    let image = Image::parse(&kind).ok_or_else(|| AppError::not_found("That kind of image"))?;
    require_mp_role(&st.pool, &me, &mp_id, OrgRole::Developer).await?;
    let (bytes, content_type) = read_image(body).await?;
    let size = bytes.len() as i64;
    let sha = store(&st, bytes).await?;
    mini_programs::attach_image(&st.pool, &mp_id, image, &sha, size, content_type, me.id).await?;
    Ok(format!("/blobs/{sha}"))
}

pub async fn upload_banner(
    State(st): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    created(handle_banner(st, session, id, body).await)
}

async fn handle_banner(
    st: AppState,
    session: Session,
    id: String,
    body: Body,
) -> Result<String, AppError> {
    let me = super::auth::require_of(&session, &st, Role::Operator, "Curation").await?;
    let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::not_found("That collection"))?;
    let (bytes, content_type) = read_image(body).await?;
    let size = bytes.len() as i64;
    let sha = store(&st, bytes).await?;
    super::db::curation::set_banner_audited(&st.pool, id, Some((&sha, size, content_type)), me.id)
        .await?;
    st.home.clear();
    Ok(format!("/blobs/{sha}"))
}

/// The request's body as an image of a kind the store accepts, with its content type.
async fn read_image(body: Body) -> Result<(Vec<u8>, &'static str), AppError> {
    let bytes = to_bytes(body, MAX_IMAGE)
        .await
        .map_err(|_| AppError::validation("image", "Images are limited to 2 MB."))?;
    let content_type = sniff(&bytes)
        .ok_or_else(|| AppError::validation("image", "Use a PNG, JPEG or WebP image."))?;
    Ok((bytes.to_vec(), content_type))
}

#[cfg(test)]
mod tests {
    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(super::sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(super::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(super::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(super::sniff(b"<svg onload=alert(1)>"), None);
    }
}
