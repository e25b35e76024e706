//! A listing's images: its icon and its screenshots (the blobs themselves are in `db::blobs`).

use crate::error::{AppError, AppResult};
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

/// A listing has at most this many screenshots.
pub const MAX_SCREENSHOTS: usize = 6;

/// An image of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image {
    Icon,
    Screenshot,
}

impl Image {
    pub fn parse(s: &str) -> Option<Image> {
        match s {
            "icon" => Some(Image::Icon),
            "screenshot" => Some(Image::Screenshot),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Image::Icon => "icon",
            Image::Screenshot => "screenshot",
        }
    }
}

/// Removes screenshot `sha` from mini-program `id`'s listing; false if it had none such.
pub async fn remove_screenshot(db: impl PgExecutor<'_>, id: &str, sha: &str) -> sqlx::Result<bool> {
    let r = sqlx::query!(
        "UPDATE mini_programs SET screenshots = array_remove(screenshots, $2), updated_at = now()
         WHERE id = $1 AND $2 = ANY(screenshots)",
        id,
        sha
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected() > 0)
}

async fn set_icon(tx: &mut PgConnection, id: &str, sha: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE mini_programs SET icon_sha = $2, updated_at = now() WHERE id = $1",
        id,
        sha
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// The screenshots of a locked listing: how many, and whether `sha` is one of them.
struct ScreenshotsRow {
    count: Option<i32>,
    has: bool,
}

async fn add_screenshot(tx: &mut PgConnection, id: &str, sha: &str) -> AppResult<()> {
    let s = sqlx::query_as!(
        ScreenshotsRow,
        r#"SELECT cardinality(screenshots) AS count, $2 = ANY(screenshots) AS "has!"
           FROM mini_programs WHERE id = $1 FOR UPDATE"#,
        id,
        sha
    )
    .fetch_one(&mut *tx)
    .await?;
    if s.has {
        return Err(AppError::conflict(
            "This screenshot is in the listing already.",
        ));
    }
    if s.count.unwrap_or(0) as usize >= MAX_SCREENSHOTS {
        return Err(AppError::validation(
            "image",
            format!("A listing has at most {MAX_SCREENSHOTS} screenshots; remove one first."),
        ));
    }
    sqlx::query!(
        "UPDATE mini_programs SET screenshots = array_append(screenshots, $2), updated_at = now()
         WHERE id = $1",
        id,
        sha
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Records the stored image blob `sha` and makes it mini-program `id`'s icon, or adds it to its
/// screenshots (at most [`MAX_SCREENSHOTS`], no duplicates), audited, in one transaction.
pub async fn attach_image(
    pool: &sqlx::PgPool,
    id: &str,
    image: Image,
    sha: &str,
    size: i64,
    content_type: &str,
    by: Uuid,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    super::blobs::insert(&mut *tx, sha, size, content_type).await?;
    match image {
        Image::Icon => set_icon(&mut tx, id, sha).await?,
        Image::Screenshot => add_screenshot(&mut tx, id, sha).await?,
    }
    super::audit::record(
        &mut *tx,
        Some(by),
        &format!("mp.{}_uploaded", image.as_str()),
        "mini_program",
        id,
        serde_json::json!({"sha256": sha}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
