//! Search over HTTP (HOST-API.md "Search on GET /api/v1/miniprograms", suggest) and the change
//! feed that keeps every instance's index current, against the real router and a fresh database.

mod common;
mod fixtures;

use fixtures::Fixtures;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use sqlx::PgPool;
use std::time::{Duration, Instant};

const A: &str = "Bearer ha_alpha.alpha-secret";
const B: &str = "Bearer ha_beta.beta-secret";

struct World {
    srv: common::TestServer,
    f: Fixtures,
    http: Client,
}

/// Host apps A and B; on A: Calculator, 计算器, Currency Converter, 汇率换算, Snake (game),
/// Coffee Corner (a place at People's Square, Shanghai), Bakery (a place 7 km east); on B only:
/// Notes.
async fn world(pool: PgPool) -> World {
    let settings = fixtures::settings();
    let srv = common::spawn_with(pool.clone(), settings.clone()).await;
    let f = Fixtures::new(pool, &settings).await;
    let a = f.host_app("ha_alpha", "alpha-secret", false).await;
    let b = f.host_app("ha_beta", "beta-secret", false).await;
    for (id, name, kind, cat, tags, summary, host) in [
        (
            "mp_calc",
            "Calculator",
            "program",
            "utilities",
            "{math,tools}",
            "Quick sums with a history",
            a,
        ),
        (
            "mp_jsq",
            "计算器",
            "program",
            "utilities",
            "{计算}",
            "科学计算器，支持历史记录",
            a,
        ),
        (
            "mp_fx",
            "Currency Converter",
            "program",
            "finance",
            "{money,exchange}",
            "Convert between 12 currencies",
            a,
        ),
        (
            "mp_huilv",
            "汇率换算",
            "program",
            "finance",
            "{汇率}",
            "实时汇率，货币换算",
            a,
        ),
        (
            "mp_snake",
            "Snake",
            "game",
            "games",
            "{arcade,classic}",
            "The classic snake game",
            a,
        ),
        (
            "mp_coffee",
            "Coffee Corner",
            "program",
            "shopping",
            "{coffee}",
            "Order ahead, pick up",
            a,
        ),
        (
            "mp_bakery",
            "Bakery",
            "program",
            "shopping",
            "{bread}",
            "Fresh bread every morning",
            a,
        ),
        (
            "mp_notes",
            "Notes",
            "program",
            "productivity",
            "{notes}",
            "Write things down",
            b,
        ),
    ] {
        f.mini_program(id, name, kind, Some(cat)).await;
        f.exec(&format!(
            "UPDATE mini_programs SET tags = '{tags}', summary = '{summary}' WHERE id = '{id}'"
        ))
        .await;
        let (v, _) = f.version(id, "1.0.0", "released").await;
        f.release(id, host, v, true).await;
    }
    f.exec(
        "INSERT INTO mp_places (mp_id, position, name, address, lat, lon, opening_hours) VALUES
         ('mp_coffee', 0, 'People''s Square', '120 Renmin Ave', 31.2304, 121.4737, 'Mo-Su 07:00-20:00'),
         ('mp_bakery', 0, 'Lujiazui', '8 Century Ave', 31.2397, 121.4998, 'Mo-Fr 08:00-18:00'),
         ('mp_bakery', 1, 'Zhangjiang', '1 Keyuan Rd', 31.2033, 121.5905, '')",
    )
    .await;
    srv.refresh().await;
    World {
        srv,
        f,
        http: Client::new(),
    }
}

impl World {
    async fn json(&self, auth: &str, path: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.srv.base))
            .header("authorization", auth)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap())
    }

    async fn ids(&self, auth: &str, path: &str) -> Vec<String> {
        let (s, body) = self.json(auth, path).await;
        assert_eq!(s, StatusCode::OK, "{path}: {body}");
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    }

    async fn first(&self, q: &str) -> String {
        let path = format!("/api/v1/miniprograms?q={}", urlencode(q));
        self.ids(A, &path)
            .await
            .into_iter()
            .next()
            .unwrap_or_default()
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn q_finds_by_prefix_typo_chinese_and_pinyin(pool: PgPool) {
    let w = world(pool).await;
    for (q, want) in [
        ("calculator", "mp_calc"),
        ("calc", "mp_calc"),
        ("calculater", "mp_calc"),
        ("clacuator", "mp_calc"),
        ("currency conv", "mp_fx"),
        ("计算器", "mp_jsq"),
        ("计", "mp_jsq"),
        ("jisuanqi", "mp_jsq"),
        ("jsq", "mp_jsq"),
        ("汇率", "mp_huilv"),
        ("huilv", "mp_huilv"),
        ("arcade", "mp_snake"),
    ] {
        assert_eq!(w.first(q).await, want, "q={q}");
    }
    // Per host app: B's catalogue has Notes only.
    assert_eq!(
        w.ids(B, "/api/v1/miniprograms?q=calc").await,
        Vec::<String>::new()
    );
    assert_eq!(w.ids(B, "/api/v1/miniprograms?q=note").await, ["mp_notes"]);
}

#[sqlx::test(migrations = "../migrations")]
async fn facets_tags_suggestion_and_pages(pool: PgPool) {
    let w = world(pool).await;
    let (s, body) = w
        .json(A, "/api/v1/miniprograms?q=c&facets=category,kind&limit=2")
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["items"].as_array().unwrap().len(), 2);
    let cats = body["facets"]["category"].as_array().unwrap();
    let total: u64 = cats.iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert!(total >= 3, "counts over all matches, not this page: {body}");
    assert!(
        body["facets"].get("tags").is_none(),
        "only the facets asked for"
    );
    // The next page continues where this one stopped.
    let cursor = body["next_cursor"].as_str().unwrap();
    let next = w
        .ids(
            A,
            &format!("/api/v1/miniprograms?q=c&facets=category,kind&limit=2&cursor={cursor}"),
        )
        .await;
    let first: Vec<String> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        next.iter().all(|id| !first.contains(id)),
        "{first:?} then {next:?}"
    );

    assert_eq!(
        w.ids(A, "/api/v1/miniprograms?tag=coffee").await,
        ["mp_coffee"]
    );
    assert_eq!(
        w.ids(A, "/api/v1/miniprograms?tag=money&tag=exchange&q=conv")
            .await,
        ["mp_fx"]
    );
    let (_, body) = w.json(A, "/api/v1/miniprograms?q=snkae%20clasic").await;
    assert_eq!(body["suggestion"], "snake classic", "{body}");
}

#[sqlx::test(migrations = "../migrations")]
async fn near_lists_nearest_first_with_distances(pool: PgPool) {
    let w = world(pool).await;
    let (s, body) = w
        .json(A, "/api/v1/miniprograms?near=31.2310,121.4740&radius_km=10")
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let items = body["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["mp_coffee", "mp_bakery"]);
    assert!(items[0]["distance_km"].as_f64().unwrap() < 0.2);
    let d = items[1]["distance_km"].as_f64().unwrap();
    assert!(
        (2.0..4.0).contains(&d),
        "Lujiazui is about 2.6 km away: {d}"
    );
    // Default radius 5 km; 1 km keeps only the coffee shop.
    assert_eq!(
        w.ids(A, "/api/v1/miniprograms?near=31.2310,121.4740&radius_km=1")
            .await,
        ["mp_coffee"]
    );
    assert_eq!(
        w.ids(A, "/api/v1/miniprograms?near=31.2310,121.4740&q=bread")
            .await,
        ["mp_bakery"]
    );
    for bad in [
        "near=31.2",
        "near=100,10",
        "near=a,b",
        "near=31,121&radius_km=-1",
        "radius_km=2",
    ] {
        let (s, body) = w.json(A, &format!("/api/v1/miniprograms?{bad}")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        let field = bad.rsplit('&').next().unwrap().split('=').next().unwrap();
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with(field),
            "{bad}: {body}"
        );
    }
    let (s, _) = w.json(A, "/api/v1/miniprograms?facets=colour").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // The details list the places, in order; none is an empty list.
    let (_, d) = w.json(A, "/api/v1/miniprograms/mp_bakery").await;
    let places = d["places"].as_array().unwrap();
    assert_eq!(places.len(), 2, "{d}");
    assert_eq!(places[0]["name"], "Lujiazui");
    assert_eq!(places[0]["opening_hours"], "Mo-Fr 08:00-18:00");
    let (_, d) = w.json(A, "/api/v1/miniprograms/mp_calc").await;
    assert_eq!(d["places"], serde_json::json!([]));
}

#[sqlx::test(migrations = "../migrations")]
async fn suggest_answers_as_you_type(pool: PgPool) {
    let w = world(pool).await;
    let (s, body) = w
        .json(A, "/api/v1/miniprograms/suggest?q=cur&limit=3")
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["items"][0]["name"], "Currency Converter");
    assert_eq!(body["items"][0]["category"], "finance");
    let (s, body) = w.json(A, "/api/v1/miniprograms/suggest?q=jisu").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body["items"][0]["id"], "mp_jsq");
    for bad in ["", "?q=", "?q=a&limit=0", "?q=a&limit=11"] {
        let (s, body) = w
            .json(A, &format!("/api/v1/miniprograms/suggest{bad}"))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    let r = w
        .http
        .get(format!("{}/api/v1/miniprograms/suggest?q=cur", w.srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

/// Polls `q` on host A until `want(ids)` holds or `limit` passes; returns how long it took.
async fn until(
    w: &World,
    q: &str,
    limit: Duration,
    want: impl Fn(&[String]) -> bool,
) -> Option<Duration> {
    let start = Instant::now();
    loop {
        let ids = w
            .ids(A, &format!("/api/v1/miniprograms?q={}", urlencode(q)))
            .await;
        if want(&ids) {
            return Some(start.elapsed());
        }
        if start.elapsed() > limit {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_committed_change_is_searchable_within_a_second_and_an_aborted_one_never(pool: PgPool) {
    let w = world(pool.clone()).await;
    // Suspended: out of the results within a second.
    w.f.exec("UPDATE mini_programs SET suspended = true WHERE id = 'mp_snake'")
        .await;
    let t = until(&w, "snake", Duration::from_secs(1), |ids| {
        !ids.contains(&"mp_snake".to_string())
    })
    .await;
    assert!(
        t.is_some(),
        "a suspended mini-program left the results within 1 s"
    );

    // An aborted rename never shows.
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("UPDATE mini_programs SET name = 'Zebra Aborted' WHERE id = 'mp_calc'")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    // A transaction that started first and commits last is not skipped by one that commits
    // in between (the feed's watermark waits for the older transaction).
    let mut slow = pool.begin().await.unwrap();
    sqlx::query("UPDATE mini_programs SET name = 'Walrus Slow' WHERE id = 'mp_fx'")
        .execute(&mut *slow)
        .await
        .unwrap();
    w.f.exec("UPDATE mini_programs SET name = 'Yak Quick' WHERE id = 'mp_bakery'")
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    slow.commit().await.unwrap();
    assert!(until(&w, "yak", Duration::from_secs(1), |ids| ids
        == ["mp_bakery"])
    .await
    .is_some());
    assert!(
        until(&w, "walrus", Duration::from_secs(1), |ids| ids == ["mp_fx"])
            .await
            .is_some()
    );
    assert!(w.ids(A, "/api/v1/miniprograms?q=zebra").await.is_empty());
    assert_eq!(w.first("calculator").await, "mp_calc");

    // Withdrawn from host A (release inactive): gone; released again: back.
    w.f.exec("UPDATE releases SET active = false WHERE mp_id = 'mp_coffee'")
        .await;
    let gone = until(&w, "coffee", Duration::from_secs(1), <[String]>::is_empty).await;
    assert!(
        gone.is_some(),
        "{:?}",
        w.ids(A, "/api/v1/miniprograms?q=coffee").await
    );
    w.f.exec("UPDATE releases SET active = true WHERE mp_id = 'mp_coffee'")
        .await;
    assert!(until(&w, "coffee", Duration::from_secs(1), |ids| ids
        == ["mp_coffee"])
    .await
    .is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn two_instances_agree(pool: PgPool) {
    let w = world(pool.clone()).await;
    let other = common::spawn_with(pool.clone(), fixtures::settings()).await;
    let ask = |base: String| {
        let http = w.http.clone();
        async move {
            let r: Value = http
                .get(format!("{base}/api/v1/miniprograms?q=currency"))
                .header("authorization", A)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            r["items"].as_array().unwrap().len()
        }
    };
    assert_eq!(ask(w.srv.base.clone()).await, 1);
    assert_eq!(ask(other.base.clone()).await, 1);
    w.f.exec("UPDATE mini_programs SET listed = false WHERE id = 'mp_fx'")
        .await;
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let (a, b) = (ask(w.srv.base.clone()).await, ask(other.base.clone()).await);
        if a == 0 && b == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "instances still list it: {a}, {b}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Readiness reports the index.
    let r: Value = w
        .http
        .get(format!("{}/readyz", other.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["ready"], true, "{r}");
    assert!(r["search"]["documents"].as_u64().unwrap() >= 7, "{r}");
}

#[sqlx::test(migrations = "../migrations")]
async fn recent_and_favourites_per_host_app_user(pool: PgPool) {
    let w = world(pool).await;
    let http = &w.http;
    let call = |method: reqwest::Method, auth: &'static str, path: String| {
        let r = http
            .request(method, format!("{}{path}", w.srv.base))
            .header("authorization", auth);
        async move { r.send().await.unwrap().status() }
    };
    let put = reqwest::Method::PUT;
    let del = reqwest::Method::DELETE;
    let fav = |u: &str, mp: &str| format!("/api/v1/users/{u}/favorites/{mp}");
    assert_eq!(
        call(put.clone(), A, fav("u1", "mp_calc")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(put.clone(), A, fav("u1", "mp_calc")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(put.clone(), A, fav("u1", "mp_snake")).await,
        StatusCode::NO_CONTENT
    );
    // Not released to A.
    assert_eq!(
        call(put.clone(), A, fav("u1", "mp_notes")).await,
        StatusCode::NOT_FOUND
    );
    let ids = w.ids(A, "/api/v1/users/u1/favorites").await;
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&"mp_calc".to_string()) && ids.contains(&"mp_snake".to_string()));
    // Users are separate per host app.
    assert!(w.ids(B, "/api/v1/users/u1/favorites").await.is_empty());
    assert_eq!(
        call(del.clone(), A, fav("u1", "mp_calc")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(del.clone(), A, fav("u1", "mp_calc")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(w.ids(A, "/api/v1/users/u1/favorites").await, ["mp_snake"]);
    assert_eq!(
        call(reqwest::Method::POST, A, fav("u1", "mp_calc")).await,
        StatusCode::METHOD_NOT_ALLOWED
    );

    // Recent: from this host app's launch events, newest first, once each.
    w.f.exec(
        "INSERT INTO events (host_app_id, id, type, mp_id, user_id, ts)
         SELECT h.id, gen_random_uuid(), 'launch', e.mp, 'u1', now() - e.ago
         FROM host_apps h, (VALUES ('mp_calc', interval '3 hours'), ('mp_snake', interval '2 hours'),
                                   ('mp_calc', interval '1 hour')) AS e (mp, ago)
         WHERE h.app_key = 'ha_alpha'",
    )
    .await;
    let (s, body) = w.json(A, "/api/v1/users/u1/recent").await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let items = body["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["mp_calc", "mp_snake"]);
    assert!(items[0]["last_used"].as_str().unwrap().contains('T'));
    assert!(w
        .ids(A, "/api/v1/users/someone-else/recent")
        .await
        .is_empty());
    assert!(w.ids(B, "/api/v1/users/u1/recent").await.is_empty());
}
