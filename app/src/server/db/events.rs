//! Analytics: the events host apps report (`POST /api/v1/events`), and the platform's
//! headline numbers for the admin console.

use crate::domain::Role;
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// A checked event, ready to store.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub id: Uuid,
    /// `launch`, `view`, `close`, `error` or `search` (a `CHECK` constraint).
    pub kind: &'static str,
    pub mp_id: Option<String>,
    pub version: Option<String>,
    pub user_id: Option<String>,
    pub ts: OffsetDateTime,
    pub duration_ms: Option<i64>,
    pub platform: Option<String>,
    pub region: Option<String>,
    pub message: Option<String>,
    /// A search's result count.
    pub results: Option<i32>,
}

/// The storefront's own host app (built in, see the analytics migration).
pub const STOREFRONT: Uuid = Uuid::from_u128(0x00000000_0000_4000_8000_000000000001);

/// The UTC day of `ts`.
pub fn day_of(ts: OffsetDateTime) -> time::Date {
    ts.to_offset(time::UtcOffset::UTC).date()
}

/// Stores `events` of `host` in one transaction, with the users of its launches (for the
/// audience preview) and the days the rollup task must recompute; an event stored before is
/// skipped. A day without its partition yet (an event from the past within the retention) gets
/// it, and the batch is tried again. Returns how many were new.
pub async fn store(pool: &PgPool, host: Uuid, events: &[NewEvent]) -> sqlx::Result<u64> {
    match store_once(pool, host, events).await {
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("23514") => {
            let days = events.iter().map(|e| day_of(e.ts));
            let (Some(first), Some(last)) = (days.clone().min(), days.max()) else {
                return Ok(0);
            };
            super::analytics::ensure_partitions(pool, first, last).await?;
            store_once(pool, host, events).await
        }
        other => other,
    }
}

async fn store_once(pool: &PgPool, host: Uuid, events: &[NewEvent]) -> sqlx::Result<u64> {
    let col = |f: fn(&NewEvent) -> Option<String>| events.iter().map(f).collect::<Vec<_>>();
    let ids: Vec<Uuid> = events.iter().map(|e| e.id).collect();
    let kinds: Vec<String> = events.iter().map(|e| e.kind.to_string()).collect();
    let ts: Vec<OffsetDateTime> = events.iter().map(|e| e.ts).collect();
    let durations: Vec<Option<i64>> = events.iter().map(|e| e.duration_ms).collect();
    let results: Vec<Option<i32>> = events.iter().map(|e| e.results).collect();
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO events (host_app_id, id, type, mp_id, version, user_id, ts, duration_ms,
                             platform, region, message, results)
         SELECT $1, * FROM UNNEST($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[],
                                  $7::timestamptz[], $8::bigint[], $9::text[], $10::text[],
                                  $11::text[], $12::int[])
         ON CONFLICT (host_app_id, id, ts) DO NOTHING",
        host,
        &ids,
        &kinds,
        &col(|e| e.mp_id.clone()) as &[Option<String>],
        &col(|e| e.version.clone()) as &[Option<String>],
        &col(|e| e.user_id.clone()) as &[Option<String>],
        &ts,
        &durations as &[Option<i64>],
        &col(|e| e.platform.clone()) as &[Option<String>],
        &col(|e| e.region.clone()) as &[Option<String>],
        &col(|e| e.message.clone()) as &[Option<String>],
        &results as &[Option<i32>]
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted > 0 {
        let mut touched: Vec<(time::Date, &str)> = events
            .iter()
            .map(|e| (day_of(e.ts), e.mp_id.as_deref().unwrap_or("")))
            .collect();
        touched.sort_unstable();
        touched.dedup();
        let (days, mps): (Vec<time::Date>, Vec<String>) =
            touched.into_iter().map(|(d, m)| (d, m.to_string())).unzip();
        super::analytics::mark_dirty(&mut *tx, &days, &mps).await?;
    }
    let mut seen = super::live::SeenUsers::default();
    for e in events.iter().filter(|e| e.kind == "launch") {
        let Some(user) = &e.user_id else { continue };
        seen.hosts.push(host);
        seen.users.push(user.clone());
        seen.platforms.push(e.platform.clone());
        seen.regions.push(e.region.clone());
        seen.app_versions.push(None);
        seen.devices.push(None);
        seen.customs.push(serde_json::json!({}));
    }
    if !seen.is_empty() && host != STOREFRONT {
        super::live::record_seen(&mut *tx, &seen).await?;
    }
    tx.commit().await?;
    Ok(inserted)
}

/// How many accounts have a role.
#[derive(Debug)]
pub struct RoleCount {
    pub role: Role,
    pub accounts: i64,
}

/// Accounts per role (roles without accounts are absent).
pub async fn accounts_by_role(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<RoleCount>> {
    sqlx::query_as!(
        RoleCount,
        r#"SELECT role AS "role: Role", count(*) AS "accounts!" FROM accounts GROUP BY role"#
    )
    .fetch_all(db)
    .await
}

/// Counts of the platform's organizations and categories.
#[derive(Debug)]
pub struct Totals {
    pub organizations: i64,
    pub categories: i64,
}

pub async fn totals(db: impl PgExecutor<'_>) -> sqlx::Result<Totals> {
    sqlx::query_as!(
        Totals,
        r#"SELECT (SELECT count(*) FROM organizations) AS "organizations!",
                  (SELECT count(*) FROM categories) AS "categories!""#
    )
    .fetch_one(db)
    .await
}

/// Sign-ups of one day.
#[derive(Debug)]
pub struct DaySignups {
    /// `yyyy-mm-dd`.
    pub day: String,
    pub signups: i64,
}

/// Sign-ups per day over the last `days` days up to today, oldest first (days without any
/// included).
pub async fn signups_per_day(db: impl PgExecutor<'_>, days: i32) -> sqlx::Result<Vec<DaySignups>> {
    sqlx::query_as!(
        DaySignups,
        r#"SELECT to_char(d, 'YYYY-MM-DD') AS "day!",
                  (SELECT count(*) FROM accounts a WHERE a.created_at::date = d::date) AS "signups!"
           FROM generate_series(current_date - ($1::int - 1), current_date, interval '1 day') d
           ORDER BY d"#,
        days
    )
    .fetch_all(db)
    .await
}
