//! The demo catalogue's statements: places, launch history, collections, the demo consumer's
//! favourites and recents.

use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

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

/// 90 days of history on host app `host` and the storefront: about `counts[i]` launches a
/// month for `mp_ids[i]` on its released version, between its release (or 90 days ago) and an
/// hour ago. Each launch comes after a detail view and ends with a close (its session length);
/// about one in 70 has an error, and a third as many others view and leave. Traffic grows over the
/// period and is higher at weekends; users come from a pool that grows day by day (so there
/// are new users, and returning ones for the retention cohorts), on iOS, Android and the web,
/// from Chinese cities and Singapore. A mini-program released less than a day ago, or with
/// launches older than an hour already (a history, or real traffic), gets none. Returns the
/// rows added.
pub async fn generate_launch_history(
    db: impl PgExecutor<'_>,
    host: Uuid,
    mp_ids: &[String],
    counts: &[i32],
) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "WITH todo AS (
           SELECT p.mp_id, p.n, v.version, GREATEST(r.released_at, now() - interval '90 days') AS since
           FROM UNNEST($2::text[], $3::int[]) AS p (mp_id, n)
           JOIN releases r ON r.mp_id = p.mp_id AND r.host_app_id = $1
           JOIN versions v ON v.id = r.stable_version_id
           WHERE r.released_at < now() - interval '1 day'
             AND NOT EXISTS (SELECT 1 FROM events e WHERE e.host_app_id = $1 AND e.mp_id = p.mp_id
                             AND e.type = 'launch' AND e.ts < now() - interval '1 hour')),
         days AS (
           SELECT t.mp_id, t.version, d.day, 89 - d.back AS age,
                  round(t.n / 30.0 * (0.45 + (89 - d.back) / 80.0)
                        * CASE WHEN extract(isodow FROM d.day) IN (6, 7) THEN 1.3 ELSE 0.9 END
                        * (0.8 + 0.4 * random()))::int AS n
           FROM todo t
           CROSS JOIN LATERAL (SELECT b AS back, date_trunc('day', now()) - b * interval '1 day' AS day
                               FROM generate_series(0, 89) AS b) d
           WHERE d.day >= date_trunc('day', t.since)),
         launches AS (
           SELECT d.mp_id, d.version, d.age,
                  LEAST(d.day + random() * interval '1 day', now() - interval '1 hour') AS ts,
                  floor(power(random(), 1.6) * (400 + 40 * d.age))::int AS u,
                  random() < 0.25 AS web,
                  (ARRAY['ios', 'ios', 'android', 'android', 'android', 'web'])[1 + floor(random() * 6)::int] AS platform,
                  (ARRAY['shanghai', 'shanghai', 'shanghai', 'beijing', 'beijing', 'shenzhen',
                         'hangzhou', 'guangzhou', 'singapore', 'singapore'])[1 + floor(random() * 10)::int] AS region,
                  (20000 + power(random(), 2) * 400000)::bigint AS duration,
                  random() AS luck
           FROM days d CROSS JOIN LATERAL generate_series(1, d.n) AS i)
         INSERT INTO events (host_app_id, id, type, mp_id, version, user_id, ts, duration_ms,
                             platform, region, message)
         SELECT CASE WHEN l.web THEN '00000000-0000-4000-8000-000000000001'::uuid ELSE $1 END,
                gen_random_uuid(), k.type, l.mp_id, l.version,
                CASE WHEN l.web THEN 'dev:demo-' ELSE 'demo-user-' END
                  || (1 + l.u + CASE WHEN k.offset_ms = -90000 THEN 100000 ELSE 0 END),
                l.ts + k.offset_ms * interval '1 millisecond',
                CASE WHEN k.type = 'close' THEN l.duration END,
                CASE WHEN l.web THEN 'web' ELSE l.platform END, l.region,
                CASE WHEN k.type = 'error' THEN 'TypeError: Cannot read properties of undefined' END
         FROM launches l
         CROSS JOIN LATERAL (VALUES ('view', -40000::bigint), ('launch', 0), ('close', l.duration),
                                    ('error', 5000), ('view', -90000)) AS k (type, offset_ms)
         WHERE (k.type = 'error') = (k.type = 'error' AND l.luck < 0.014)
           AND (k.offset_ms <> -90000 OR l.luck > 0.66)",
        host,
        mp_ids,
        counts
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// 90 days of searches (storefront and host app `host`), with and without results, unless
/// there are searches already. Returns the rows added.
pub async fn generate_search_history(db: impl PgExecutor<'_>, host: Uuid) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "INSERT INTO events (host_app_id, id, type, user_id, ts, platform, message, results)
         SELECT CASE WHEN random() < 0.6 THEN '00000000-0000-4000-8000-000000000001'::uuid ELSE $1 END,
                gen_random_uuid(), 'search', 'demo-user-' || (1 + floor(random() * 2000)::int),
                LEAST(date_trunc('day', now()) - b * interval '1 day' + random() * interval '1 day',
                      now() - interval '1 hour'),
                (ARRAY['ios', 'android', 'web'])[1 + floor(random() * 3)::int], q.q, q.results
         FROM generate_series(0, 89) AS b
         CROSS JOIN (VALUES ('calculator', 2, 9), ('计算器', 1, 6), ('weather', 1, 5),
                            ('bus', 2, 5), ('exchange rate', 1, 4), ('汇率', 1, 4),
                            ('snake', 1, 3), ('2048', 1, 2), ('jsq', 1, 2), ('notes', 1, 2),
                            ('taxi', 0, 3), ('外卖', 0, 3), ('parking', 0, 2),
                            ('food delivery', 0, 2), ('电影票', 0, 1), ('calculater', 1, 1))
                    AS q (q, results, per_day)
         CROSS JOIN LATERAL generate_series(1, floor(q.per_day * (0.5 + random()) * (1 + (89 - b) / 90.0))::int)
         WHERE NOT EXISTS (SELECT 1 FROM events WHERE type = 'search' AND ts < now() - interval '1 hour')",
        host
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
