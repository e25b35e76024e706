//! Analytics storage: the day partitions of the raw `events`, and the rollup tables the charts
//! read, recomputed per (UTC day, mini-program) that new events touched.

pub mod mini_program;
pub mod overview;

use sqlx::{PgConnection, PgExecutor, PgPool};
use time::Date;

/// Creates the missing day partitions of `events` from `first` to `last` (inclusive); returns
/// how many were made.
pub async fn ensure_partitions(
    db: impl PgExecutor<'_>,
    first: Date,
    last: Date,
) -> sqlx::Result<i32> {
    sqlx::query_scalar!(
        r#"SELECT ensure_event_partitions($1, $2) AS "made!""#,
        first,
        last
    )
    .fetch_one(db)
    .await
}

/// Drops the day partitions (and so the raw events) of days before `keep_from`; returns how
/// many were dropped. The rollups stay.
pub async fn drop_partitions(db: impl PgExecutor<'_>, keep_from: Date) -> sqlx::Result<i32> {
    sqlx::query_scalar!(
        r#"SELECT drop_event_partitions($1) AS "dropped!""#,
        keep_from
    )
    .fetch_one(db)
    .await
}

/// The day partitions that exist, oldest first.
pub async fn partitions(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"SELECT c.relname::text AS "name!" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'events'::regclass ORDER BY c.relname"#
    )
    .fetch_all(db)
    .await
}

/// Records that new events touched these (day, mini-program) pairs ('' for none).
pub async fn mark_dirty(
    db: impl PgExecutor<'_>,
    days: &[Date],
    mp_ids: &[String],
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO analytics_dirty (day, mp_id) SELECT * FROM UNNEST($1::date[], $2::text[])",
        days,
        mp_ids
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Recomputes the rollups of every (day, mini-program) touched since the last run, in one
/// transaction (a crash recomputes them again next time). Returns how many pairs it did.
pub async fn roll_up(pool: &PgPool) -> sqlx::Result<usize> {
    let mut tx = pool.begin().await?;
    // One instance at a time: two recomputing the same day would collide.
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext('ministore.analytics_rollup'))")
        .execute(&mut *tx)
        .await?;
    let mut dirty =
        sqlx::query!(r#"DELETE FROM analytics_dirty RETURNING day AS "day!", mp_id AS "mp_id!""#)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|r| (r.day, r.mp_id))
            .collect::<Vec<_>>();
    dirty.sort_unstable();
    dirty.dedup();
    for (day, mp_id) in &dirty {
        if mp_id.is_empty() {
            searches(&mut tx, *day).await?;
        } else {
            mini_program_day(&mut tx, *day, mp_id).await?;
        }
    }
    tx.commit().await?;
    Ok(dirty.len())
}

/// The rollups of one mini-program's day, from its raw events.
async fn mini_program_day(tx: &mut PgConnection, day: Date, mp_id: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM analytics_daily WHERE day = $1 AND mp_id = $2",
        day,
        mp_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO analytics_daily (day, mp_id, version, host_app_id, platform, region,
                                      launches, views, errors, favourites, sessions, duration_ms,
                                      users)
         SELECT $1, $2, coalesce(version, ''), host_app_id, coalesce(platform, ''),
                coalesce(region, ''),
                count(*) FILTER (WHERE type = 'launch'), count(*) FILTER (WHERE type = 'view'),
                count(*) FILTER (WHERE type = 'error'), count(*) FILTER (WHERE type = 'favourite'),
                count(*) FILTER (WHERE type = 'close' AND duration_ms IS NOT NULL),
                coalesce(sum(duration_ms) FILTER (WHERE type = 'close'), 0),
                count(DISTINCT user_id) FILTER (WHERE type = 'launch')
         FROM events
         WHERE mp_id = $2 AND ts >= $1::date::timestamp AT TIME ZONE 'UTC'
           AND ts < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
         GROUP BY 3, 4, 5, 6",
        day,
        mp_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM analytics_durations WHERE day = $1 AND mp_id = $2",
        day,
        mp_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO analytics_durations (day, mp_id, version, sessions, p50_ms, p90_ms)
         SELECT $1, $2, coalesce(version, ''), count(*),
                percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms),
                percentile_disc(0.9) WITHIN GROUP (ORDER BY duration_ms)
         FROM events
         WHERE mp_id = $2 AND type = 'close' AND duration_ms IS NOT NULL
           AND ts >= $1::date::timestamp AT TIME ZONE 'UTC'
           AND ts < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
         GROUP BY 3",
        day,
        mp_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM analytics_actives WHERE day = $1 AND mp_id = $2",
        day,
        mp_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO analytics_actives (day, mp_id, kind, user_key, host_app_id, platform, region)
         SELECT DISTINCT $1::date, $2::text, type, hashtextextended(host_app_id::text || ':' || user_id, 0),
                host_app_id, coalesce(platform, ''), coalesce(region, '')
         FROM events
         WHERE mp_id = $2 AND type IN ('launch', 'view') AND user_id IS NOT NULL
           AND ts >= $1::date::timestamp AT TIME ZONE 'UTC'
           AND ts < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'",
        day,
        mp_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM analytics_errors WHERE day = $1 AND mp_id = $2",
        day,
        mp_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO analytics_errors (day, mp_id, version, message, errors)
         SELECT $1, $2, coalesce(version, ''), left(coalesce(message, ''), 200), count(*)
         FROM events
         WHERE mp_id = $2 AND type = 'error'
           AND ts >= $1::date::timestamp AT TIME ZONE 'UTC'
           AND ts < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
         GROUP BY 3, 4",
        day,
        mp_id
    )
    .execute(&mut *tx)
    .await?;
    // First launches: of this mini-program, and ('') of any on the platform.
    sqlx::query!(
        "INSERT INTO analytics_first_seen (mp_id, user_key, host_app_id, platform, region, first_day)
         SELECT DISTINCT ON (m.mp_id, a.user_key) m.mp_id, a.user_key, a.host_app_id, a.platform,
                a.region, a.day
         FROM analytics_actives a CROSS JOIN (VALUES ($2::text), ('')) AS m (mp_id)
         WHERE a.day = $1 AND a.mp_id = $2 AND a.kind = 'launch'
         ORDER BY m.mp_id, a.user_key
         ON CONFLICT (mp_id, user_key) DO UPDATE
           SET first_day = EXCLUDED.first_day, host_app_id = EXCLUDED.host_app_id,
               platform = EXCLUDED.platform, region = EXCLUDED.region
           WHERE EXCLUDED.first_day < analytics_first_seen.first_day",
        day,
        mp_id
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The search rollup of one day: searches per host app and normalised query.
async fn searches(tx: &mut PgConnection, day: Date) -> sqlx::Result<()> {
    sqlx::query!("DELETE FROM analytics_searches WHERE day = $1", day)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO analytics_searches (day, host_app_id, q, searches, no_results)
         SELECT $1, host_app_id, left(lower(btrim(message)), 200), count(*),
                count(*) FILTER (WHERE results = 0)
         FROM events
         WHERE type = 'search' AND btrim(coalesce(message, '')) <> ''
           AND ts >= $1::date::timestamp AT TIME ZONE 'UTC'
           AND ts < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
         GROUP BY 2, 3",
        day
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Which of `ids` are mini-programs in the store (listed, not suspended): storefront beacons
/// for anything else are dropped.
pub async fn listed(db: impl PgExecutor<'_>, ids: &[String]) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "SELECT id FROM mini_programs WHERE id = ANY($1) AND NOT suspended",
        ids
    )
    .fetch_all(db)
    .await
}

/// Keeps the day partitions `ahead` days ahead and drops those older than `retention_days`;
/// returns (made, dropped).
pub async fn maintain(pool: &PgPool, retention_days: u32, ahead: u32) -> sqlx::Result<(i32, i32)> {
    let today = time::OffsetDateTime::now_utc().date();
    let made = ensure_partitions(pool, today, today + time::Duration::days(ahead.into())).await?;
    let keep_from = today - time::Duration::days(i64::from(retention_days) - 1);
    let dropped = drop_partitions(pool, keep_from).await?;
    Ok((made, dropped))
}

/// Marks every (day, mini-program) with raw events for recomputing: after events were written
/// other than through [`super::events::store`] (the demo's generated history).
pub async fn mark_all_dirty(db: impl PgExecutor<'_>) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        "INSERT INTO analytics_dirty (day, mp_id)
         SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date, coalesce(mp_id, '') FROM events"
    )
    .execute(db)
    .await?
    .rows_affected())
}
