//! Mini-programs: registration, listings, and what the storefront reads of them.

use crate::domain::MpKind;
use crate::error::{AppError, AppResult};
use sqlx::PgExecutor;
use uuid::Uuid;

pub use super::listing_images::{attach_image, remove_screenshot, Image, MAX_SCREENSHOTS};

/// A new mini-program, as registration (or the demo data) stores it.
#[derive(Clone, Copy)]
pub struct NewMiniProgram<'a> {
    pub id: &'a str,
    pub org_id: Uuid,
    pub name: &'a str,
    pub kind: MpKind,
    pub category_id: Option<i32>,
    pub tags: &'a [String],
    pub summary: &'a str,
    pub description_md: &'a str,
    pub icon_sha: Option<&'a str>,
    /// Whether the storefront lists it once released.
    pub listed: bool,
    pub created_by: Option<Uuid>,
}

/// The listing fields a developer edits.
pub struct ListingUpdate<'a> {
    pub name: &'a str,
    pub kind: MpKind,
    pub category_id: Option<i32>,
    pub tags: &'a [String],
    pub summary: &'a str,
    pub description_md: &'a str,
}

/// A mini-program in a developer's portal list, with its latest version.
pub struct PortalListRow {
    pub id: String,
    pub name: String,
    pub kind: MpKind,
    pub org_name: String,
    pub icon_sha: Option<String>,
    pub latest_version: Option<String>,
    pub latest_state: Option<crate::versions::VersionState>,
}

/// A mini-program's listing as the portal shows it.
pub struct PortalDetailRow {
    pub name: String,
    pub kind: MpKind,
    /// The category's slug.
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub summary: String,
    pub description_md: String,
    pub org_slug: String,
    pub org_name: String,
    pub icon_sha: Option<String>,
    pub suspended: bool,
    pub screenshots: Vec<String>,
}

/// A card of the storefront's catalogue.
pub struct StoreCardRow {
    pub id: String,
    pub name: String,
    pub kind: MpKind,
    /// The category's name.
    pub category: Option<String>,
    pub summary: String,
    pub icon_sha: Option<String>,
    /// The owning organization's name.
    pub developer: String,
}

/// A mini-program's listing as its storefront page shows it.
pub struct StoreListingRow {
    pub name: String,
    pub kind: MpKind,
    /// The category's name.
    pub category: Option<String>,
    pub summary: String,
    pub icon_sha: Option<String>,
    /// The owning organization's name.
    pub developer: String,
    pub tags: Vec<String>,
    pub description_md: String,
    pub screenshots: Vec<String>,
}

/// The organization that owns mini-program `mp_id`.
pub async fn org_of(db: impl PgExecutor<'_>, mp_id: &str) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!("SELECT org_id FROM mini_programs WHERE id = $1", mp_id)
        .fetch_optional(db)
        .await
}

/// Whether a mini-program has the id `id`.
pub async fn exists(db: impl PgExecutor<'_>, id: &str) -> sqlx::Result<bool> {
    Ok(
        sqlx::query_scalar!(r#"SELECT 1 AS "one!" FROM mini_programs WHERE id = $1"#, id)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// Stores a new mini-program. A taken id is a unique violation.
pub async fn insert(db: impl PgExecutor<'_>, mp: &NewMiniProgram<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO mini_programs (id, org_id, name, kind, category_id, tags, summary,
                                    description_md, icon_sha, listed, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        mp.id,
        mp.org_id,
        mp.name,
        mp.kind as MpKind,
        mp.category_id,
        mp.tags,
        mp.summary,
        mp.description_md,
        mp.icon_sha,
        mp.listed,
        mp.created_by
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Registers `mp` under its id or, if that is taken, the first free `{id}_2`, `{id}_3` …,
/// audited (with the organization's `org_slug`), in one transaction. Returns the id.
pub async fn register(
    pool: &sqlx::PgPool,
    mp: &NewMiniProgram<'_>,
    org_slug: &str,
) -> AppResult<String> {
    let mut tx = pool.begin().await?;
    let mut id = mp.id.to_string();
    for n in 2.. {
        if !exists(&mut *tx, &id).await? {
            break;
        }
        id = format!("{}_{n}", mp.id);
    }
    if !crate::miniprograms::valid_mp_id(&id) {
        return Err(AppError::validation(
            "name",
            "Use some letters or digits in the name.",
        ));
    }
    insert(&mut *tx, &NewMiniProgram { id: &id, ..*mp }).await?;
    super::audit::record(
        &mut *tx,
        mp.created_by,
        "mp.created",
        "mini_program",
        &id,
        serde_json::json!({"name": mp.name, "org": org_slug}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces the listing of mini-program `id`, audited.
pub async fn update_listing(
    pool: &sqlx::PgPool,
    id: &str,
    l: &ListingUpdate<'_>,
    by: Uuid,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE mini_programs SET name = $2, kind = $3, category_id = $4, tags = $5, summary = $6,
                description_md = $7, updated_at = now() WHERE id = $1",
        id,
        l.name,
        l.kind as MpKind,
        l.category_id,
        l.tags,
        l.summary,
        l.description_md
    )
    .execute(&mut *tx)
    .await?;
    super::audit::record(
        &mut *tx,
        Some(by),
        "mp.listing_updated",
        "mini_program",
        id,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Marks mini-program `id` as changed now (the portal lists the latest changed first).
pub async fn touch(db: impl PgExecutor<'_>, id: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE mini_programs SET updated_at = now() WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The mini-programs of the organizations `account` belongs to (only organization `org_slug`'s
/// if given), latest changed first.
pub async fn of_member(
    db: impl PgExecutor<'_>,
    account: Uuid,
    org_slug: Option<&str>,
) -> sqlx::Result<Vec<PortalListRow>> {
    sqlx::query_as!(
        PortalListRow,
        r#"SELECT p.id, p.name, p.kind AS "kind: MpKind", o.name AS org_name, p.icon_sha,
                  v.version AS "latest_version?",
                  v.state AS "latest_state?: crate::versions::VersionState"
           FROM mini_programs p JOIN organizations o ON o.id = p.org_id
           JOIN org_members m ON m.org_id = p.org_id AND m.account_id = $1
           LEFT JOIN LATERAL (SELECT version, state FROM versions WHERE mp_id = p.id
               ORDER BY v_major DESC, v_minor DESC, v_patch DESC, created_at DESC LIMIT 1) v ON TRUE
           WHERE $2::text IS NULL OR o.slug = $2
           ORDER BY p.updated_at DESC"#,
        account,
        org_slug
    )
    .fetch_all(db)
    .await
}

/// Mini-program `id`'s listing for its portal page.
pub async fn portal_detail(db: impl PgExecutor<'_>, id: &str) -> sqlx::Result<PortalDetailRow> {
    sqlx::query_as!(
        PortalDetailRow,
        r#"SELECT p.name, p.kind AS "kind: MpKind", c.slug AS "category?", p.tags, p.summary,
                  p.description_md, o.slug AS org_slug, o.name AS org_name, p.icon_sha,
                  p.suspended, p.screenshots
           FROM mini_programs p JOIN organizations o ON o.id = p.org_id
           LEFT JOIN categories c ON c.id = p.category_id
           WHERE p.id = $1"#,
        id
    )
    .fetch_one(db)
    .await
}

/// Released (in an enabled host app), listed, not suspended mini-programs, in category
/// `category` (a slug) if given, newest release first.
pub async fn released(
    db: impl PgExecutor<'_>,
    category: Option<&str>,
) -> sqlx::Result<Vec<StoreCardRow>> {
    sqlx::query_as!(
        StoreCardRow,
        r#"SELECT p.id, p.name, p.kind AS "kind: MpKind", c.name AS "category?", p.summary,
                  p.icon_sha, o.name AS developer
           FROM mini_programs p JOIN organizations o ON o.id = p.org_id
           LEFT JOIN categories c ON c.id = p.category_id
           JOIN LATERAL (SELECT max(r.released_at) AS at FROM releases r
                         JOIN host_apps h ON h.id = r.host_app_id
                         WHERE r.mp_id = p.id AND r.active AND NOT h.disabled) rel
                ON rel.at IS NOT NULL
           WHERE p.listed AND NOT p.suspended AND ($1::text IS NULL OR c.slug = $1)
           ORDER BY rel.at DESC, p.name"#,
        category
    )
    .fetch_all(db)
    .await
}

/// Mini-program `id`'s listing for its storefront page.
pub async fn store_listing(db: impl PgExecutor<'_>, id: &str) -> sqlx::Result<StoreListingRow> {
    sqlx::query_as!(
        StoreListingRow,
        r#"SELECT p.name, p.kind AS "kind: MpKind", c.name AS "category?", p.summary, p.icon_sha,
                  o.name AS developer, p.tags, p.description_md, p.screenshots
           FROM mini_programs p JOIN organizations o ON o.id = p.org_id
           LEFT JOIN categories c ON c.id = p.category_id
           WHERE p.id = $1"#,
        id
    )
    .fetch_one(db)
    .await
}
