//! One mini-program's chart queries (rollups only): versions, sessions, retention, the funnel,
//! errors, and where its users come from.

use super::overview::Filter;
use sqlx::PgExecutor;
use time::Date;

/// A version's numbers on one day.
#[derive(Debug, Clone)]
pub struct VersionDay {
    pub day: Date,
    pub version: String,
    pub launches: i64,
    pub errors: i64,
}

/// Launches and errors per day and version.
pub async fn versions(
    db: impl PgExecutor<'_>,
    f: &Filter,
    mp_id: &str,
) -> sqlx::Result<Vec<VersionDay>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        VersionDay,
        r#"SELECT day AS "day!", version AS "version!",
                  sum(launches)::bigint AS "launches!", sum(errors)::bigint AS "errors!"
           FROM analytics_daily
           WHERE mp_id = $1 AND day BETWEEN $2 AND $3
             AND ($4::uuid IS NULL OR host_app_id = $4)
             AND ($5::text IS NULL OR platform = $5)
             AND ($6::text IS NULL OR region = $6)
           GROUP BY day, version ORDER BY day, version"#,
        mp_id,
        from,
        to,
        f.host,
        f.platform,
        f.region
    )
    .fetch_all(db)
    .await
}

/// A day's session lengths: the average, and the p90 (sessions-weighted over versions).
#[derive(Debug, Clone)]
pub struct SessionDay {
    pub day: Date,
    pub sessions: i64,
    pub p50_ms: i64,
    pub p90_ms: i64,
}

/// Session percentiles per day (all host apps and platforms).
pub async fn sessions(
    db: impl PgExecutor<'_>,
    f: &Filter,
    mp_id: &str,
) -> sqlx::Result<Vec<SessionDay>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        SessionDay,
        r#"SELECT g.t::date AS "day!", coalesce(sum(d.sessions), 0)::bigint AS "sessions!",
                  coalesce(sum(d.p50_ms * d.sessions) / nullif(sum(d.sessions), 0), 0)::bigint
                    AS "p50_ms!",
                  coalesce(sum(d.p90_ms * d.sessions) / nullif(sum(d.sessions), 0), 0)::bigint
                    AS "p90_ms!"
           FROM generate_series($2::date, $3::date, interval '1 day') AS g (t)
           LEFT JOIN analytics_durations d ON d.day = g.t::date AND d.mp_id = $1
           GROUP BY 1 ORDER BY 1"#,
        mp_id,
        from,
        to
    )
    .fetch_all(db)
    .await
}

/// How many of a weekly cohort (first launch that week) launched again `offset` weeks later.
#[derive(Debug, Clone)]
pub struct CohortCell {
    pub week: Date,
    pub offset: i32,
    pub users: i64,
}

/// Retention: cohorts of the weeks (starting Monday) whose first launch falls in the range.
pub async fn cohorts(
    db: impl PgExecutor<'_>,
    f: &Filter,
    mp_id: &str,
) -> sqlx::Result<Vec<CohortCell>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        CohortCell,
        r#"WITH cohort AS (
             SELECT user_key, date_trunc('week', first_day)::date AS week
             FROM analytics_first_seen
             WHERE mp_id = $1 AND first_day BETWEEN $2 AND $3
               AND ($4::uuid IS NULL OR host_app_id = $4)
               AND ($5::text IS NULL OR platform = $5)
               AND ($6::text IS NULL OR region = $6)),
           active AS (
             SELECT DISTINCT user_key, date_trunc('week', day)::date AS week
             FROM analytics_actives
             WHERE mp_id = $1 AND kind = 'launch' AND day >= date_trunc('week', $2::date))
           SELECT c.week AS "week!", ((a.week - c.week) / 7)::int AS "offset!",
                  count(DISTINCT c.user_key) AS "users!"
           FROM cohort c JOIN active a ON a.user_key = c.user_key AND a.week >= c.week
           GROUP BY 1, 2 ORDER BY 1, 2"#,
        mp_id,
        from,
        to,
        f.host,
        f.platform,
        f.region
    )
    .fetch_all(db)
    .await
}

/// The detail-page funnel: users who viewed, and of them those who launched, in the range;
/// and everyone who launched (host apps launch without a detail view).
#[derive(Debug, Clone)]
pub struct Funnel {
    pub viewed: i64,
    pub viewed_then_launched: i64,
    pub launched: i64,
}

pub async fn funnel(db: impl PgExecutor<'_>, f: &Filter, mp_id: &str) -> sqlx::Result<Funnel> {
    let (from, to) = f.range();
    sqlx::query_as!(
        Funnel,
        r#"WITH a AS (
             SELECT kind, user_key FROM analytics_actives
             WHERE mp_id = $1 AND day BETWEEN $2 AND $3
               AND ($4::uuid IS NULL OR host_app_id = $4)
               AND ($5::text IS NULL OR platform = $5)
               AND ($6::text IS NULL OR region = $6)),
           v AS (SELECT DISTINCT user_key FROM a WHERE kind = 'view'),
           l AS (SELECT DISTINCT user_key FROM a WHERE kind = 'launch')
           SELECT (SELECT count(*) FROM v) AS "viewed!",
                  (SELECT count(*) FROM v JOIN l USING (user_key)) AS "viewed_then_launched!",
                  (SELECT count(*) FROM l) AS "launched!""#,
        mp_id,
        from,
        to,
        f.host,
        f.platform,
        f.region
    )
    .fetch_one(db)
    .await
}

/// An error message, how often, and the versions it came from.
#[derive(Debug, Clone)]
pub struct ErrorGroup {
    pub message: String,
    pub errors: i64,
    pub versions: Vec<String>,
}

/// The most frequent error messages in the range.
pub async fn errors(
    db: impl PgExecutor<'_>,
    f: &Filter,
    mp_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<ErrorGroup>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        ErrorGroup,
        r#"SELECT message AS "message!", sum(errors)::bigint AS "errors!",
                  array_agg(DISTINCT version ORDER BY version) AS "versions!"
           FROM analytics_errors WHERE mp_id = $1 AND day BETWEEN $2 AND $3
           GROUP BY message ORDER BY 2 DESC, 1 LIMIT $4"#,
        mp_id,
        from,
        to,
        limit
    )
    .fetch_all(db)
    .await
}

/// Launches per host app (by name).
pub async fn by_host(
    db: impl PgExecutor<'_>,
    f: &Filter,
    mp_id: &str,
) -> sqlx::Result<Vec<super::overview::Share>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        super::overview::Share,
        r#"SELECT h.name AS "label!", sum(a.launches)::bigint AS "launches!"
           FROM analytics_daily a JOIN host_apps h ON h.id = a.host_app_id
           WHERE a.mp_id = $1 AND a.day BETWEEN $2 AND $3
             AND ($4::uuid IS NULL OR a.host_app_id = $4)
             AND ($5::text IS NULL OR a.platform = $5)
             AND ($6::text IS NULL OR a.region = $6)
           GROUP BY 1 HAVING sum(a.launches) > 0 ORDER BY 2 DESC, 1"#,
        mp_id,
        from,
        to,
        f.host,
        f.platform,
        f.region
    )
    .fetch_all(db)
    .await
}

/// The error-rate gate of `mp_id`'s open release plan (the largest, if several), as a fraction.
pub async fn gate(db: impl PgExecutor<'_>, mp_id: &str) -> sqlx::Result<Option<f64>> {
    sqlx::query_scalar!(
        r#"SELECT max(max_error_rate) AS "gate" FROM release_plans
           WHERE mp_id = $1 AND state = ANY($2)"#,
        mp_id,
        &crate::server::db::plans::OPEN[..] as &[crate::grayscale::PlanState]
    )
    .fetch_one(db)
    .await
}

/// The name of mini-program `id`, if it exists.
pub async fn name_of(db: impl PgExecutor<'_>, id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!("SELECT name FROM mini_programs WHERE id = $1", id)
        .fetch_optional(db)
        .await
}
