//! Statements only the demo data uses (the server crate's `demo` module loads it): idempotent
//! inserts of the demo organizations, categories, host app and catalogue, back-dating so the
//! demo has a history, generated traffic (seen users, launches) for the grayscale page and the
//! storefront's "Popular", places, curated collections, and the demo consumer's favourites and
//! recents.

use crate::domain::{OrgKind, OrgRole};
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

mod catalogue;
pub use catalogue::{
    ensure_favourites, ensure_places, ensure_recents, generate_launch_history,
    generate_search_history, has_collections, insert_collection, DemoCollection,
};

/// Creates organization `slug` unless it exists.
pub async fn ensure_org(
    db: impl PgExecutor<'_>,
    slug: &str,
    name: &str,
    kind: OrgKind,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO organizations (id, slug, name, kind) VALUES ($1, $2, $3, $4)
         ON CONFLICT (slug) DO NOTHING",
        Uuid::new_v4(),
        slug,
        name,
        kind as OrgKind
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Makes the account `email` a member of organization `slug` unless it is one already.
pub async fn ensure_member(
    db: impl PgExecutor<'_>,
    email: &str,
    slug: &str,
    role: OrgRole,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO org_members (org_id, account_id, role)
         SELECT o.id, a.id, $3 FROM organizations o, accounts a WHERE o.slug = $2 AND a.email = $1
         ON CONFLICT DO NOTHING",
        email,
        slug,
        role as OrgRole
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Creates category `slug` unless it exists.
pub async fn ensure_category(
    db: impl PgExecutor<'_>,
    slug: &str,
    name: &str,
    icon: &str,
    position: i32,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO categories (slug, name, icon, position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (slug) DO NOTHING",
        slug,
        name,
        icon,
        position
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The id of the account `email`.
pub async fn account_id(db: impl PgExecutor<'_>, email: &str) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!("SELECT id FROM accounts WHERE email = $1", email)
        .fetch_one(db)
        .await
}

/// A demo mini-program's listing (its id and name come from its manifest).
pub struct DemoListing<'a> {
    pub id: &'a str,
    pub org_slug: &'a str,
    pub name: &'a str,
    pub kind: crate::domain::MpKind,
    pub category_slug: &'a str,
    pub tags: &'a [String],
    pub summary: &'a str,
    pub description_md: &'a str,
    pub icon_sha: Option<&'a str>,
    pub listed: bool,
    /// When it was registered.
    pub created_at: OffsetDateTime,
}

/// Registers a demo mini-program unless it exists.
pub async fn ensure_mini_program(tx: &mut PgConnection, l: &DemoListing<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO mini_programs (id, org_id, name, kind, category_id, tags, summary,
                                   description_md, icon_sha, listed, created_at)
         SELECT $1, o.id, $2, $3, c.id, $4, $5, $6, $7, $8, $11
         FROM organizations o LEFT JOIN categories c ON c.slug = $9 WHERE o.slug = $10
         ON CONFLICT (id) DO NOTHING",
        l.id,
        l.name,
        l.kind as crate::domain::MpKind,
        l.tags,
        l.summary,
        l.description_md,
        l.icon_sha,
        l.listed,
        l.category_slug,
        l.org_slug,
        l.created_at
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Gives a demo version a history: uploaded two days and submitted one day before `reviewer`
/// reviewed it at `reviewed_at`.
pub async fn backdate_version(
    tx: &mut PgConnection,
    version_id: Uuid,
    reviewer: Uuid,
    reviewed_at: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE versions SET submitted_at = $3::timestamptz - interval '1 day', reviewed_by = $2,
                reviewed_at = $3, created_at = $3::timestamptz - interval '2 days'
         WHERE id = $1",
        version_id,
        reviewer,
        reviewed_at
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Whether mini-program `mp_id` has ever had a release plan on host app `host`.
pub async fn has_plan(tx: &mut PgConnection, mp_id: &str, host: Uuid) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT 1 AS "one!" FROM release_plans WHERE mp_id = $1 AND host_app_id = $2 LIMIT 1"#,
        mp_id,
        host
    )
    .fetch_optional(tx)
    .await?
    .is_some())
}

/// A version of a demo mini-program.
pub struct DemoVersion {
    pub id: Uuid,
    pub version: String,
    pub state: crate::versions::VersionState,
}

/// The versions of `mp_id`, oldest minor first.
pub async fn versions_of(tx: &mut PgConnection, mp_id: &str) -> sqlx::Result<Vec<DemoVersion>> {
    sqlx::query_as!(
        DemoVersion,
        r#"SELECT id, version, state AS "state: crate::versions::VersionState"
           FROM versions WHERE mp_id = $1 ORDER BY v_minor"#,
        mp_id
    )
    .fetch_all(tx)
    .await
}

/// The grayscale demo's plan on `mp_id`: `candidate` running for 20 % of the users since
/// yesterday (default group, `demo-tester` allow-listed, a 5 % error-rate gate), with a ramp
/// to 50 % tomorrow and 100 % in three days. The candidate version becomes `released`.
pub async fn insert_running_plan(
    tx: &mut PgConnection,
    plan: Uuid,
    mp_id: &str,
    host: Uuid,
    stable: Uuid,
    candidate: Uuid,
    operator: Uuid,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE versions SET state = 'released' WHERE id = $1",
        candidate
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO release_plans (id, mp_id, host_app_id, stable_version_id, candidate_version_id,
           state, percentage, bucket_group, allow_list, max_error_rate, min_launches,
           error_window_minutes, on_error, created_by, created_at, started_at)
         VALUES ($1, $2, $3, $4, $5, 'running', 20, $2, ARRAY['demo-tester'], 0.05, 50, 60,
                 'pause', $6, now() - interval '1 day', now() - interval '1 day')",
        plan,
        mp_id,
        host,
        stable,
        candidate,
        operator
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO plan_steps (plan_id, position, percentage, at) VALUES
           ($1, 1, 50, date_trunc('hour', now()) + interval '1 day'),
           ($1, 2, 100, date_trunc('hour', now()) + interval '3 days')",
        plan
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// 2,400 users of host app `host` seen over the last 30 days, spread over platforms, regions
/// and app versions (what the audience preview counts).
pub async fn generate_seen_users(tx: &mut PgConnection, host: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO seen_users (host_app_id, user_id, last_seen, platform, region, app_version, device)
         SELECT $1, 'user-' || lpad(i::text, 4, '0'),
                now() - (i % 30) * interval '1 day' - (i % 24) * interval '1 hour',
                (ARRAY['ios', 'android', 'web'])[1 + i % 3], (ARRAY['eu', 'us', 'cn', 'sg'])[1 + i % 4],
                (ARRAY['3.2.0', '3.4.1', '4.0.0'])[1 + i % 3], (ARRAY['phone', 'tablet'])[1 + (i % 5 = 0)::int]
         FROM generate_series(1, 2400) AS i
         ON CONFLICT DO NOTHING",
        host
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// The last hour's launches (and a few errors) of `mp_id`: one in five on `candidate_version`,
/// the rest on 1.0.0.
pub async fn generate_launches(
    tx: &mut PgConnection,
    host: Uuid,
    mp_id: &str,
    candidate_version: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO events (host_app_id, id, type, mp_id, version, user_id, ts, duration_ms,
                             platform, region, message)
         SELECT $1, gen_random_uuid(), CASE WHEN i % 61 = 0 THEN 'error' ELSE 'launch' END, $2,
                CASE WHEN i % 5 = 0 THEN $3 ELSE '1.0.0' END,
                'user-' || lpad((i * 7 % 2400 + 1)::text, 4, '0'),
                now() - (i % 55) * interval '1 minute', 800 + i % 400,
                (ARRAY['ios', 'android', 'web'])[1 + i % 3], (ARRAY['eu', 'us', 'cn', 'sg'])[1 + i % 4],
                CASE WHEN i % 61 = 0 THEN 'TypeError: x is undefined' END
         FROM generate_series(1, 700) AS i",
        host,
        mp_id,
        candidate_version
    )
    .execute(tx)
    .await?;
    Ok(())
}
