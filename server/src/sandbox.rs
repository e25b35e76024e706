//! The sandbox origin: serves the files of mini-program packages on a separate listener, under a
//! strict CSP, so that a mini-program never runs on the store's origin (DESIGN.md, "Launching a
//! mini-program"; the bridge protocol is in `sandbox/BRIDGE.md`).
//!
//! * `GET /run/<sha256>/<path>`: one file of a package that may run (see
//!   `app::server::db::catalog::package_runnable`); HTML files get the bridge script injected
//!   right after `<head>`.
//! * `GET /__ministore/bridge.js`: the mini-program side of the bridge.
//!
//! Every response carries the headers of [`security_headers`]; this router has no session layer
//! and never sets a cookie.

mod content;

pub use content::{content_type, inject_bridge, safe_path, PackageCache, BRIDGE_TAG};

use crate::host_api::files::{RecentlyAllowed, ALLOWED_TTL};
use app::server::blobs::is_sha256;
use app::server::db::catalog;
use app::server::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// The bridge script, built into the binary.
pub const BRIDGE_JS: &str = include_str!("../../sandbox/bridge.js");

#[derive(Clone)]
struct Sandbox {
    app: AppState,
    packages: Arc<PackageCache>,
    allowed: Arc<RecentlyAllowed>,
}

/// The sandbox origin's router. `store_origins` are the origins allowed to frame it (the store's
/// public origin(s), e.g. `http://127.0.0.1:3000`).
pub fn router(app: AppState, store_origins: &[String]) -> Router {
    let headers = Arc::new(security_headers(
        &app.settings.sandbox_origin,
        store_origins,
    ));
    let sandbox = Sandbox {
        app,
        packages: Arc::new(PackageCache::new(32, 128 * 1024 * 1024)),
        allowed: Arc::new(RecentlyAllowed::new(ALLOWED_TTL)),
    };
    Router::new()
        .route("/run/{sha}/{*path}", get(run))
        .route("/__ministore/bridge.js", get(bridge))
        .fallback(|| async { not_found() })
        .with_state(sandbox)
        .layer(axum::middleware::map_response(move |res: Response| {
            let headers = headers.clone();
            async move { with_security_headers(res, &headers) }
        }))
}

/// The `Content-Security-Policy` of every sandbox response. `'self'` is given together with the
/// explicit sandbox origin: under the `sandbox` directive the document's origin is opaque, and
/// not every browser matches `'self'` against the URL's origin then.
pub fn content_security_policy(sandbox_origin: &str, store_origins: &[String]) -> String {
    let own = match source_expression(sandbox_origin) {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_string(),
    };
    let ancestors: Vec<&str> = store_origins
        .iter()
        .filter_map(|o| source_expression(o))
        .collect();
    let ancestors = if ancestors.is_empty() {
        "'none'".to_string()
    } else {
        ancestors.join(" ")
    };
    format!(
        "default-src 'none'; script-src {own} 'unsafe-inline'; style-src {own} 'unsafe-inline'; \
         img-src {own} data: blob:; font-src {own}; media-src {own} blob:; connect-src 'none'; \
         form-action 'none'; base-uri 'none'; frame-ancestors {ancestors}; \
         sandbox allow-scripts allow-forms"
    )
}

/// `origin` if it can be written into a CSP as a host source (`scheme://host[:port]`).
fn source_expression(origin: &str) -> Option<&str> {
    let origin = origin.trim().trim_end_matches('/');
    let (scheme, rest) = origin.split_once("://")?;
    let ok = !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]*".contains(&b));
    ok.then_some(origin)
}

/// The headers set on every sandbox response.
pub fn security_headers(sandbox_origin: &str, store_origins: &[String]) -> HeaderMap {
    let csp = content_security_policy(sandbox_origin, store_origins);
    let mut h = HeaderMap::new();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp).expect("only checked origins are written"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
    h
}

fn with_security_headers(mut res: Response, headers: &HeaderMap) -> Response {
    let h = res.headers_mut();
    for (name, value) in headers {
        h.insert(name, value.clone());
    }
    // Nothing here sets cookies; make sure nothing ever will.
    h.remove(header::SET_COOKIE);
    res
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Not found",
    )
        .into_response()
}

fn internal() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Something went wrong on our side",
    )
        .into_response()
}

async fn bridge() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        BRIDGE_JS,
    )
        .into_response()
}

async fn run(
    State(s): State<Sandbox>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Response {
    let Ok(Path((sha, path))) = path else {
        return not_found();
    };
    if !is_sha256(&sha) || !safe_path(&path) {
        return not_found();
    }
    match file(&s, &sha, &path).await {
        Ok(Some((bytes, content_type))) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, sha, "sandbox: reading a package");
            internal()
        }
    }
}

/// The bytes (bridge injected into HTML) and content type of `path` in package `sha`, if it
/// may run and has that file.
async fn file(
    s: &Sandbox,
    sha: &str,
    path: &str,
) -> anyhow::Result<Option<(Vec<u8>, &'static str)>> {
    if !s.allowed.contains(sha) {
        if !catalog::package_runnable(&s.app.pool, sha).await? {
            return Ok(None);
        }
        s.allowed.insert(sha);
    }
    let zip = match s.packages.get(sha) {
        Some(zip) => zip,
        None => match s.app.blobs.get(sha).await? {
            Some(bytes) => s.packages.insert(sha, bytes),
            None => {
                tracing::warn!(sha, "a runnable package is missing from the blob store");
                return Ok(None);
            }
        },
    };
    let wanted = path.to_string();
    let bytes =
        tokio::task::spawn_blocking(move || ministore_package::file_bytes(&zip, &wanted)).await?;
    let content_type = content_type(path);
    Ok(bytes.map(|b| {
        let b = if content_type.starts_with("text/html") {
            inject_bridge(&b)
        } else {
            b
        };
        (b, content_type)
    }))
}
