//! `make bench`'s analytics figures, printed as JSON:
//!
//! - `ingest <base url> <authorization> <seconds> <workers>`: batches of 1000 events posted to
//!   `POST /api/v1/events` by `workers` connections for `seconds`; one event in 20 repeats an
//!   id of the batch before (a retry). Then, from `DATABASE_URL`: every acknowledged event is
//!   stored once (count in = count stored), and the duplicates were not stored again.
//! - `rollup <events>`: `events` synthetic events over 90 days in an empty database of its own
//!   (`DATABASE_URL`), rolled up; then the overview's and a mini-program page's queries, timed.

use app::server::db::analytics;
use serde_json::json;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

const BATCH: usize = 1000;
const MPS: [&str; 10] = [
    "mp_calculator",
    "mp_huilv",
    "mp_weather",
    "mp_snake",
    "mp_tianqi",
    "mp_jisuanqi",
    "mp_notes",
    "mp_sudoku",
    "mp_2048",
    "mp_parking",
];

fn id(worker: u64, seq: u64) -> Uuid {
    Uuid::from_u128((u128::from(worker) << 64) | u128::from(seq))
}

/// Event `seq` of `worker`: always the same (a repeat is a true retry).
fn event(worker: u64, seq: u64, base: time::OffsetDateTime) -> serde_json::Value {
    let kinds = [
        "launch", "launch", "launch", "view", "view", "close", "close", "error",
    ];
    let kind = kinds[(seq % 8) as usize];
    let ts = base + Duration::from_millis(seq % 3_600_000);
    let mp = MPS[(seq / 7 % 10) as usize];
    let platform = ["ios", "android", "web"][(seq % 3) as usize];
    let region = ["shanghai", "beijing", "shenzhen", "singapore"][(seq % 4) as usize];
    let version = if seq.is_multiple_of(5) {
        "1.1.0"
    } else {
        "1.0.0"
    };
    let mut e = json!({
        "id": id(worker, seq).to_string(),
        "type": kind,
        "mp_id": mp,
        "version": version,
        "user_id": format!("bench-u{}", (seq * 7919 + worker) % 50_000),
        "ts": ts.format(&time::format_description::well_known::Rfc3339).unwrap(),
        "platform": platform,
        "region": region,
    });
    if kind == "close" {
        e["duration_ms"] = json!(1000 + seq % 120_000);
    }
    if kind == "error" {
        e["message"] = json!("TypeError: x is undefined");
    }
    e
}

#[derive(Default)]
struct Tally {
    acked: HashSet<Uuid>,
    accepted: u64,
    duplicates: u64,
    duplicate_sends: u64,
    batches: u64,
    refused: u64,
    latencies_ms: Vec<f64>,
}

async fn ingest(base: String, auth: String, seconds: u64, workers: u64) -> anyhow::Result<()> {
    let pool = sqlx::PgPool::connect(&std::env::var("DATABASE_URL")?).await?;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&pool)
        .await?;
    let client = reqwest::Client::new();
    let tally = Arc::new(Mutex::new(Tally::default()));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let base_ts = time::OffsetDateTime::now_utc() - Duration::from_secs(3600);
    let mut tasks = Vec::new();
    for w in 0..workers {
        let (client, tally, base, auth) =
            (client.clone(), tally.clone(), base.clone(), auth.clone());
        tasks.push(tokio::spawn(async move {
            let mut seq = 0u64;
            while Instant::now() < deadline {
                let ids: Vec<u64> = (0..BATCH as u64)
                    .map(|i| {
                        // A repeat of the event one slot further in the batch before (a slot
                        // that was not itself a repeat).
                        if i.is_multiple_of(20) && seq >= BATCH as u64 {
                            seq + i + 1 - BATCH as u64
                        } else {
                            seq + i
                        }
                    })
                    .collect();
                let body = json!({ "events": ids.iter().map(|s| event(w, *s, base_ts)).collect::<Vec<_>>() });
                let sent = Instant::now();
                let r = client
                    .post(format!("{base}/api/v1/events"))
                    .header("authorization", &auth)
                    .json(&body)
                    .send()
                    .await;
                let ms = sent.elapsed().as_secs_f64() * 1000.0;
                let mut t = tally.lock().unwrap();
                match r {
                    Ok(r) if r.status() == reqwest::StatusCode::ACCEPTED => {
                        drop(t);
                        let v: serde_json::Value = r.json().await.unwrap_or_default();
                        let mut t = tally.lock().unwrap();
                        t.batches += 1;
                        t.latencies_ms.push(ms);
                        t.accepted += v["accepted"].as_u64().unwrap_or(0);
                        t.duplicates += v["duplicates"].as_u64().unwrap_or(0);
                        for s in &ids {
                            if !t.acked.insert(id(w, *s)) {
                                t.duplicate_sends += 1;
                            }
                        }
                    }
                    _ => t.refused += 1,
                }
                seq += BATCH as u64;
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&pool)
        .await?;
    let t = tally.lock().unwrap();
    let stored = (after - before) as u64;
    let mut lat = t.latencies_ms.clone();
    lat.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    let sent = t.batches * BATCH as u64;
    println!(
        "{}",
        json!({
            "seconds": elapsed,
            "workers": workers,
            "batch": BATCH,
            "batches_acknowledged": t.batches,
            "batches_refused": t.refused,
            "events_sent_and_acknowledged": sent,
            "events_per_sec": (sent as f64 / elapsed).round(),
            "distinct_events_acknowledged": t.acked.len(),
            "reply_accepted": t.accepted,
            "reply_duplicates": t.duplicates,
            "repeated_ids_sent": t.duplicate_sends,
            "stored": stored,
            "lost": t.acked.len() as i64 - stored as i64,
            "zero_loss": stored == t.acked.len() as u64 && t.accepted == stored,
            "duplicates_counted_once": t.duplicates == t.duplicate_sends,
            "batch_latency_ms": {"p50": pct(0.5), "p99": pct(0.99)},
            "target_events_per_sec": 50000,
        })
    );
    Ok(())
}

async fn rollup(events: i64) -> anyhow::Result<()> {
    let pool = server::connect(&std::env::var("DATABASE_URL")?).await?;
    let started = Instant::now();
    sqlx::query("SELECT ensure_event_partitions(current_date - 89, current_date)")
        .execute(&pool)
        .await?;
    // In chunks of a million: days weighted to the recent, a Zipf-like spread of 30
    // mini-programs, 300,000 users.
    let chunk = 1_000_000i64;
    let mut done = 0;
    while done < events {
        let n = chunk.min(events - done);
        sqlx::query(
            "INSERT INTO events (host_app_id, id, type, mp_id, version, user_id, ts, duration_ms,
                                 platform, region, message)
             SELECT '00000000-0000-4000-8000-000000000001', gen_random_uuid(),
                    (ARRAY['launch', 'launch', 'launch', 'view', 'view', 'close', 'close', 'error'])[1 + (i % 8)],
                    'mp_bench_' || floor(power(random(), 3) * 30)::int,
                    (ARRAY['1.0.0', '1.0.0', '1.0.0', '1.1.0'])[1 + (i % 4)],
                    'u' || floor(power(random(), 2) * 300000)::int,
                    date_trunc('day', now()) - floor(power(random(), 0.7) * 89) * interval '1 day'
                      + random() * interval '23 hours',
                    CASE WHEN i % 8 IN (5, 6) THEN (1000 + random() * 300000)::bigint END,
                    (ARRAY['ios', 'android', 'web'])[1 + (i % 3)],
                    (ARRAY['shanghai', 'beijing', 'shenzhen', 'hangzhou', 'singapore'])[1 + (i % 5)],
                    CASE WHEN i % 8 = 7 THEN 'TypeError: x is undefined' END
             FROM generate_series(1, $1::bigint) AS i",
        )
        .bind(n)
        .execute(&pool)
        .await?;
        done += n;
        eprintln!("[bench] {done} events");
    }
    sqlx::query(
        "INSERT INTO analytics_dirty (day, mp_id)
         SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date, mp_id FROM events",
    )
    .execute(&pool)
    .await?;
    let loaded = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let days = analytics::roll_up(&pool).await?;
    let rolled = started.elapsed().as_secs_f64();
    sqlx::query("ANALYZE").execute(&pool).await?;
    let rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM analytics_daily) + (SELECT count(*) FROM analytics_actives)
                + (SELECT count(*) FROM analytics_first_seen)",
    )
    .fetch_one(&pool)
    .await?;
    let mut timings = serde_json::Map::new();
    let cases: [(&str, Option<&str>, &str); 4] = [
        ("overview_30_days", None, ""),
        ("overview_30_days_android", None, "android"),
        ("mini_program_30_days", Some("mp_bench_0"), ""),
        (
            "mini_program_30_days_android",
            Some("mp_bench_0"),
            "android",
        ),
    ];
    for (name, mp, platform) in cases {
        let mut ms = Vec::new();
        for _ in 0..10 {
            let q = app::analytics::AnalyticsQuery {
                platform: platform.into(),
                ..Default::default()
            };
            let t = Instant::now();
            match mp {
                None => {
                    app::analytics::overview::build(&pool, q, None, "").await?;
                }
                Some(mp) => {
                    // Not a catalogue row: the page would 404, so time its queries directly.
                    let (f, _) = app::analytics::overview::filter(&pool, &q).await?;
                    let mut f = f;
                    f.mp_ids = Some(vec![mp.to_string()]);
                    use app::server::db::analytics::{mini_program as m, overview as o};
                    o::daily(&pool, &f).await?;
                    o::daily_users(&pool, &f).await?;
                    o::new_users(&pool, &f, mp).await?;
                    m::versions(&pool, &f, mp).await?;
                    m::sessions(&pool, &f, mp).await?;
                    m::cohorts(&pool, &f, mp).await?;
                    m::funnel(&pool, &f, mp).await?;
                    m::errors(&pool, &f, mp, 10).await?;
                    m::by_host(&pool, &f, mp).await?;
                }
            }
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        ms.sort_by(f64::total_cmp);
        timings.insert(
            name.into(),
            json!({"p50_ms": ms[ms.len() / 2], "max_ms": ms[ms.len() - 1]}),
        );
    }
    println!(
        "{}",
        json!({
            "events": events,
            "load_seconds": loaded,
            "rollup_seconds": rolled,
            "rollup_day_pairs": days,
            "rollup_rows": rows,
            "page_queries": timings,
            "target_ms": 200,
        })
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["ingest", base, auth, seconds, workers] => {
            ingest(base.into(), auth.into(), seconds.parse()?, workers.parse()?).await
        }
        ["rollup", events] => rollup(events.parse()?).await,
        _ => anyhow::bail!(
            "usage: analytics_bench ingest <base> <auth> <seconds> <workers> | rollup <events>"
        ),
    }
}
