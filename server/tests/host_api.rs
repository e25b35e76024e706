//! The host-app REST API v1 over HTTP (HOST-API.md): authentication, catalogue, details,
//! resolution and package downloads, against the real router and a fresh database.

mod common;
mod fixtures;

use fixtures::Fixtures;
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

const A: &str = "Bearer ha_alpha.alpha-secret";
const B: &str = "Bearer ha_beta.beta-secret";

struct World {
    base: String,
    live: std::sync::Arc<app::server::live::Live>,
    f: Fixtures,
    http: Client,
    app_a: Uuid,
    /// Package of mp_calc 1.0.0 (released to A), of 1.1.0 (in trial), of a rejected version.
    released_sha: String,
    trial_sha: String,
    rejected_sha: String,
    approved_sha: String,
}

/// Host apps A, B and a disabled one; mini-programs in every situation:
/// `mp_calc` (program, finance) 1.0.0 released to A with 1.1.0 in trial and 0.9.0 rejected;
/// `mp_snake` (game) released to A; `mp_notes` released to B only; `mp_draft` never released;
/// `mp_banned` released to A but suspended; `mp_paused` released to A, inactive;
/// `mp_hidden` released to A but unlisted.
async fn world(pool: PgPool) -> World {
    let settings = fixtures::settings();
    let srv = common::spawn_with(pool.clone(), settings.clone()).await;
    let f = Fixtures::new(pool, &settings).await;
    let app_a = f.host_app("ha_alpha", "alpha-secret", false).await;
    let app_b = f.host_app("ha_beta", "beta-secret", false).await;
    f.host_app("ha_off", "off-secret", true).await;

    f.mini_program("mp_calc", "Calculator", "program", Some("finance"))
        .await;
    let (calc1, released_sha) = f.version("mp_calc", "1.0.0", "released").await;
    let (_, trial_sha) = f.version("mp_calc", "1.1.0", "in_trial").await;
    let (_, rejected_sha) = f.version("mp_calc", "0.9.0", "rejected").await;
    f.release("mp_calc", app_a, calc1, true).await;

    for (id, name, kind, host, active) in [
        ("mp_snake", "Snake", "game", app_a, true),
        ("mp_notes", "Notes", "program", app_b, true),
        ("mp_banned", "Banned", "program", app_a, true),
        ("mp_paused", "Paused", "program", app_a, false),
        ("mp_hidden", "Hidden", "program", app_a, true),
    ] {
        let category = (kind == "game").then_some("games");
        f.mini_program(id, name, kind, category).await;
        let (v, _) = f.version(id, "2.0.0", "released").await;
        f.release(id, host, v, active).await;
    }
    f.exec("UPDATE mini_programs SET suspended = true WHERE id = 'mp_banned'")
        .await;
    f.exec("UPDATE mini_programs SET listed = false WHERE id = 'mp_hidden'")
        .await;
    f.mini_program("mp_draft", "Draft", "program", None).await;
    let (_, approved_sha) = f.version("mp_draft", "1.0.0", "approved").await;

    srv.refresh().await;
    World {
        live: srv.live.clone(),
        base: srv.base,
        f,
        http: Client::new(),
        app_a,
        released_sha,
        trial_sha,
        rejected_sha,
        approved_sha,
    }
}

impl World {
    /// Waits until this instance has reread the database after a change made behind its back
    /// (the notification's round trip; a second at most).
    async fn settle(&self) {
        let live = &self.live;
        let before = live.reloads.load(std::sync::atomic::Ordering::Relaxed);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
        while live.reloads.load(std::sync::atomic::Ordering::Relaxed) == before
            && std::time::Instant::now() < deadline
        {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    /// Polls `path` for up to a second until it answers `want`; returns the last status.
    async fn status_within_a_second(&self, auth: &str, path: &str, want: StatusCode) -> StatusCode {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
        loop {
            let status = self.get(Some(auth), path).await.status();
            if status == want || std::time::Instant::now() > deadline {
                return status;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    async fn get(&self, auth: Option<&str>, path: &str) -> Response {
        let mut r = self.http.get(format!("{}{path}", self.base));
        if let Some(auth) = auth {
            r = r.header("authorization", auth);
        }
        r.send().await.unwrap()
    }

    async fn json(&self, auth: Option<&str>, path: &str) -> (StatusCode, Value) {
        let r = self.get(auth, path).await;
        let status = r.status();
        let text = r.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
        (status, body)
    }

    async fn ids(&self, auth: &str, path: &str) -> Vec<String> {
        let (s, body) = self.json(Some(auth), path).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    }
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

fn error_message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or_default()
}

#[sqlx::test(migrations = "../migrations")]
async fn every_bad_credential_gets_the_same_401(pool: PgPool) {
    let w = world(pool).await;
    let mut bodies = Vec::new();
    for auth in [
        None,
        Some("Basic aGFfYWxwaGE6YWxwaGEtc2VjcmV0"),
        Some("Bearer ha_alpha"),
        Some("Bearer ha_alpha."),
        Some("Bearer ha_nobody.alpha-secret"),
        Some("Bearer ha_alpha.wrong-secret"),
        Some("Bearer ha_alpha.beta-secret"),
        Some("Bearer ha_off.off-secret"),
    ] {
        let r = w.get(auth, "/api/v1/miniprograms").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{auth:?}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let body: Value = r.json().await.unwrap();
        assert_eq!(error_code(&body), "unauthorized", "{auth:?}");
        bodies.push(body);
    }
    assert!(
        bodies.windows(2).all(|p| p[0] == p[1]),
        "the replies differ: {bodies:?}"
    );
    assert_eq!(
        w.get(Some(A), "/api/v1/miniprograms").await.status(),
        StatusCode::OK
    );
    // The scheme is case-insensitive.
    let lower = "bearer ha_alpha.alpha-secret";
    assert_eq!(
        w.get(Some(lower), "/api/v1/miniprograms").await.status(),
        StatusCode::OK
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_rotated_secret_or_a_disabled_app_is_refused_within_a_second(pool: PgPool) {
    // The change is made straight in the database, as another server instance would: this
    // instance hears of it through PostgreSQL's notification.
    let w = world(pool).await;
    assert_eq!(
        w.get(Some(A), "/api/v1/miniprograms").await.status(),
        StatusCode::OK
    );
    w.f.exec("UPDATE host_apps SET disabled = true WHERE app_key = 'ha_alpha'")
        .await;
    let status = w
        .status_within_a_second(A, "/api/v1/miniprograms", StatusCode::UNAUTHORIZED)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    w.f.exec("UPDATE host_apps SET disabled = false, secret_hash = 'x' WHERE app_key = 'ha_alpha'")
        .await;
    let status = w
        .status_within_a_second(
            A,
            "/api/v1/miniprograms/mp_calc/resolve?user_id=u1",
            StatusCode::UNAUTHORIZED,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_catalogue_lists_only_what_is_released_to_this_host_app(pool: PgPool) {
    let w = world(pool).await;
    assert_eq!(
        w.ids(A, "/api/v1/miniprograms").await,
        ["mp_calc", "mp_snake"]
    );
    assert_eq!(w.ids(B, "/api/v1/miniprograms").await, ["mp_notes"]);

    let (_, body) = w.json(Some(A), "/api/v1/miniprograms").await;
    assert_eq!(body["next_cursor"], Value::Null);
    let calc = &body["items"][0];
    assert_eq!(calc["name"], "Calculator");
    assert_eq!(calc["kind"], "program");
    assert_eq!(calc["category"], "finance");
    assert_eq!(calc["tags"], serde_json::json!(["program"]));
    assert_eq!(calc["summary"], "The Calculator mini-program");
    assert_eq!(calc["icon_url"], Value::Null);
    assert_eq!(calc["developer"]["name"], "Acme Payments");
    assert_eq!(calc["developer"]["id"], w.f.org.to_string());

    let icon = w.f.blob(b"\x89PNG fake".to_vec(), "image/png").await;
    w.f.exec(&format!(
        "UPDATE mini_programs SET icon_sha = '{icon}' WHERE id = 'mp_calc'"
    ))
    .await;
    let (_, body) = w.json(Some(A), "/api/v1/miniprograms").await;
    assert_eq!(body["items"][0]["icon_url"], format!("/blobs/{icon}"));
    let r = w.get(None, &format!("/blobs/{icon}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.headers()["etag"], format!("\"{icon}\"").as_str());
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"\x89PNG fake");
    // A package is a blob too, but not a public image.
    let r = w.get(None, &format!("/blobs/{}", w.rejected_sha)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_catalogue_filters_by_kind_category_and_text(pool: PgPool) {
    let w = world(pool).await;
    assert_eq!(
        w.ids(A, "/api/v1/miniprograms?kind=game").await,
        ["mp_snake"]
    );
    assert_eq!(
        w.ids(A, "/api/v1/miniprograms?kind=program").await,
        ["mp_calc"]
    );
    assert_eq!(
        w.ids(A, "/api/v1/miniprograms?category=finance").await,
        ["mp_calc"]
    );
    assert!(w
        .ids(A, "/api/v1/miniprograms?category=travel")
        .await
        .is_empty());
    assert_eq!(w.ids(A, "/api/v1/miniprograms?q=CALC").await, ["mp_calc"]);
    assert_eq!(w.ids(A, "/api/v1/miniprograms?q=game").await, ["mp_snake"]);
    assert_eq!(w.ids(A, "/api/v1/miniprograms?q=&kind=").await.len(), 2);
    assert!(w.ids(A, "/api/v1/miniprograms?q=Notes").await.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_catalogue_pages_with_an_opaque_cursor(pool: PgPool) {
    let w = world(pool).await;
    for i in 0..5 {
        let id = format!("mp_page{i}");
        // Two share a name: the id breaks the tie.
        let name = if i < 2 {
            "Same name".to_string()
        } else {
            format!("Page {i}")
        };
        w.f.mini_program(&id, &name, "program", None).await;
        let (v, _) = w.f.version(&id, "1.0.0", "released").await;
        w.f.release(&id, w.app_a, v, true).await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/miniprograms?limit=2".to_string();
    let mut pages = 0;
    loop {
        let (s, body) = w.json(Some(A), &path).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let items = body["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|i| i["id"].as_str().unwrap().to_string()));
        pages += 1;
        match body["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/miniprograms?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(pages, 4);
    assert_eq!(
        seen,
        ["mp_calc", "mp_page2", "mp_page3", "mp_page4", "mp_page0", "mp_page1", "mp_snake"]
    );
    assert_eq!(w.ids(A, "/api/v1/miniprograms?limit=100").await.len(), 7);
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_parameters_are_400_naming_the_field(pool: PgPool) {
    let w = world(pool).await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=-1", "limit"),
        ("limit=ten", "limit"),
        ("kind=app", "kind"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=%FF%FE", "cursor"),
    ] {
        let (s, body) = w
            .json(Some(A), &format!("/api/v1/miniprograms?{query}"))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(error_code(&body), "invalid_argument");
        assert!(error_message(&body).contains(field), "{query}: {body}");
    }
    let (s, body) = w
        .json(Some(A), "/api/v1/miniprograms/mp_calc/resolve")
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(error_message(&body).contains("user_id"), "{body}");
    let (s, _) = w
        .json(Some(A), "/api/v1/miniprograms/mp_calc/resolve?user_id=%20")
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[sqlx::test(migrations = "../migrations")]
async fn unknown_endpoints_and_methods_get_json_errors(pool: PgPool) {
    let w = world(pool).await;
    for path in [
        "/api/v1/nothing",
        "/api/v1/miniprograms/mp_calc/versions",
        "/api/v1",
    ] {
        let (s, body) = w.json(Some(A), path).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error_code(&body), "not_found");
    }
    let r = w
        .http
        .delete(format!("{}/api/v1/miniprograms", w.base))
        .header("authorization", A)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(error_code(&body), "method_not_allowed");
}

#[sqlx::test(migrations = "../migrations")]
async fn details_are_shown_only_for_what_is_released_to_this_host_app(pool: PgPool) {
    let w = world(pool).await;
    let shot = w.f.blob(b"GIF89a".to_vec(), "image/gif").await;
    w.f.exec(&format!(
        "UPDATE mini_programs SET screenshots = ARRAY['{shot}'],
         description_md = E'# Calc\\n\\nAdds **numbers**. <script>alert(1)</script><img src=x onerror=alert(1)>'
         WHERE id = 'mp_calc'"
    ))
    .await;
    let (s, d) = w.json(Some(A), "/api/v1/miniprograms/mp_calc").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["id"], "mp_calc");
    assert_eq!(d["developer"]["name"], "Acme Payments");
    assert_eq!(d["latest_version"], "1.0.0");
    assert_eq!(
        d["screenshots"],
        serde_json::json!([format!("/blobs/{shot}")])
    );
    let html = d["description_html"].as_str().unwrap();
    assert!(
        html.contains("<h1>Calc</h1>") && html.contains("<strong>numbers</strong>"),
        "{html}"
    );
    assert!(
        !html.contains("<script") && !html.contains("onerror"),
        "{html}"
    );
    let updated = d["updated_at"].as_str().unwrap();
    time::OffsetDateTime::parse(updated, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("{updated}: {e}"));
    assert_eq!(
        w.get(None, &format!("/blobs/{shot}")).await.status(),
        StatusCode::OK
    );

    // Unlisted: not in the catalogue, but its page exists.
    assert_eq!(
        w.json(Some(A), "/api/v1/miniprograms/mp_hidden").await.0,
        StatusCode::OK
    );
    for (auth, id) in [
        (A, "mp_notes"),
        (A, "mp_draft"),
        (A, "mp_banned"),
        (A, "mp_paused"),
        (A, "mp_nothing"),
        (B, "mp_calc"),
    ] {
        let (s, body) = w
            .json(Some(auth), &format!("/api/v1/miniprograms/{id}"))
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{id}: {body}");
        assert_eq!(error_code(&body), "not_found");
    }
    assert_eq!(
        w.json(Some(B), "/api/v1/miniprograms/mp_notes").await.0,
        StatusCode::OK
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn resolve_gives_the_release_and_testers_the_trial(pool: PgPool) {
    let w = world(pool).await;
    let path =
        |user: &str| format!("/api/v1/miniprograms/mp_calc/resolve?user_id={user}&platform=ios");
    let (s, r) = w.json(Some(A), &path("someone-42")).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let size = sqlx::query_scalar::<_, i64>("SELECT size FROM blobs WHERE sha256 = $1")
        .bind(&w.released_sha)
        .fetch_one(&w.f.pool)
        .await
        .unwrap();
    assert_eq!(
        r,
        serde_json::json!({
            "id": "mp_calc", "version": "1.0.0",
            "package_url": format!("/packages/{}.zip", w.released_sha),
            "sha256": w.released_sha, "size": size, "reason": "full", "min_version": null
        })
    );
    // The consumer tests for Acme, the developer owns it: both get the trial build.
    for email in ["consumer@ministore.test", "developer@ministore.test"] {
        let id = w.f.account(email).await;
        let (s, r) = w.json(Some(A), &path(&id.to_string())).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            (r["version"].as_str(), r["reason"].as_str()),
            (Some("1.1.0"), Some("trial")),
            "{email}"
        );
        assert_eq!(r["sha256"], w.trial_sha);
    }
    // The operator is no member of Acme.
    let operator = w.f.account("operator@ministore.test").await;
    let (_, r) = w.json(Some(A), &path(&operator.to_string())).await;
    assert_eq!(r["reason"], "full");
    // Without a version in trial, testers get the release too.
    w.f.exec("UPDATE versions SET state = 'in_review' WHERE state = 'in_trial'")
        .await;
    w.settle().await;
    let consumer = w.f.account("consumer@ministore.test").await;
    let (_, r) = w.json(Some(A), &path(&consumer.to_string())).await;
    assert_eq!(
        (r["version"].as_str(), r["reason"].as_str()),
        (Some("1.0.0"), Some("full"))
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn resolve_is_404_unless_released_active_and_not_suspended(pool: PgPool) {
    let w = world(pool).await;
    let resolve = |id: &str| format!("/api/v1/miniprograms/{id}/resolve?user_id=u1");
    for id in [
        "mp_banned",
        "mp_paused",
        "mp_notes",
        "mp_draft",
        "mp_nothing",
    ] {
        let (s, body) = w.json(Some(A), &resolve(id)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{id}: {body}");
        assert_eq!(error_code(&body), "not_found");
    }
    assert_eq!(w.json(Some(A), &resolve("mp_calc")).await.0, StatusCode::OK);
    // Suspension and deactivation, made straight in the database (as by another instance),
    // take effect within a second.
    w.f.exec("UPDATE mini_programs SET suspended = true WHERE id = 'mp_calc'")
        .await;
    assert_eq!(
        w.status_within_a_second(A, &resolve("mp_calc"), StatusCode::NOT_FOUND)
            .await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.json(Some(A), &resolve("mp_snake")).await.0,
        StatusCode::OK
    );
    w.f.exec("UPDATE releases SET active = false WHERE mp_id = 'mp_snake'")
        .await;
    assert_eq!(
        w.status_within_a_second(A, &resolve("mp_snake"), StatusCode::NOT_FOUND)
            .await,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn packages_download_with_caching_and_range_support(pool: PgPool) {
    let w = world(pool).await;
    let url = format!("/packages/{}.zip", w.released_sha);
    let expected = fixtures::package("mp_calc", "1.0.0");

    let r = w.get(None, &url).await;
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "application/zip");
    assert_eq!(h["etag"], format!("\"{}\"", w.released_sha).as_str());
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(h["accept-ranges"], "bytes");
    assert_eq!(h["content-length"], expected.len().to_string().as_str());
    assert!(h.get("set-cookie").is_none());
    let body = r.bytes().await.unwrap();
    assert_eq!(body.as_ref(), expected.as_slice());
    assert_eq!(app::server::blobs::sha256_hex(&body), w.released_sha);

    let etag = format!("\"{}\"", w.released_sha);
    let r = w
        .http
        .get(format!("{}{url}", w.base))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(r.headers()["etag"], etag.as_str());
    assert!(r.bytes().await.unwrap().is_empty());
    let r = w
        .http
        .get(format!("{}{url}", w.base))
        .header("if-none-match", "\"other\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let len = expected.len();
    for (range, from, to) in [
        ("bytes=0-9", 0, 9),
        ("bytes=10-", 10, len - 1),
        ("bytes=-7", len - 7, len - 1),
        ("bytes=5-999999", 5, len - 1),
    ] {
        let r = w
            .http
            .get(format!("{}{url}", w.base))
            .header("range", range)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT, "{range}");
        assert_eq!(
            r.headers()["content-range"],
            format!("bytes {from}-{to}/{len}").as_str()
        );
        assert_eq!(r.headers()["etag"], etag.as_str());
        assert_eq!(
            r.bytes().await.unwrap().as_ref(),
            &expected[from..=to],
            "{range}"
        );
    }
    let r = w
        .http
        .get(format!("{}{url}", w.base))
        .header("range", format!("bytes={len}-"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        r.headers()["content-range"],
        format!("bytes */{len}").as_str()
    );
    let body: Value = r.json().await.unwrap();
    assert_eq!(error_code(&body), "range_not_satisfiable");
    // Several ranges: the whole file, as RFC 9110 allows.
    let r = w
        .http
        .get(format!("{}{url}", w.base))
        .header("range", "bytes=0-1,4-5")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().len(), len);
    // Never compressed (that would drop range support), even when the client accepts gzip.
    let r = w
        .http
        .get(format!("{}{url}", w.base))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.headers()["accept-ranges"], "bytes");
    assert_eq!(r.bytes().await.unwrap().as_ref(), expected.as_slice());
    // HEAD: the headers without the body.
    let r = w
        .http
        .head(format!("{}{url}", w.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-length"], len.to_string().as_str());
}

#[sqlx::test(migrations = "../migrations")]
async fn only_released_or_trial_packages_are_served(pool: PgPool) {
    let w = world(pool).await;
    assert_eq!(
        w.get(None, &format!("/packages/{}.zip", w.trial_sha))
            .await
            .status(),
        StatusCode::OK
    );
    for (what, path) in [
        ("rejected", format!("/packages/{}.zip", w.rejected_sha)),
        (
            "approved, never released",
            format!("/packages/{}.zip", w.approved_sha),
        ),
        ("unknown", format!("/packages/{}.zip", "0".repeat(64))),
        ("no .zip", format!("/packages/{}", w.released_sha)),
        (
            "not a hash",
            "/packages/..%2F..%2Fetc%2Fpasswd.zip".to_string(),
        ),
    ] {
        let r = w.get(None, &path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{what}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(error_code(&body), "not_found", "{what}");
    }
}
