//! The host API's reads: the catalogue of mini-programs released to a host app, and which
//! packages and blobs may be served (downloads, the sandbox origin).
//!
//! "Released to host app `$1`" is always the same joins and conditions: an active release whose
//! stable version is (or was) released, of a mini-program that is not suspended. The checked
//! macros need the whole statement as one literal, so they are written out in each query: keep
//! them alike.

use crate::domain::MpKind;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

/// A mini-program as the catalogue lists it.
#[derive(Debug)]
pub struct SummaryRow {
    pub id: String,
    pub name: String,
    pub kind: MpKind,
    /// The category's slug.
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub icon_sha: Option<String>,
    pub summary: String,
    pub org_id: Uuid,
    pub org_name: String,
}

/// A mini-program's public details, with its released version.
#[derive(Debug)]
pub struct DetailsRow {
    pub summary: SummaryRow,
    pub description_md: String,
    pub screenshots: Vec<String>,
    pub version: String,
    /// The later of the listing's and the release's last change.
    pub updated_at: OffsetDateTime,
}

/// The filters of a catalogue page (`None`: any).
#[derive(Debug, Default)]
pub struct CatalogFilter<'a> {
    /// Text contained (case-insensitive) in the name, summary or tags.
    pub q: Option<&'a str>,
    /// A category slug.
    pub category: Option<&'a str>,
    pub kind: Option<MpKind>,
    /// Keyset cursor: the `(name, id)` of the last item of the previous page.
    pub after: Option<(&'a str, &'a str)>,
    pub limit: i64,
}

/// Up to `f.limit` listed mini-programs released to `host_app`, by name then id. One checked
/// statement: each absent filter is a `NULL` parameter that disables its condition.
pub async fn list_released(
    db: impl PgExecutor<'_>,
    host_app: Uuid,
    f: &CatalogFilter<'_>,
) -> sqlx::Result<Vec<SummaryRow>> {
    let (after_name, after_id) = f.after.unzip();
    sqlx::query_as!(
        SummaryRow,
        r#"SELECT m.id, m.name, m.kind AS "kind: MpKind", c.slug AS "category?", m.tags,
                  m.icon_sha, m.summary, o.id AS org_id, o.name AS org_name
           FROM releases r
           JOIN mini_programs m ON m.id = r.mp_id
           JOIN organizations o ON o.id = m.org_id
           JOIN versions v ON v.id = r.stable_version_id
           LEFT JOIN categories c ON c.id = m.category_id
           WHERE r.host_app_id = $1 AND r.active AND NOT m.suspended
             AND v.state IN ('released', 'superseded')
             AND m.listed
             AND ($2::text IS NULL OR strpos(lower(m.name || ' ' || m.summary || ' '
                  || array_to_string(m.tags, ' ')), lower($2)) > 0)
             AND ($3::text IS NULL OR c.slug = $3)
             AND ($4::text IS NULL OR m.kind = $4)
             AND ($5::text IS NULL OR (m.name, m.id) > ($5, $6::text))
           ORDER BY m.name, m.id
           LIMIT $7"#,
        host_app,
        f.q,
        f.category,
        f.kind as Option<MpKind>,
        after_name,
        after_id,
        f.limit
    )
    .fetch_all(db)
    .await
}

/// The details of `mp_id`, if it is released to `host_app` (listed or not).
pub async fn released_details(
    db: impl PgExecutor<'_>,
    host_app: Uuid,
    mp_id: &str,
) -> sqlx::Result<Option<DetailsRow>> {
    let row = sqlx::query!(
        r#"SELECT m.id, m.name, m.kind AS "kind: MpKind", c.slug AS "category?", m.tags,
                  m.icon_sha, m.summary, o.id AS org_id, o.name AS org_name,
                  m.description_md, m.screenshots, v.version,
                  GREATEST(m.updated_at, r.updated_at) AS "updated_at!"
           FROM releases r
           JOIN mini_programs m ON m.id = r.mp_id
           JOIN organizations o ON o.id = m.org_id
           JOIN versions v ON v.id = r.stable_version_id
           LEFT JOIN categories c ON c.id = m.category_id
           WHERE r.host_app_id = $1 AND r.active AND NOT m.suspended
             AND v.state IN ('released', 'superseded')
             AND m.id = $2"#,
        host_app,
        mp_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| DetailsRow {
        summary: SummaryRow {
            id: r.id,
            name: r.name,
            kind: r.kind,
            category: r.category,
            tags: r.tags,
            icon_sha: r.icon_sha,
            summary: r.summary,
            org_id: r.org_id,
            org_name: r.org_name,
        },
        description_md: r.description_md,
        screenshots: r.screenshots,
        version: r.version,
        updated_at: r.updated_at,
    }))
}

/// Host apps may download a package iff a version with it is released, superseded or in trial
/// (testers download trial builds); never one only rejected or never released.
pub async fn package_downloadable(db: impl PgExecutor<'_>, sha: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM versions WHERE package_sha = $1
                          AND state IN ('released', 'superseded', 'in_trial')) AS "downloadable!""#,
        sha
    )
    .fetch_one(db)
    .await
}

/// A blob is public iff it is some mini-program's icon or screenshot, or a collection's banner;
/// its content type if so.
pub async fn public_blob_type(db: impl PgExecutor<'_>, sha: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "SELECT b.content_type FROM blobs b WHERE b.sha256 = $1 AND (EXISTS (
             SELECT 1 FROM mini_programs m WHERE m.icon_sha = $1 OR $1 = ANY (m.screenshots))
             OR EXISTS (SELECT 1 FROM collections c WHERE c.banner_sha = $1))",
        sha
    )
    .fetch_optional(db)
    .await
}

/// A package may run in the sandbox iff some version with it is in trial (testers), in review
/// or approved (operators run it from the review queue), released or superseded; no version
/// with it was withdrawn or rejected; and its mini-program is not suspended. Never-submitted
/// uploads do not.
pub async fn package_runnable(db: impl PgExecutor<'_>, sha: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM versions v JOIN mini_programs m ON m.id = v.mp_id
                          WHERE v.package_sha = $1 AND NOT m.suspended
                            AND v.state IN ('in_trial', 'in_review', 'approved', 'released',
                                            'superseded'))
              AND NOT EXISTS (SELECT 1 FROM versions WHERE package_sha = $1
                              AND state IN ('withdrawn', 'rejected')) AS "runnable!""#,
        sha
    )
    .fetch_one(db)
    .await
}
