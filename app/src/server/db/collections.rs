//! Curated collections (rows on the storefront's home page; the featured one is its banner).

use sqlx::PgExecutor;
use uuid::Uuid;

/// A collection visible now, with its mini-programs in order.
#[derive(Debug)]
pub struct CollectionRow {
    pub id: Uuid,
    pub title: String,
    pub subtitle: String,
    pub banner_sha: Option<String>,
    pub featured: bool,
    pub mp_ids: Vec<String>,
}

/// The collections visible now to `host` (`None`: the storefront, which sees those for every
/// host app), in curated order.
pub async fn visible(
    db: impl PgExecutor<'_>,
    host: Option<Uuid>,
) -> sqlx::Result<Vec<CollectionRow>> {
    sqlx::query_as!(
        CollectionRow,
        r#"SELECT c.id, c.title, c.subtitle, c.banner_sha, c.featured,
                  COALESCE((SELECT array_agg(i.mp_id ORDER BY i.position) FROM collection_items i
                            WHERE i.collection_id = c.id), '{}') AS "mp_ids!"
           FROM collections c
           WHERE (c.host_app_id IS NULL OR c.host_app_id = $1)
             AND (c.visible_from IS NULL OR c.visible_from <= now())
             AND (c.visible_to IS NULL OR c.visible_to > now())
           ORDER BY c.featured DESC, c.position, c.created_at"#,
        host
    )
    .fetch_all(db)
    .await
}
