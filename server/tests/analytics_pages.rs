//! The analytics pages' data through HTTP: the storefront's beacons, host events with a
//! search's result count, the operators' overview, a developer's scope, and the CSV export.

mod common;
mod fixtures;

use app::analytics::api::GetOverview;
use app::server::db::{analytics, events};
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;
use time::OffsetDateTime;

fn today() -> time::Date {
    OffsetDateTime::now_utc().date()
}

async fn overview(s: &TestServer, c: &reqwest::Client, host: &str) -> (StatusCode, Value) {
    s.rpc(
        c,
        &GetOverview {
            from: String::new(),
            to: String::new(),
            host: host.into(),
            platform: String::new(),
            region: String::new(),
        },
    )
    .await
}

fn ranked(v: &Value, list: &str) -> Vec<(String, i64)> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["label"].as_str().unwrap().to_string(),
                r["value"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn storefront_beacons_and_host_searches_reach_the_overview(pool: PgPool) {
    let settings = fixtures::settings();
    let s = spawn_with(pool.clone(), settings.clone()).await;
    let f = fixtures::Fixtures::new(pool.clone(), &settings).await;
    f.mini_program("mp_calc", "Calculator", "program", None)
        .await;
    f.host_app("ha_alpha", "alpha-secret", false).await;
    s.refresh().await;
    let visitor = client();
    let beacon = |body: Value| {
        let c = visitor.clone();
        let url = format!("{}/api/storefront/events", s.base);
        async move {
            c.post(url)
                .header("content-type", "text/plain;charset=UTF-8")
                .header("user-agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0)")
                .body(body.to_string())
                .send()
                .await
                .unwrap()
        }
    };
    // The first beacon gives the visitor a device id; later ones keep it.
    let r = beacon(json!({"events": [{"type": "view", "mp_id": "mp_calc"},
                                     {"type": "launch", "mp_id": "mp_calc", "version": "1.0.0"},
                                     {"type": "view", "mp_id": "mp_nothing_here"}]}))
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("ministore_device="), "{cookie}");
    assert!(cookie.contains("HttpOnly"));
    let device = cookie.split(['=', ';']).nth(1).unwrap().to_string();
    let r =
        beacon(json!({"events": [{"type": "close", "mp_id": "mp_calc", "duration_ms": 42000}]}))
            .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(r.headers().get("set-cookie").is_none());
    for (body, says) in [
        (
            json!({"events": [{"type": "crash", "mp_id": "mp_calc"}]}),
            "events[0]",
        ),
        (
            json!({"events": [{"type": "view", "mp_id": "not an id"}]}),
            "mini-program id",
        ),
        (json!({"nope": 1}), "not a batch"),
    ] {
        let r = beacon(body).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let text = r.text().await.unwrap();
        assert!(text.contains(says), "{text}");
    }
    let stored: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT type, user_id, platform FROM events WHERE host_app_id = $1 ORDER BY type",
    )
    .bind(events::STOREFRONT)
    .fetch_all(&pool)
    .await
    .unwrap();
    let who = format!("dev:{device}");
    assert_eq!(
        stored,
        [
            ("close".into(), who.clone(), "ios".into()),
            ("launch".into(), who.clone(), "ios".into()),
            ("view".into(), who, "ios".into()),
        ],
        "the unknown mini-program's view was dropped"
    );
    // A host app's searches, one without results.
    let ts = OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let events: Vec<Value> = [("taxi", 0), ("taxi", 0), ("calculator", 1)]
        .iter()
        .map(|(q, n)| {
            json!({"id": uuid::Uuid::new_v4().to_string(), "type": "search", "message": q,
                   "results": n, "ts": ts, "user_id": "u1"})
        })
        .collect();
    let r = client()
        .post(format!("{}/api/v1/events", s.base))
        .header("authorization", "Bearer ha_alpha.alpha-secret")
        .json(&json!({ "events": events }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::ACCEPTED,
        "{}",
        r.text().await.unwrap()
    );
    analytics::roll_up(&pool).await.unwrap();

    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let (status, o) = overview(&s, &op, "").await;
    assert_eq!(status, StatusCode::OK, "{o}");
    assert_eq!(ranked(&o, "top"), [("Calculator".to_string(), 1)]);
    assert_eq!(
        ranked(&o, "no_results"),
        [("taxi".to_string(), 2)],
        "{}",
        o["no_results"]
    );
    assert_eq!(ranked(&o, "searches")[0], ("taxi".to_string(), 2));
    assert!(o["activity"]["svg"].as_str().unwrap().contains("<svg"));
    assert_eq!(o["figures"][0]["value"], "1");
    // Filtered to the host app: its searches, no storefront launches.
    let (_, o) = overview(&s, &op, "ha_alpha").await;
    assert!(ranked(&o, "top").is_empty());
    assert_eq!(o["activity"]["svg"], "", "an empty range draws no chart");
    assert_eq!(ranked(&o, "searches").len(), 2);
    // Only operators see it.
    let (status, _) = overview(&s, &client(), "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for who in [CONSUMER, DEVELOPER] {
        let c = s.signed_in(who.0, who.1).await;
        let (status, _) = overview(&s, &c, "").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", who.0);
    }
    // A bad range says what is wrong.
    let (status, body) = s
        .rpc(
            &op,
            &GetOverview {
                from: "2026-12-10".into(),
                to: "2026-12-01".into(),
                host: String::new(),
                platform: String::new(),
                region: String::new(),
            },
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.to_string().contains("start comes after the end"),
        "{body}"
    );
}

/// Launch events of `mp` by users `u0..n`, today, on the storefront.
async fn launches(pool: &PgPool, mp: &str, n: usize) {
    let events: Vec<_> = (0..n)
        .map(|i| {
            let mut e = app::server::track::event("launch", Some(format!("u{i}")), "android");
            e.mp_id = Some(mp.into());
            e.version = Some("1.0.0".into());
            e
        })
        .collect();
    events::store(pool, events::STOREFRONT, &events)
        .await
        .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn a_developer_sees_only_their_organizations_numbers(pool: PgPool) {
    use app::analytics::api::{GetMpAnalytics, GetPortalOverview};
    let settings = fixtures::settings();
    let s = spawn_with(pool.clone(), settings.clone()).await;
    let f = fixtures::Fixtures::new(pool.clone(), &settings).await;
    f.mini_program("mp_mine", "Mine", "program", None).await;
    f.mini_program("mp_theirs", "Theirs", "program", None).await;
    sqlx::query(
        "UPDATE mini_programs SET org_id = (SELECT id FROM organizations WHERE slug = 'pixel-arcade')
         WHERE id = 'mp_theirs'",
    )
    .execute(&pool)
    .await
    .unwrap();
    launches(&pool, "mp_mine", 3).await;
    launches(&pool, "mp_theirs", 5).await;
    analytics::roll_up(&pool).await.unwrap();

    let dev = s.signed_in(DEVELOPER.0, DEVELOPER.1).await;
    let none = String::new;
    let (status, o) = s
        .rpc(
            &dev,
            &GetPortalOverview {
                from: none(),
                to: none(),
                host: none(),
                platform: none(),
                region: none(),
            },
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{o}");
    assert_eq!(ranked(&o, "top"), [("Mine".to_string(), 3)]);
    assert_eq!(
        o["figures"][0]["value"], "3",
        "totals are of their own only"
    );
    assert!(
        ranked(&o, "searches").is_empty(),
        "searches are the platform's"
    );
    let mp = |id: &str| GetMpAnalytics {
        mp_id: id.into(),
        from: none(),
        to: none(),
        host: none(),
        platform: none(),
        region: none(),
    };
    let (status, a) = s.rpc(&dev, &mp("mp_mine")).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["figures"][0]["value"], "3");
    assert_eq!(a["version_mix"]["header"][1], "v1.0.0");
    let (status, _) = s.rpc(&dev, &mp("mp_theirs")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let (status, a) = s.rpc(&op, &mp("mp_theirs")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a["figures"][0]["value"], "5");
    let consumer = s.signed_in(CONSUMER.0, CONSUMER.1).await;
    let (status, _) = s.rpc(&consumer, &mp("mp_mine")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The CSV export: the same rules.
    let csv = |c: reqwest::Client, q: &str| {
        let url = format!("{}/admin/analytics/export.csv?{q}", s.base);
        async move {
            let r = c.get(url).send().await.unwrap();
            let status = r.status();
            let kind = r
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string());
            (status, kind, r.text().await.unwrap())
        }
    };
    let today = format!("{}", today());
    let (status, kind, body) = csv(dev.clone(), "mp_id=mp_mine&metric=activity").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(kind.as_deref(), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines[0], "date,breakdown,value");
    assert_eq!(
        lines.len(),
        1 + 30 * 3,
        "30 days × launches, users, new users"
    );
    assert!(
        lines.contains(&format!("{today},Launches,3").as_str()),
        "{body}"
    );
    let range = format!("from={today}&to={today}");
    let (status, _, body) = csv(op.clone(), &format!("metric=platforms&{range}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        format!("date,breakdown,value\n{today}/{today},android,8\n")
    );
    let (status, _, body) = csv(op.clone(), &format!("metric=activity&{range}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body.lines().count(),
        1 + 2,
        "one day × launches and users: {body}"
    );
    for (c, q, expect) in [
        (
            dev.clone(),
            "mp_id=mp_theirs&metric=activity",
            StatusCode::FORBIDDEN,
        ),
        (dev.clone(), "metric=activity", StatusCode::FORBIDDEN),
        (
            consumer.clone(),
            "mp_id=mp_mine&metric=activity",
            StatusCode::FORBIDDEN,
        ),
        (client(), "metric=activity", StatusCode::UNAUTHORIZED),
        (
            op.clone(),
            "metric=nonsense",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            op.clone(),
            "metric=activity&from=yesterday",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            op.clone(),
            "mp_id=mp_nope&metric=activity",
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (status, _, body) = csv(c, q).await;
        assert_eq!(status, expect, "{q}: {body}");
    }
}
