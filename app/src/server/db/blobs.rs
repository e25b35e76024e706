//! Blobs: content-addressed files (packages, icons, screenshots) known to the database. The
//! bytes live in the blob store (`server::blobs`); this table says they exist and what they are.

use sqlx::PgExecutor;

/// Records blob `sha256` (idempotent: the same bytes have the same hash).
pub async fn insert(
    db: impl PgExecutor<'_>,
    sha256: &str,
    size: i64,
    content_type: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO blobs (sha256, size, content_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        sha256,
        size,
        content_type
    )
    .execute(db)
    .await?;
    Ok(())
}
