//! The demo catalogue: enough listed, released mini-programs to search and browse (Chinese ones
//! among them), every package valid and showing its own name, places around Shanghai, a launch
//! history where "Popular" and "New" mean something, collections, the demo consumer's
//! favourites and recents; and loading it again changes nothing.

mod fixtures;

use app::server::blobs::BlobStore;
use sqlx::PgPool;
use std::time::Instant;

/// People's Square, Shanghai.
const CENTRE: (f64, f64) = (31.2304, 121.4737);

fn has_cjk(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}'))
}

/// Distance in km (equirectangular: good enough within a city).
fn km(lat: f64, lon: f64) -> f64 {
    let x = (lon - CENTRE.1).to_radians() * CENTRE.0.to_radians().cos();
    let y = (lat - CENTRE.0).to_radians();
    6371.0 * x.hypot(y)
}

/// Row counts of every table the demo loader writes.
async fn counts(pool: &PgPool) -> Vec<(&'static str, i64)> {
    let mut out = vec![];
    for table in [
        "organizations",
        "mini_programs",
        "versions",
        "releases",
        "blobs",
        "events",
        "mp_places",
        "collections",
        "collection_items",
        "favourites",
        "recent_launches",
        "release_plans",
        "audit_log",
    ] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(pool)
            .await
            .unwrap();
        out.push((table, n));
    }
    out
}

/// The listed mini-programs released to the demo host app: (id, name, tags, summary,
/// category, org, package sha, released days ago).
type Released = (
    String,
    String,
    Vec<String>,
    String,
    String,
    String,
    String,
    f64,
);

async fn released(pool: &PgPool) -> Vec<Released> {
    sqlx::query_as(
        "SELECT m.id, m.name, m.tags, m.summary, c.slug, o.slug, v.package_sha,
                extract(epoch FROM now() - r.released_at)::float8 / 86400
         FROM releases r
         JOIN host_apps h ON h.id = r.host_app_id AND h.app_key = 'ha_demo'
         JOIN mini_programs m ON m.id = r.mp_id
         JOIN organizations o ON o.id = m.org_id
         JOIN categories c ON c.id = m.category_id
         JOIN versions v ON v.id = r.stable_version_id
         WHERE r.active AND m.listed AND NOT m.suspended AND v.state = 'released'
         ORDER BY m.id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn the_demo_catalogue_is_big_valid_lived_in_and_loaded_once(pool: PgPool) {
    let start = Instant::now();
    let settings = fixtures::demo_data(&pool).await;
    eprintln!("demo data loaded in {:?}", start.elapsed());
    let blobs = BlobStore::new(&settings.blob_dir).unwrap();

    // Listed and released: many, in every category, from several organizations, some Chinese.
    let apps = released(&pool).await;
    assert!(apps.len() >= 30, "{} listed mini-programs", apps.len());
    let cjk = apps.iter().filter(|a| has_cjk(&a.1)).count();
    assert!(cjk >= 8, "{cjk} with a Chinese name");
    let mut categories: Vec<_> = apps.iter().map(|a| a.4.as_str()).collect();
    categories.dedup();
    categories.sort_unstable();
    categories.dedup();
    assert_eq!(categories.len(), 7, "{categories:?}");
    for org in ["ministore-labs", "acme-payments", "pixel-arcade"] {
        assert!(apps.iter().filter(|a| a.5 == org).count() >= 3, "{org}");
    }
    for (id, name, tags, summary, ..) in &apps {
        assert!((2..=6).contains(&tags.len()), "{id}: {tags:?}");
        assert!(
            tags.iter().all(|t| *t == t.to_lowercase()),
            "{id}: {tags:?}"
        );
        assert!(!summary.is_empty() && !name.is_empty(), "{id}");
    }
    let ids: Vec<&str> = apps.iter().map(|a| a.0.as_str()).collect();
    for id in ["mp_calculator", "mp_jisuanqi", "mp_todo", "mp_snake"] {
        assert!(ids.contains(&id), "{id} is listed");
    }
    assert!(!ids.contains(&"mp_malicious"));
    let candidate: String = sqlx::query_scalar(
        "SELECT state FROM versions WHERE mp_id = 'mp_calculator' AND version = '1.1.0'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        candidate, "released",
        "the grayscale plan's candidate is rolling out"
    );

    // Every package is valid, refers to no other site and opens on a page with its own name.
    for (id, name, .., sha, _) in &apps {
        let zip = blobs
            .get(sha)
            .await
            .unwrap()
            .expect("the package is stored");
        let report =
            ministore_package::validate(&zip, Some(id), &ministore_package::Limits::default())
                .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(report.external_domains.is_empty(), "{id}");
        let html = String::from_utf8(
            ministore_package::file_bytes(&zip, &report.entry).expect("the entry page"),
        )
        .unwrap();
        assert!(
            !html.contains("<script>") && !html.contains(" style="),
            "{id}"
        );
        if has_cjk(name)
            || ![
                "mp_calculator",
                "mp_todo",
                "mp_currency",
                "mp_snake",
                "mp_billpay",
            ]
            .contains(&id.as_str())
        {
            let shown = name.replace('&', "&amp;").replace('\'', "&#39;");
            assert!(
                html.contains(&format!("data-testid=\"app-name\">{shown}</h1>")),
                "{id} shows its name"
            );
        }
    }

    // "New": releases spread over two months, a few in the last week.
    let days: Vec<f64> = apps.iter().map(|a| a.7).collect();
    let last_week = days.iter().filter(|d| **d < 7.0).count();
    assert!(
        (3..=4).contains(&last_week),
        "{last_week} released this week"
    );
    assert!(days.iter().copied().fold(0.0, f64::max) > 45.0);

    // Places: 6 to 8 store-like mini-programs, 1 to 4 places each, around People's Square.
    let places: Vec<(String, String, String, f64, f64, String)> = sqlx::query_as(
        "SELECT mp_id, name, address, lat, lon, opening_hours FROM mp_places ORDER BY mp_id, position",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut with_places: Vec<&str> = places.iter().map(|p| p.0.as_str()).collect();
    with_places.dedup();
    assert!((6..=8).contains(&with_places.len()), "{with_places:?}");
    for mp in &with_places {
        let n = places.iter().filter(|p| p.0 == *mp).count();
        assert!((1..=4).contains(&n), "{mp}: {n} places");
    }
    for (mp, name, address, lat, lon, hours) in &places {
        assert!(
            km(*lat, *lon) < 15.0,
            "{mp} {name} is {} km away",
            km(*lat, *lon)
        );
        assert!(!address.is_empty(), "{mp} {name}");
        for part in hours.split("; ") {
            let (days, time) = part.split_once(' ').unwrap();
            assert!(days.len() == 2 || days.len() == 5, "{hours}");
            assert!(time.len() == 11 && &time[5..6] == "-", "{hours}");
        }
    }

    // History: 90 days of launches, Zipf-like, from many users, platforms and days.
    let per_app: Vec<(String, i64)> = sqlx::query_as(
        "SELECT m.id, count(e.id) FROM mini_programs m
         LEFT JOIN events e ON e.mp_id = m.id AND e.type = 'launch'
              AND e.ts < now() - interval '1 hour'
         WHERE m.listed GROUP BY m.id ORDER BY count(e.id) DESC",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(per_app[0].1 >= 1000 && per_app[2].1 >= 1000, "{per_app:?}");
    let tens_to_hundreds = per_app.iter().filter(|a| (10..1000).contains(&a.1)).count();
    assert!(tens_to_hundreds >= 20, "{per_app:?}");
    let none = per_app.iter().filter(|a| a.1 == 0).count();
    assert!((2..=3).contains(&none), "{per_app:?}");
    let (users, platforms, days, oldest): (i64, i64, i64, f64) = sqlx::query_as(
        "SELECT count(DISTINCT user_id), count(DISTINCT platform), count(DISTINCT ts::date),
                extract(epoch FROM now() - min(ts))::float8 / 86400
         FROM events WHERE type = 'launch' AND user_id LIKE 'demo-user-%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(
        users > 500 && platforms == 3 && days >= 28,
        "{users} {platforms} {days}"
    );
    assert!((30.0..=90.01).contains(&oldest), "{oldest} days");
    // Each launch follows a detail view and most end with a session length; a few fail; the
    // storefront has its share (by device); searches, some without results.
    let (views, closes, errors, storefront, searches, empty): (i64, i64, i64, i64, i64, i64) =
        sqlx::query_as(
            "SELECT count(*) FILTER (WHERE type = 'view'), count(*) FILTER (WHERE type = 'close'),
                    count(*) FILTER (WHERE type = 'error'),
                    count(*) FILTER (WHERE user_id LIKE 'dev:demo-%'),
                    count(*) FILTER (WHERE type = 'search'),
                    count(*) FILTER (WHERE type = 'search' AND results = 0)
             FROM events",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        views > closes && closes > errors * 20 && errors > 0,
        "{views} {closes} {errors}"
    );
    assert!(
        storefront > 1000 && searches > 1000 && empty > 100,
        "{storefront} {searches} {empty}"
    );

    // Curation: one featured banner (an SVG blob), other collections with their items.
    let collections: Vec<(String, bool, Option<String>, i64)> = sqlx::query_as(
        "SELECT c.title, c.featured, b.content_type, count(i.mp_id)
         FROM collections c LEFT JOIN blobs b ON b.sha256 = c.banner_sha
         LEFT JOIN collection_items i ON i.collection_id = c.id
         WHERE c.host_app_id IS NULL AND c.created_by IS NOT NULL
         GROUP BY c.id, b.content_type ORDER BY c.position",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let featured: Vec<_> = collections.iter().filter(|c| c.1).collect();
    assert_eq!(featured.len(), 1, "{collections:?}");
    assert_eq!(featured[0].2.as_deref(), Some("image/svg+xml"));
    let rows = collections.iter().filter(|c| !c.1 && c.3 >= 5).count();
    assert!(rows >= 2, "{collections:?}");

    // The demo consumer has favourites and recents.
    let (favourites, recents): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM favourites f JOIN accounts a ON a.id = f.account_id
                 WHERE a.email = 'consumer@ministore.test'),
                (SELECT count(*) FROM recent_launches r JOIN accounts a ON a.id = r.account_id
                 WHERE a.email = 'consumer@ministore.test')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((favourites, recents), (3, 4));

    // Loading again changes nothing.
    let before = counts(&pool).await;
    let start = Instant::now();
    server::demo::load(&pool).await.unwrap();
    server::demo::load_programs(&pool, &blobs, false)
        .await
        .unwrap();
    eprintln!("loaded again in {:?}", start.elapsed());
    assert_eq!(counts(&pool).await, before);
    let again = released(&pool).await;
    let same = |a: &Released, b: &Released| a.0 == b.0 && a.6 == b.6 && (a.7 - b.7).abs() < 0.01;
    assert!(
        again.len() == apps.len() && again.iter().zip(&apps).all(|(a, b)| same(a, b)),
        "the same versions, released at the same times"
    );
}
