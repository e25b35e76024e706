//! The sandbox origin over HTTP: the files of runnable packages only, under the strict CSP and
//! security headers, with the bridge injected into HTML, and never a cookie.

mod fixtures;

use fixtures::Fixtures;
use reqwest::{Client, Response, StatusCode};
use sqlx::PgPool;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const STORE: &str = "http://store.test:3000";

struct Sandbox {
    base: String,
    addr: std::net::SocketAddr,
    f: Fixtures,
    http: Client,
    /// mp_calc 1.0.0, released.
    sha: String,
}

async fn sandbox(pool: PgPool) -> Sandbox {
    server::demo::load(&pool).await.unwrap();
    let settings = fixtures::settings();
    let f = Fixtures::new(pool.clone(), &settings).await;
    let conf = leptos::prelude::get_configuration(Some("../Cargo.toml")).unwrap();
    let state = server::app_state(conf.leptos_options, pool, settings);
    let router = server::sandbox_router(state, &[STORE.to_string()]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let host = f.host_app("ha_alpha", "alpha-secret", false).await;
    f.mini_program("mp_calc", "Calculator", "program", None)
        .await;
    let (v, sha) = f.version("mp_calc", "1.0.0", "released").await;
    f.release("mp_calc", host, v, true).await;
    Sandbox {
        base: format!("http://{addr}"),
        addr,
        f,
        http: Client::new(),
        sha,
    }
}

impl Sandbox {
    async fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .header("cookie", "ministore_session=abc; other=1")
            .send()
            .await
            .unwrap()
    }

    /// A request sent byte for byte (HTTP clients normalize `..` away); returns the status.
    async fn raw_status(&self, path: &str) -> u16 {
        let mut s = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        s.write_all(req.as_bytes()).await.unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        out.split(' ').nth(1).unwrap().parse().unwrap()
    }
}

fn assert_security_headers(r: &Response) {
    let h = r.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    for directive in [
        "default-src 'none'",
        "connect-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
        &format!("frame-ancestors {STORE}"),
        "sandbox allow-scripts allow-forms",
    ] {
        assert!(
            csp.contains(directive),
            "{} lacks {directive}: {csp}",
            r.url()
        );
    }
    assert!(!csp.contains("allow-same-origin"), "{csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["cross-origin-resource-policy"], "cross-origin");
    assert!(h.get("set-cookie").is_none(), "{} set a cookie", r.url());
}

#[sqlx::test(migrations = "../migrations")]
async fn every_sandbox_response_carries_the_csp_and_security_headers(pool: PgPool) {
    let s = sandbox(pool).await;
    for (path, status) in [
        (format!("/run/{}/index.html", s.sha), 200),
        (format!("/run/{}/app.js", s.sha), 200),
        ("/__ministore/bridge.js".to_string(), 200),
        (format!("/run/{}/missing.js", s.sha), 404),
        ("/".to_string(), 404),
        ("/run/zzz/index.html".to_string(), 404),
    ] {
        let r = s.get(&path).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert_security_headers(&r);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn html_gets_the_bridge_and_other_files_are_served_as_they_are(pool: PgPool) {
    let s = sandbox(pool).await;
    let r = s.get(&format!("/run/{}/index.html", s.sha)).await;
    assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
    let html = r.text().await.unwrap();
    let expected = fixtures::index_html("mp_calc", "1.0.0").replacen(
        "<HEAD>",
        "<HEAD><script src=\"/__ministore/bridge.js\"></script>",
        1,
    );
    assert_eq!(html, expected);

    let r = s.get(&format!("/run/{}/app.js", s.sha)).await;
    assert_eq!(
        r.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        r.text().await.unwrap(),
        "document.body.dataset.ran = 'yes';"
    );
    let r = s.get(&format!("/run/{}/img/dot.svg", s.sha)).await;
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    let r = s.get(&format!("/run/{}/style.css", s.sha)).await;
    assert_eq!(r.headers()["content-type"], "text/css; charset=utf-8");

    let r = s.get("/__ministore/bridge.js").await;
    assert_eq!(
        r.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let on_disk =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../sandbox/bridge.js"))
            .unwrap();
    assert_eq!(r.text().await.unwrap(), on_disk);
}

#[sqlx::test(migrations = "../migrations")]
async fn traversal_and_unknown_paths_are_404(pool: PgPool) {
    let s = sandbox(pool).await;
    let sha = &s.sha;
    assert_eq!(s.raw_status(&format!("/run/{sha}/index.html")).await, 200);
    for path in [
        format!("/run/{sha}/../{sha}/index.html"),
        format!("/run/{sha}/img/../index.html"),
        format!("/run/{sha}/./index.html"),
        format!("/run/{sha}/img/%2e%2e/index.html"),
        format!("/run/{sha}/img%2F..%2Findex.html"),
        format!("/run/{sha}/img//dot.svg"),
        format!("/run/{sha}/..%5Cindex.html"),
        format!("/run/{sha}/%2Fetc%2Fpasswd"),
        format!("/run/{sha}/"),
        format!("/run/{sha}/nothing.html"),
        format!("/run/{sha}/INDEX.HTML"),
        format!("/run/{}/index.html", "0".repeat(64)),
        format!("/run/{}/index.html", sha.to_uppercase()),
    ] {
        assert_eq!(s.raw_status(&path).await, 404, "{path}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn only_runnable_packages_run(pool: PgPool) {
    let s = sandbox(pool).await;
    let (_, trial) = s.f.version("mp_calc", "1.1.0", "in_trial").await;
    let (_, in_review) = s.f.version("mp_calc", "1.2.0", "in_review").await;
    let (_, approved) = s.f.version("mp_calc", "1.2.1", "approved").await;
    let (_, validated) = s.f.version("mp_calc", "1.4.0", "validated").await;
    let (_, rejected) = s.f.version("mp_calc", "0.9.0", "rejected").await;
    let (_, withdrawn) = s.f.version("mp_calc", "0.8.0", "withdrawn").await;
    let run = |sha: &str| format!("/run/{sha}/index.html");
    // Testers run trial builds; operators run what they review.
    for sha in [&trial, &in_review, &approved] {
        assert_eq!(s.get(&run(sha)).await.status(), StatusCode::OK, "{sha}");
    }
    for sha in [&validated, &rejected, &withdrawn] {
        assert_eq!(
            s.get(&run(sha)).await.status(),
            StatusCode::NOT_FOUND,
            "{sha}"
        );
    }
    // A suspended mini-program stops running (after the short access cache).
    s.f.exec("UPDATE mini_programs SET suspended = true WHERE id = 'mp_calc'")
        .await;
    let (_, fresh) = s.f.version("mp_calc", "1.3.0", "released").await;
    assert_eq!(s.get(&run(&fresh)).await.status(), StatusCode::NOT_FOUND);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_sandbox_never_sets_a_cookie(pool: PgPool) {
    let s = sandbox(pool).await;
    let sha = s.sha.clone();
    for path in [
        format!("/run/{sha}/index.html"),
        format!("/run/{sha}/app.js"),
        format!("/run/{sha}/nope"),
        "/__ministore/bridge.js".to_string(),
        "/api/v1/miniprograms".to_string(),
        "/rpc/accounts/sign_in".to_string(),
        "/".to_string(),
    ] {
        for method in [
            reqwest::Method::GET,
            reqwest::Method::POST,
            reqwest::Method::HEAD,
        ] {
            let r = s
                .http
                .request(method.clone(), format!("{}{path}", s.base))
                .header("cookie", "ministore_session=abc")
                .form(&[
                    ("email", "consumer@ministore.test"),
                    ("password", "ministore-consumer"),
                ])
                .send()
                .await
                .unwrap();
            assert!(r.headers().get("set-cookie").is_none(), "{method} {path}");
            assert!(
                r.headers().get("content-security-policy").is_some(),
                "{method} {path}"
            );
        }
    }
}
