//! Store categories: the curated list a listing picks one from.

use sqlx::PgExecutor;

/// A category as the storefront lists it.
pub struct CategoryRow {
    pub slug: String,
    pub name: String,
    pub icon: String,
}

/// The id of category `slug`, if there is one.
pub async fn id_by_slug(db: impl PgExecutor<'_>, slug: &str) -> sqlx::Result<Option<i32>> {
    sqlx::query_scalar!("SELECT id FROM categories WHERE slug = $1", slug)
        .fetch_optional(db)
        .await
}

/// Every category, in curated order.
pub async fn list(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<CategoryRow>> {
    sqlx::query_as!(
        CategoryRow,
        "SELECT slug, name, icon FROM categories ORDER BY position, name"
    )
    .fetch_all(db)
    .await
}
