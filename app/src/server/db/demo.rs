//! Statements only the demo data uses (the server crate's `demo` module loads it): idempotent
//! inserts of the demo organizations, categories, host app and catalogue, back-dating so the
//! demo has a history, generated traffic (seen users, launches) for the grayscale page and the
//! storefront's "Popular", places, curated collections, and the demo consumer's favourites and
//! recents.

use crate::domain::{OrgKind, OrgRole};
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

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

/// The places of a demo mini-program, in this order, unless it has places already (then
/// nothing changes). Returns whether they were written.
pub async fn ensure_places(
    db: impl PgExecutor<'_>,
    mp_id: &str,
    names: &[String],
    addresses: &[String],
    lats: &[f64],
    lons: &[f64],
    opening_hours: &[String],
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO mp_places (mp_id, position, name, address, lat, lon, opening_hours)
         SELECT $1, (p.n - 1)::int, p.name, p.address, p.lat, p.lon, p.opening_hours
         FROM UNNEST($2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[])
              WITH ORDINALITY AS p (name, address, lat, lon, opening_hours, n)
         WHERE NOT EXISTS (SELECT 1 FROM mp_places WHERE mp_id = $1)",
        mp_id,
        names,
        addresses,
        lats,
        lons,
        opening_hours
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// 30 days of launches on host app `host`: `counts[i]` for `mp_ids[i]`, on its released
/// version, between its release (or 30 days ago) and an hour ago, more of them recently, from
/// `demo-user-1` … `demo-user-3000` (a few heavy users), on iOS, Android and the web, from
/// Chinese cities and Singapore. A mini-program released less than a day ago, or with launches
/// older than an hour already (a history, or real traffic), gets none. Returns the rows added.
pub async fn generate_launch_history(
    db: impl PgExecutor<'_>,
    host: Uuid,
    mp_ids: &[String],
    counts: &[i32],
) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "WITH todo AS (
           SELECT p.mp_id, p.n, v.version, GREATEST(r.released_at, now() - interval '30 days') AS since
           FROM UNNEST($2::text[], $3::int[]) AS p (mp_id, n)
           JOIN releases r ON r.mp_id = p.mp_id AND r.host_app_id = $1
           JOIN versions v ON v.id = r.stable_version_id
           WHERE r.released_at < now() - interval '1 day'
             AND NOT EXISTS (SELECT 1 FROM events e WHERE e.host_app_id = $1 AND e.mp_id = p.mp_id
                             AND e.type = 'launch' AND e.ts < now() - interval '1 hour'))
         INSERT INTO events (host_app_id, id, type, mp_id, version, user_id, ts, duration_ms,
                             platform, region)
         SELECT $1, gen_random_uuid(), 'launch', t.mp_id, t.version,
                'demo-user-' || (1 + floor(power(random(), 2) * 3000))::int,
                t.since + (now() - interval '1 hour' - t.since) * power(random(), 0.7),
                300 + floor(random() * 1500)::bigint,
                (ARRAY['ios', 'ios', 'android', 'android', 'android', 'web'])[1 + floor(random() * 6)::int],
                (ARRAY['shanghai', 'shanghai', 'shanghai', 'beijing', 'beijing', 'shenzhen',
                       'hangzhou', 'guangzhou', 'singapore', 'singapore'])[1 + floor(random() * 10)::int]
         FROM todo t CROSS JOIN LATERAL generate_series(1, t.n) AS i",
        host,
        mp_ids,
        counts
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Whether any collection exists (the demo's are loaded only into a store that has none).
pub async fn has_collections(db: impl PgExecutor<'_>) -> sqlx::Result<bool> {
    sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM collections) AS "any!""#)
        .fetch_one(db)
        .await
}

/// A demo collection for every host app.
pub struct DemoCollection<'a> {
    pub id: Uuid,
    pub title: &'a str,
    pub subtitle: &'a str,
    pub banner_sha: Option<&'a str>,
    pub position: i32,
    pub featured: bool,
    pub created_by: Uuid,
}

/// Creates collection `c` holding `mp_ids` in this order (ids of no mini-program are skipped).
pub async fn insert_collection(
    tx: &mut PgConnection,
    c: &DemoCollection<'_>,
    mp_ids: &[String],
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO collections (id, title, subtitle, banner_sha, position, featured, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        c.id,
        c.title,
        c.subtitle,
        c.banner_sha,
        c.position,
        c.featured,
        c.created_by
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO collection_items (collection_id, mp_id, position)
         SELECT $1, m.id, (i.n - 1)::int
         FROM UNNEST($2::text[]) WITH ORDINALITY AS i (mp_id, n)
         JOIN mini_programs m ON m.id = i.mp_id",
        c.id,
        mp_ids
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Account `email`'s favourites, `mp_ids[0]` the newest (a day apart), unless it has some.
pub async fn ensure_favourites(
    db: impl PgExecutor<'_>,
    email: &str,
    mp_ids: &[String],
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO favourites (account_id, mp_id, created_at)
         SELECT a.id, m.id, now() - make_interval(days => f.n::int)
         FROM accounts a
         CROSS JOIN UNNEST($2::text[]) WITH ORDINALITY AS f (mp_id, n)
         JOIN mini_programs m ON m.id = f.mp_id
         WHERE a.email = $1 AND NOT EXISTS (SELECT 1 FROM favourites x WHERE x.account_id = a.id)
         ON CONFLICT DO NOTHING",
        email,
        mp_ids
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Account `email`'s recent launches, `mp_ids[0]` the last used (three hours apart), each
/// launched `launches[i]` times, unless it has some.
pub async fn ensure_recents(
    db: impl PgExecutor<'_>,
    email: &str,
    mp_ids: &[String],
    launches: &[i64],
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO recent_launches (account_id, mp_id, last_used, launches)
         SELECT a.id, m.id, now() - make_interval(hours => 3 * f.n::int - 2), f.launches
         FROM accounts a
         CROSS JOIN UNNEST($2::text[], $3::bigint[]) WITH ORDINALITY AS f (mp_id, launches, n)
         JOIN mini_programs m ON m.id = f.mp_id
         WHERE a.email = $1
           AND NOT EXISTS (SELECT 1 FROM recent_launches x WHERE x.account_id = a.id)
         ON CONFLICT DO NOTHING",
        email,
        mp_ids,
        launches
    )
    .execute(db)
    .await?;
    Ok(())
}
