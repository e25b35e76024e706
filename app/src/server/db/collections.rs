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

/// A collection as the admin console lists and edits it.
#[derive(Debug)]
pub struct AdminRow {
    pub id: Uuid,
    pub title: String,
    pub subtitle: String,
    pub banner_sha: Option<String>,
    pub host_app_id: Option<Uuid>,
    pub host_name: Option<String>,
    pub visible_from: Option<time::OffsetDateTime>,
    pub visible_to: Option<time::OffsetDateTime>,
    pub featured: bool,
    pub mp_ids: Vec<String>,
}

/// Every collection (visible or not), in curated order: the featured one first.
pub async fn list_all(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<AdminRow>> {
    sqlx::query_as!(
        AdminRow,
        r#"SELECT c.id, c.title, c.subtitle, c.banner_sha, c.host_app_id,
                  h.name AS "host_name?", c.visible_from, c.visible_to, c.featured,
                  COALESCE((SELECT array_agg(i.mp_id ORDER BY i.position) FROM collection_items i
                            WHERE i.collection_id = c.id), '{}') AS "mp_ids!"
           FROM collections c LEFT JOIN host_apps h ON h.id = c.host_app_id
           ORDER BY c.featured DESC, c.position, c.created_at"#
    )
    .fetch_all(db)
    .await
}

/// Collection `id`, visible or not.
pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<AdminRow>> {
    sqlx::query_as!(
        AdminRow,
        r#"SELECT c.id, c.title, c.subtitle, c.banner_sha, c.host_app_id,
                  h.name AS "host_name?", c.visible_from, c.visible_to, c.featured,
                  COALESCE((SELECT array_agg(i.mp_id ORDER BY i.position) FROM collection_items i
                            WHERE i.collection_id = c.id), '{}') AS "mp_ids!"
           FROM collections c LEFT JOIN host_apps h ON h.id = c.host_app_id
           WHERE c.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// A mini-program an operator may put in a collection: listed and not suspended.
#[derive(Debug)]
pub struct Candidate {
    pub id: String,
    pub name: String,
}

/// Every listed, not suspended mini-program, by name.
pub async fn candidates(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Candidate>> {
    sqlx::query_as!(
        Candidate,
        "SELECT id, name FROM mini_programs WHERE listed AND NOT suspended ORDER BY lower(name), id"
    )
    .fetch_all(db)
    .await
}
