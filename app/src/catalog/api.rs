//! Public catalogue server functions.

use super::Category;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

/// The store's categories, in curated order. Public.
#[leptos::server(prefix = "/rpc", endpoint = "catalog/categories")]
pub async fn list_categories() -> Result<Vec<Category>, AppError> {
    server::respond(async {
        let st = server::state()?;
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT slug, name, icon FROM categories ORDER BY position, name")
                .fetch_all(&st.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(slug, name, icon)| Category { slug, name, icon })
            .collect())
    })
    .await
}
