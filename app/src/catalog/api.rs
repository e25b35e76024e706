//! Public catalogue server functions.

use super::Category;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server::{self, db::categories};

/// The store's categories, in curated order. Public.
#[leptos::server(prefix = "/rpc", endpoint = "catalog/categories")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_categories() -> Result<Vec<Category>, AppError> {
    server::respond(async {
        let st = server::state()?;
        let rows = categories::list(&st.pool).await?;
        Ok(rows
            .into_iter()
            .map(|r| Category {
                slug: r.slug,
                name: r.name,
                icon: r.icon,
            })
            .collect())
    })
    .await
}
