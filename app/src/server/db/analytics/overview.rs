//! The chart queries. They read the rollup tables only, never the raw events. Each absent filter
//! is a `NULL` parameter that disables its condition; `mp_ids` scopes to some mini-programs
//! (a developer's).

use sqlx::PgExecutor;
use time::Date;
use uuid::Uuid;

/// What every chart is filtered by.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub host: Option<Uuid>,
    pub platform: Option<String>,
    pub region: Option<String>,
    /// Only these mini-programs (`None`: all).
    pub mp_ids: Option<Vec<String>>,
}

impl Filter {
    pub(crate) fn range(&self) -> (Date, Date) {
        let to = self
            .to
            .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
        (self.from.unwrap_or(to - time::Duration::days(29)), to)
    }
}

/// One day's totals.
#[derive(Debug, Clone)]
pub struct DayRow {
    pub day: Date,
    pub launches: i64,
    pub views: i64,
    pub errors: i64,
    pub sessions: i64,
    pub duration_ms: i64,
}

/// Totals per day over the range, days without events included.
pub async fn daily(db: impl PgExecutor<'_>, f: &Filter) -> sqlx::Result<Vec<DayRow>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        DayRow,
        r#"SELECT d.day AS "day!",
                  coalesce(sum(a.launches), 0)::bigint AS "launches!",
                  coalesce(sum(a.views), 0)::bigint AS "views!",
                  coalesce(sum(a.errors), 0)::bigint AS "errors!",
                  coalesce(sum(a.sessions), 0)::bigint AS "sessions!",
                  coalesce(sum(a.duration_ms), 0)::bigint AS "duration_ms!"
           FROM generate_series($1::date, $2::date, interval '1 day') AS g (t)
           CROSS JOIN LATERAL (SELECT g.t::date AS day) d
           LEFT JOIN analytics_daily a ON a.day = d.day
             AND ($3::uuid IS NULL OR a.host_app_id = $3)
             AND ($4::text IS NULL OR a.platform = $4)
             AND ($5::text IS NULL OR a.region = $5)
             AND ($6::text[] IS NULL OR a.mp_id = ANY($6))
           GROUP BY d.day ORDER BY d.day"#,
        from,
        to,
        f.host,
        f.platform,
        f.region,
        f.mp_ids.as_deref()
    )
    .fetch_all(db)
    .await
}

/// A count per day.
#[derive(Debug, Clone)]
pub struct DayCount {
    pub day: Date,
    pub n: i64,
}

/// Unique launching users per day (DAU), days without any included.
pub async fn daily_users(db: impl PgExecutor<'_>, f: &Filter) -> sqlx::Result<Vec<DayCount>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        DayCount,
        r#"SELECT g.t::date AS "day!", coalesce(u.n, 0) AS "n!"
           FROM generate_series($1::date, $2::date, interval '1 day') AS g (t)
           LEFT JOIN (SELECT day, count(DISTINCT user_key) AS n FROM analytics_actives
                      WHERE kind = 'launch' AND day BETWEEN $1 AND $2
                        AND ($3::uuid IS NULL OR host_app_id = $3)
                        AND ($4::text IS NULL OR platform = $4)
                        AND ($5::text IS NULL OR region = $5)
                        AND ($6::text[] IS NULL OR mp_id = ANY($6))
                      GROUP BY day) u ON u.day = g.t::date
           ORDER BY 1"#,
        from,
        to,
        f.host,
        f.platform,
        f.region,
        f.mp_ids.as_deref()
    )
    .fetch_all(db)
    .await
}

/// Unique launching users over `from..=to` (WAU, MAU, the range's total).
pub async fn unique_users(
    db: impl PgExecutor<'_>,
    f: &Filter,
    from: Date,
    to: Date,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(DISTINCT user_key) AS "n!" FROM analytics_actives
           WHERE kind = 'launch' AND day BETWEEN $1 AND $2
             AND ($3::uuid IS NULL OR host_app_id = $3)
             AND ($4::text IS NULL OR platform = $4)
             AND ($5::text IS NULL OR region = $5)
             AND ($6::text[] IS NULL OR mp_id = ANY($6))"#,
        from,
        to,
        f.host,
        f.platform,
        f.region,
        f.mp_ids.as_deref()
    )
    .fetch_one(db)
    .await
}

/// New users per day: first launches on the platform, or of `mp_id` (filtered by the host app,
/// platform and region of that first launch).
pub async fn new_users(
    db: impl PgExecutor<'_>,
    f: &Filter,
    mp_id: &str,
) -> sqlx::Result<Vec<DayCount>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        DayCount,
        r#"SELECT g.t::date AS "day!", coalesce(u.n, 0) AS "n!"
           FROM generate_series($1::date, $2::date, interval '1 day') AS g (t)
           LEFT JOIN (SELECT first_day, count(*) AS n FROM analytics_first_seen
                      WHERE mp_id = $6 AND first_day BETWEEN $1 AND $2
                        AND ($3::uuid IS NULL OR host_app_id = $3)
                        AND ($4::text IS NULL OR platform = $4)
                        AND ($5::text IS NULL OR region = $5)
                      GROUP BY first_day) u ON u.first_day = g.t::date
           ORDER BY 1"#,
        from,
        to,
        f.host,
        f.platform,
        f.region,
        mp_id
    )
    .fetch_all(db)
    .await
}

/// A mini-program's launches in the range and in the range of equal length before it.
#[derive(Debug, Clone)]
pub struct TopRow {
    pub mp_id: String,
    pub name: String,
    pub launches: i64,
    pub before: i64,
}

/// The mini-programs with the most launches in the range (and their launches before it).
pub async fn top_mini_programs(
    db: impl PgExecutor<'_>,
    f: &Filter,
    limit: i64,
) -> sqlx::Result<Vec<TopRow>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        TopRow,
        r#"SELECT a.mp_id AS "mp_id!", coalesce(m.name, a.mp_id) AS "name!",
                  coalesce(sum(a.launches) FILTER (WHERE a.day >= $1), 0)::bigint AS "launches!",
                  coalesce(sum(a.launches) FILTER (WHERE a.day < $1), 0)::bigint AS "before!"
           FROM analytics_daily a LEFT JOIN mini_programs m ON m.id = a.mp_id
           WHERE a.day BETWEEN $1 - ($2::date - $1 + 1) AND $2
             AND ($3::uuid IS NULL OR a.host_app_id = $3)
             AND ($4::text IS NULL OR a.platform = $4)
             AND ($5::text IS NULL OR a.region = $5)
             AND ($6::text[] IS NULL OR a.mp_id = ANY($6))
           GROUP BY a.mp_id, m.name
           HAVING sum(a.launches) FILTER (WHERE a.day >= $1) > 0
           ORDER BY 3 DESC, 1 LIMIT $7"#,
        from,
        to,
        f.host,
        f.platform,
        f.region,
        f.mp_ids.as_deref(),
        limit
    )
    .fetch_all(db)
    .await
}

/// A search term and how often it was searched (and found nothing) in the range.
#[derive(Debug, Clone)]
pub struct SearchRow {
    pub q: String,
    pub searches: i64,
    pub no_results: i64,
}

/// The most searched terms; with `only_empty`, those that most often found nothing.
pub async fn top_searches(
    db: impl PgExecutor<'_>,
    f: &Filter,
    only_empty: bool,
    limit: i64,
) -> sqlx::Result<Vec<SearchRow>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        SearchRow,
        r#"SELECT q AS "q!", sum(searches)::bigint AS "searches!",
                  sum(no_results)::bigint AS "no_results!"
           FROM analytics_searches
           WHERE day BETWEEN $1 AND $2 AND ($3::uuid IS NULL OR host_app_id = $3)
           GROUP BY q
           HAVING NOT $4 OR sum(no_results) > 0
           ORDER BY CASE WHEN $4 THEN sum(no_results) ELSE sum(searches) END DESC, q
           LIMIT $5"#,
        from,
        to,
        f.host,
        only_empty,
        limit
    )
    .fetch_all(db)
    .await
}

/// Launches per value of a breakdown.
#[derive(Debug, Clone)]
pub struct Share {
    pub label: String,
    pub launches: i64,
}

/// Launches per category (by name; "Uncategorised" for none).
pub async fn by_category(db: impl PgExecutor<'_>, f: &Filter) -> sqlx::Result<Vec<Share>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        Share,
        r#"SELECT coalesce(c.name, 'Uncategorised') AS "label!",
                  sum(a.launches)::bigint AS "launches!"
           FROM analytics_daily a
           LEFT JOIN mini_programs m ON m.id = a.mp_id
           LEFT JOIN categories c ON c.id = m.category_id
           WHERE a.day BETWEEN $1 AND $2
             AND ($3::uuid IS NULL OR a.host_app_id = $3)
             AND ($4::text IS NULL OR a.platform = $4)
             AND ($5::text IS NULL OR a.region = $5)
             AND ($6::text[] IS NULL OR a.mp_id = ANY($6))
           GROUP BY 1 HAVING sum(a.launches) > 0 ORDER BY 2 DESC, 1"#,
        from,
        to,
        f.host,
        f.platform,
        f.region,
        f.mp_ids.as_deref()
    )
    .fetch_all(db)
    .await
}

/// Launches per platform ("unknown" for none).
pub async fn by_platform(db: impl PgExecutor<'_>, f: &Filter) -> sqlx::Result<Vec<Share>> {
    let (from, to) = f.range();
    sqlx::query_as!(
        Share,
        r#"SELECT CASE WHEN a.platform = '' THEN 'unknown' ELSE a.platform END AS "label!",
                  sum(a.launches)::bigint AS "launches!"
           FROM analytics_daily a
           WHERE a.day BETWEEN $1 AND $2
             AND ($3::uuid IS NULL OR a.host_app_id = $3)
             AND ($4::text IS NULL OR a.platform = $4)
             AND ($5::text IS NULL OR a.region = $5)
             AND ($6::text[] IS NULL OR a.mp_id = ANY($6))
           GROUP BY 1 HAVING sum(a.launches) > 0 ORDER BY 2 DESC, 1"#,
        from,
        to,
        f.host,
        f.platform,
        f.region,
        f.mp_ids.as_deref()
    )
    .fetch_all(db)
    .await
}

/// The regions seen in the last 90 days (for the filter), most launches first.
pub async fn regions(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"SELECT region AS "region!" FROM analytics_daily
           WHERE region <> '' AND day >= current_date - 90
           GROUP BY region ORDER BY sum(launches) DESC, region LIMIT 50"#
    )
    .fetch_all(db)
    .await
}
