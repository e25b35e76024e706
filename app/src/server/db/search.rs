//! What the search index is built from: each searchable mini-program's document (listed, not
//! suspended, released to at least one enabled host app), and the change feed (`search_outbox`,
//! written by triggers in the transaction of each catalogue change; see the discovery migration).

use crate::domain::MpKind;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

/// A searchable mini-program.
#[derive(Debug)]
pub struct SearchDocRow {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub description_md: String,
    pub tags: Vec<String>,
    pub category: Option<String>,
    pub category_name: Option<String>,
    pub kind: MpKind,
    pub org_id: Uuid,
    pub org_name: String,
    pub icon_sha: Option<String>,
    /// The enabled host apps it is released to.
    pub hosts: Vec<Uuid>,
    /// Its first release (to any of them).
    pub released_at: OffsetDateTime,
    /// Launches over the last 30 days.
    pub popularity: i64,
    /// `[{name, address, lat, lon, opening_hours}]` in order.
    pub places: serde_json::Value,
}

/// The documents of the searchable mini-programs among `ids` (all of them with `None`). A
/// mini-program of `ids` that is missing is no longer searchable.
pub async fn docs(
    db: impl PgExecutor<'_>,
    ids: Option<&[String]>,
) -> sqlx::Result<Vec<SearchDocRow>> {
    sqlx::query_as!(
        SearchDocRow,
        r#"SELECT m.id, m.name, m.summary, m.description_md, m.tags,
                  c.slug AS "category?", c.name AS "category_name?", m.kind AS "kind: MpKind",
                  o.id AS org_id, o.name AS org_name, m.icon_sha,
                  rel.hosts AS "hosts!", rel.first_at AS "released_at!",
                  COALESCE(pop.n, 0) AS "popularity!",
                  COALESCE(pl.places, '[]'::jsonb) AS "places!"
           FROM mini_programs m
           JOIN organizations o ON o.id = m.org_id
           LEFT JOIN categories c ON c.id = m.category_id
           JOIN LATERAL (
               SELECT array_agg(r.host_app_id ORDER BY r.host_app_id) AS hosts,
                      min(r.released_at) AS first_at
               FROM releases r
               JOIN versions v ON v.id = r.stable_version_id
               JOIN host_apps h ON h.id = r.host_app_id
               WHERE r.mp_id = m.id AND r.active AND NOT h.disabled
                 AND v.state IN ('released', 'superseded')) rel ON rel.hosts IS NOT NULL
           LEFT JOIN LATERAL (
               SELECT count(*) AS n FROM events e
               WHERE e.mp_id = m.id AND e.type = 'launch'
                 AND e.ts > now() - interval '30 days') pop ON TRUE
           LEFT JOIN LATERAL (
               SELECT jsonb_agg(jsonb_build_object('name', p.name, 'address', p.address,
                                'lat', p.lat, 'lon', p.lon, 'opening_hours', p.opening_hours)
                                ORDER BY p.position) AS places
               FROM mp_places p WHERE p.mp_id = m.id) pl ON TRUE
           WHERE m.listed AND NOT m.suspended
             AND ($1::text[] IS NULL OR m.id = ANY ($1))"#,
        ids
    )
    .fetch_all(db)
    .await
}

/// How far the feed has been read: the snapshot (`pg_snapshot` as text) as of which every
/// transaction visible in it has been applied. A transaction that commits later is not visible
/// in it, whatever its id, so a long transaction that commits after younger ones is never
/// skipped, and an aborted one never becomes visible at all.
pub type Watermark = String;

/// The current snapshot: where a reader that is about to read the whole catalogue starts.
pub async fn feed_head(db: impl PgExecutor<'_>) -> sqlx::Result<Watermark> {
    sqlx::query_scalar!(r#"SELECT pg_current_snapshot()::text AS "snapshot!""#)
        .fetch_one(db)
        .await
}

/// What became visible since `after`: the mini-programs changed (distinct, in feed order of
/// their first change) and the snapshot they are read as of (the next watermark).
#[derive(Debug)]
pub struct Changes {
    pub mp_ids: Vec<String>,
    pub snapshot: Watermark,
}

/// The changes of every transaction visible now but not in `after`. One statement, so the rows
/// and the returned snapshot agree.
pub async fn changes_since(db: impl PgExecutor<'_>, after: &str) -> sqlx::Result<Changes> {
    let r = sqlx::query!(
        r#"WITH now AS (SELECT pg_current_snapshot() AS s),
                changed AS (
                    SELECT o.mp_id, min(o.seq) AS first
                    FROM search_outbox o, now
                    WHERE o.xid >= pg_snapshot_xmin($1::text::pg_snapshot)
                      AND NOT pg_visible_in_snapshot(o.xid, $1::text::pg_snapshot)
                      AND pg_visible_in_snapshot(o.xid, now.s)
                    GROUP BY o.mp_id)
           SELECT (SELECT s::text FROM now) AS "snapshot!",
                  COALESCE((SELECT array_agg(mp_id ORDER BY first) FROM changed), '{}')
                      AS "mp_ids!""#,
        after
    )
    .fetch_one(db)
    .await?;
    Ok(Changes {
        mp_ids: r.mp_ids,
        snapshot: r.snapshot,
    })
}

/// Changes committed but not yet applied after `after` (counted now), and the age in seconds
/// of the oldest: the index's lag.
pub async fn pending(db: impl PgExecutor<'_>, after: &str) -> sqlx::Result<(i64, Option<f64>)> {
    let r = sqlx::query!(
        r#"SELECT count(*) AS "n!", EXTRACT(EPOCH FROM now() - min(at))::float8 AS "age"
           FROM search_outbox
           WHERE xid >= pg_snapshot_xmin($1::text::pg_snapshot)
             AND NOT pg_visible_in_snapshot(xid, $1::text::pg_snapshot)"#,
        after
    )
    .fetch_one(db)
    .await?;
    Ok((r.n, r.age))
}

/// Forgets changes older than `keep` (every running instance has read them; a starting one
/// reads the whole catalogue).
pub async fn prune(db: impl PgExecutor<'_>, keep: std::time::Duration) -> sqlx::Result<u64> {
    let secs = keep.as_secs_f64();
    Ok(sqlx::query!(
        "DELETE FROM search_outbox WHERE at < now() - make_interval(secs => $1)",
        secs
    )
    .execute(db)
    .await?
    .rows_affected())
}
