//! The event pipeline: day partitions and retention, rollups against a direct count over the
//! raw events, retention cohorts on a hand-made history (the pages and the CSV export are in
//! `analytics_pages.rs`).

mod common;
mod fixtures;

use app::server::db::{analytics, events};
use common::*;
use reqwest::StatusCode;
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

fn today() -> time::Date {
    OffsetDateTime::now_utc().date()
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[sqlx::test(migrations = "../migrations")]
async fn day_partitions_are_made_ahead_on_demand_and_dropped_after_the_retention(pool: PgPool) {
    let names = analytics::partitions(&pool).await.unwrap();
    let name = |d: time::Date| {
        format!(
            "events_{:04}{:02}{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    };
    for d in [
        today() - Duration::days(1),
        today(),
        today() + Duration::days(7),
    ] {
        assert!(names.contains(&name(d)), "{} in {names:?}", name(d));
    }
    // An event from 20 days ago (within the retention) gets its partition when it is stored.
    let host = events::STOREFRONT;
    let mut e = app::server::track::event("launch", Some("u1".into()), "ios");
    e.mp_id = Some("mp_anything".into());
    e.ts = OffsetDateTime::now_utc() - Duration::days(20);
    assert_eq!(
        events::store(&pool, host, std::slice::from_ref(&e))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        events::store(&pool, host, std::slice::from_ref(&e))
            .await
            .unwrap(),
        0,
        "a retry is counted once"
    );
    let names = analytics::partitions(&pool).await.unwrap();
    assert!(names.contains(&name(today() - Duration::days(20))));
    assert_eq!(analytics::roll_up(&pool).await.unwrap(), 1);
    let rolled = "SELECT coalesce(sum(launches), 0)::bigint FROM analytics_daily";
    assert_eq!(scalar(&pool, rolled).await, 1);
    // Making partitions again is a no-op; a retention of 10 days drops the old day, raw events
    // and all, and keeps its rollup.
    assert_eq!(
        analytics::ensure_partitions(&pool, today(), today() + Duration::days(7))
            .await
            .unwrap(),
        0
    );
    let (made, dropped) = analytics::maintain(&pool, 10, 7).await.unwrap();
    assert_eq!(made, 0);
    assert!(dropped >= 1, "{dropped}");
    let names = analytics::partitions(&pool).await.unwrap();
    assert!(!names.contains(&name(today() - Duration::days(20))));
    assert!(names.contains(&name(today() - Duration::days(1))));
    assert_eq!(scalar(&pool, "SELECT count(*) FROM events").await, 0);
    assert_eq!(scalar(&pool, rolled).await, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn rollups_equal_a_direct_count_over_the_raw_events(pool: PgPool) {
    // 6,000 random events over 5 days, 3 mini-programs, 2 versions, 3 platforms, 200 users.
    sqlx::query(
        "SELECT ensure_event_partitions(current_date - 6, current_date);
         ",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO events (host_app_id, id, type, mp_id, version, user_id, ts, duration_ms, platform, region)
         SELECT '00000000-0000-4000-8000-000000000001', gen_random_uuid(),
                (ARRAY['launch', 'launch', 'view', 'close', 'error'])[1 + floor(random() * 5)::int],
                (ARRAY['mp_a', 'mp_b', 'mp_c'])[1 + floor(random() * 3)::int],
                (ARRAY['1.0.0', '1.1.0'])[1 + floor(random() * 2)::int],
                'u' || floor(random() * 200)::int,
                date_trunc('day', now()) - floor(random() * 5) * interval '1 day' + random() * interval '20 hours',
                floor(random() * 60000)::bigint,
                (ARRAY['ios', 'android', 'web'])[1 + floor(random() * 3)::int],
                (ARRAY['shanghai', 'beijing'])[1 + floor(random() * 2)::int]
         FROM generate_series(1, 6000)",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO analytics_dirty (day, mp_id)
         SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date, mp_id FROM events",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert!(analytics::roll_up(&pool).await.unwrap() >= 12);
    // Every (day, mini-program, version, platform): the rollup and a direct count agree.
    let disagree = scalar(
        &pool,
        "WITH raw AS (
           SELECT (ts AT TIME ZONE 'UTC')::date AS day, mp_id, version, platform,
                  count(*) FILTER (WHERE type = 'launch') AS launches,
                  count(*) FILTER (WHERE type = 'error') AS errors,
                  count(*) FILTER (WHERE type = 'view') AS views,
                  coalesce(sum(duration_ms) FILTER (WHERE type = 'close'), 0) AS duration_ms,
                  count(DISTINCT user_id) FILTER (WHERE type = 'launch') AS users
           FROM events GROUP BY 1, 2, 3, 4),
         rolled AS (
           SELECT day, mp_id, version, platform, sum(launches) AS launches, sum(errors) AS errors,
                  sum(views) AS views, sum(duration_ms) AS duration_ms
           FROM analytics_daily GROUP BY 1, 2, 3, 4)
         SELECT count(*) FROM raw FULL JOIN rolled USING (day, mp_id, version, platform)
         WHERE raw.launches IS DISTINCT FROM rolled.launches
            OR raw.errors IS DISTINCT FROM rolled.errors
            OR raw.views IS DISTINCT FROM rolled.views
            OR raw.duration_ms IS DISTINCT FROM rolled.duration_ms",
    )
    .await;
    assert_eq!(disagree, 0);
    // Unique users per day and mini-program, from the actives, equal count(DISTINCT).
    let disagree = scalar(
        &pool,
        "WITH raw AS (
           SELECT (ts AT TIME ZONE 'UTC')::date AS day, mp_id, count(DISTINCT user_id) AS n
           FROM events WHERE type = 'launch' GROUP BY 1, 2),
         rolled AS (
           SELECT day, mp_id, count(DISTINCT user_key) AS n FROM analytics_actives
           WHERE kind = 'launch' GROUP BY 1, 2)
         SELECT count(*) FROM raw FULL JOIN rolled USING (day, mp_id)
         WHERE raw.n IS DISTINCT FROM rolled.n",
    )
    .await;
    assert_eq!(disagree, 0);
    // Session percentiles, and each user's first launch day.
    let disagree = scalar(
        &pool,
        "WITH raw AS (
           SELECT (ts AT TIME ZONE 'UTC')::date AS day, mp_id, version,
                  percentile_disc(0.9) WITHIN GROUP (ORDER BY duration_ms) AS p90
           FROM events WHERE type = 'close' GROUP BY 1, 2, 3)
         SELECT count(*) FROM raw FULL JOIN analytics_durations d USING (day, mp_id, version)
         WHERE raw.p90 IS DISTINCT FROM d.p90_ms",
    )
    .await;
    assert_eq!(disagree, 0);
    let disagree = scalar(
        &pool,
        "WITH raw AS (
           SELECT user_id, min((ts AT TIME ZONE 'UTC')::date) AS first_day
           FROM events WHERE type = 'launch' GROUP BY 1)
         SELECT count(*) FROM raw r
         LEFT JOIN analytics_first_seen f ON f.mp_id = ''
           AND f.user_key = hashtextextended('00000000-0000-4000-8000-000000000001:' || r.user_id, 0)
         WHERE f.first_day IS DISTINCT FROM r.first_day",
    )
    .await;
    assert_eq!(disagree, 0);
    // More events for one day: only that day is recomputed, and it is right again.
    sqlx::query(
        "INSERT INTO events (host_app_id, id, type, mp_id, version, user_id, ts, platform, region)
         SELECT '00000000-0000-4000-8000-000000000001', gen_random_uuid(), 'launch', 'mp_a',
                '1.0.0', 'late-user', date_trunc('day', now()) + interval '1 minute', 'ios', 'shanghai'
         FROM generate_series(1, 7)",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO analytics_dirty (day, mp_id) VALUES (current_date, 'mp_a')")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(analytics::roll_up(&pool).await.unwrap(), 1);
    let raw = scalar(
        &pool,
        "SELECT count(*) FROM events WHERE type = 'launch' AND mp_id = 'mp_a'",
    )
    .await;
    let rolled = scalar(
        &pool,
        "SELECT sum(launches)::bigint FROM analytics_daily WHERE mp_id = 'mp_a'",
    )
    .await;
    assert_eq!(raw, rolled);
}

#[sqlx::test(migrations = "../migrations")]
async fn retention_cohorts_follow_first_launch_weeks(pool: PgPool) {
    use app::server::db::analytics::{mini_program, overview::Filter};
    // The Monday three weeks back, and launches by week: u1–u3 start that week, u4 the next.
    let monday = today()
        - Duration::days(today().weekday().number_days_from_monday().into())
        - Duration::weeks(3);
    let history = [
        ("u1", 0),
        ("u2", 1),
        ("u3", 2),
        ("u1", 8),
        ("u4", 9),
        ("u1", 15),
        ("u2", 16),
        ("u4", 17),
        ("u4", 18),
    ];
    let events: Vec<_> = history
        .iter()
        .map(|(u, day)| {
            let mut e = app::server::track::event("launch", Some(u.to_string()), "ios");
            e.mp_id = Some("mp_habits".into());
            e.ts = (monday + Duration::days(*day)).midnight().assume_utc() + Duration::hours(12);
            e
        })
        .collect();
    events::store(&pool, events::STOREFRONT, &events)
        .await
        .unwrap();
    analytics::roll_up(&pool).await.unwrap();
    let f = Filter {
        from: Some(monday),
        to: Some(today()),
        ..Filter::default()
    };
    let cells: Vec<(time::Date, i32, i64)> = mini_program::cohorts(&pool, &f, "mp_habits")
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.week, c.offset, c.users))
        .collect();
    let next = monday + Duration::weeks(1);
    assert_eq!(
        cells,
        [
            (monday, 0, 3),
            (monday, 1, 1),
            (monday, 2, 2),
            (next, 0, 1),
            (next, 1, 1),
        ]
    );
    // The page's table: shares of each cohort, weeks still to come left empty.
    let (status, a) = {
        let s = spawn(pool.clone()).await;
        let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
        sqlx::query(
            "INSERT INTO mini_programs (id, org_id, name, kind, summary)
             SELECT 'mp_habits', id, 'Habits', 'program', 'x' FROM organizations LIMIT 1",
        )
        .execute(&pool)
        .await
        .unwrap();
        s.rpc(
            &op,
            &app::analytics::api::GetMpAnalytics {
                mp_id: "mp_habits".into(),
                from: format!("{monday}"),
                to: String::new(),
                host: String::new(),
                platform: String::new(),
                region: String::new(),
            },
        )
        .await
    };
    assert_eq!(status, StatusCode::OK, "{a}");
    let first = &a["cohorts"][0];
    assert_eq!(first["users"], 3);
    assert_eq!(first["cells"][0], 100.0);
    assert_eq!(first["cells"][1], 33.3);
    assert_eq!(first["cells"][2], 66.7);
    assert_eq!(first["cells"][3], 0.0, "this week: nobody yet");
    assert!(first["cells"][4].is_null(), "next week has not come");
    assert_eq!(a["cohorts"][1]["cells"][1], 100.0);
}
