//! `/packages/<sha256>.zip` and `/blobs/<sha256>`: immutable, content-addressed files, streamed
//! from the blob store with `ETag`, `If-None-Match`, single-range `Range` and long-lived caching.

use super::ApiError;
use app::server::blobs::is_sha256;
use app::server::db::catalog;
use app::server::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

/// How long a "this file may be served" answer is trusted before asking the database again.
/// Short, so that withdrawing a version stops its downloads within seconds.
pub const ALLOWED_TTL: Duration = Duration::from_secs(3);

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

#[derive(Clone)]
pub(super) struct Files {
    app: AppState,
    allowed: Arc<RecentlyAllowed>,
    small: Arc<SmallFiles>,
}

/// Files up to this size are read whole (and kept in [`SmallFiles`]); larger ones are streamed.
pub const SMALL_FILE: u64 = 1024 * 1024;
/// How many bytes of small files are kept in memory at most.
pub const SMALL_FILES_BUDGET: usize = 64 * 1024 * 1024;

/// Small immutable files kept in memory, by hash (content-addressed, so never stale); the
/// oldest entries leave first once the budget is spent.
#[derive(Debug, Default)]
pub struct SmallFiles {
    inner: Mutex<(
        HashMap<String, axum::body::Bytes>,
        std::collections::VecDeque<String>,
        usize,
    )>,
}

impl SmallFiles {
    pub fn get(&self, sha: &str) -> Option<axum::body::Bytes> {
        self.inner.lock().expect("not poisoned").0.get(sha).cloned()
    }

    pub fn insert(&self, sha: &str, bytes: axum::body::Bytes) {
        let mut guard = self.inner.lock().expect("not poisoned");
        let (map, order, used) = &mut *guard;
        if map.contains_key(sha) || bytes.len() > SMALL_FILES_BUDGET {
            return;
        }
        while *used + bytes.len() > SMALL_FILES_BUDGET {
            let Some(old) = order.pop_front() else { break };
            if let Some(b) = map.remove(&old) {
                *used -= b.len();
            }
        }
        *used += bytes.len();
        order.push_back(sha.to_string());
        map.insert(sha.to_string(), bytes);
    }
}

pub(super) fn routes<S: Clone + Send + Sync + 'static>(app: AppState) -> Router<S> {
    Router::new()
        .route("/packages/{file}", get(package))
        .route("/blobs/{sha}", get(blob))
        .with_state(Files {
            app,
            allowed: Arc::new(RecentlyAllowed::new(ALLOWED_TTL)),
            small: Arc::new(SmallFiles::default()),
        })
}

/// Positive answers of an access check, remembered for a short time (bounded in size).
#[derive(Debug)]
pub struct RecentlyAllowed {
    ttl: Duration,
    seen: Mutex<HashMap<String, Instant>>,
}

impl RecentlyAllowed {
    const MAX: usize = 4096;

    pub fn new(ttl: Duration) -> Self {
        RecentlyAllowed {
            ttl,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `key` was allowed less than the TTL ago.
    pub fn contains(&self, key: &str) -> bool {
        let seen = self.seen.lock().expect("not poisoned");
        seen.get(key).is_some_and(|at| at.elapsed() < self.ttl)
    }

    /// Remembers that `key` is allowed now.
    pub fn insert(&self, key: &str) {
        let mut seen = self.seen.lock().expect("not poisoned");
        if seen.len() >= Self::MAX {
            let ttl = self.ttl;
            seen.retain(|_, at| at.elapsed() < ttl);
            if seen.len() >= Self::MAX {
                seen.clear();
            }
        }
        seen.insert(key.to_string(), Instant::now());
    }
}

/// A package's bytes: content-addressed and immutable (`ETag`, `Range`, `If-None-Match`).
#[utoipa::path(
    get,
    path = "/packages/{file}",
    tag = "packages",
    params(("file" = String, Path, description = "`<sha256>.zip`, as in `package_url`")),
    responses(
        (status = 200, description = "The zip", content_type = "application/zip", body = Vec<u8>),
        (status = 206, description = "The requested range", content_type = "application/zip", body = Vec<u8>),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, description = "No such package, or not released", body = super::ErrorBody),
        (status = 416, description = "Range not satisfiable", body = super::ErrorBody),
    )
)]
pub(super) async fn package(
    State(files): State<Files>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::not_found("The package");
    let sha = file
        .strip_suffix(".zip")
        .filter(|s| is_sha256(s))
        .ok_or_else(not_found)?;
    let key = format!("p:{sha}");
    if !files.allowed.contains(&key) {
        if !catalog::package_downloadable(&files.app.pool, sha).await? {
            return Err(not_found());
        }
        files.allowed.insert(&key);
    }
    let path = files.app.blobs.path(sha);
    serve_immutable(&path, sha, "application/zip", &headers, Some(&files.small)).await
}

async fn blob(
    State(files): State<Files>,
    Path(sha): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if !is_sha256(&sha) {
        return Err(ApiError::not_found("The file"));
    }
    let content_type = catalog::public_blob_type(&files.app.pool, &sha)
        .await?
        .ok_or_else(|| ApiError::not_found("The file"))?;
    let mut res = serve_immutable(
        &files.app.blobs.path(&sha),
        &sha,
        &content_type,
        &headers,
        Some(&files.small),
    )
    .await?;
    // Uploaded images are served on the store's origin: never let one run as a document.
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}

/// Serves the blob file at `path`, named by its `sha`, as an immutable resource: `304` when
/// `If-None-Match` has its ETag, `206` for one satisfiable byte range, `416` for an
/// unsatisfiable one, otherwise `200` with the whole file. Small files are answered from memory
/// (`small`, filled on first read), larger ones streamed from disk.
pub async fn serve_immutable(
    path: &std::path::Path,
    sha: &str,
    content_type: &str,
    req: &HeaderMap,
    small: Option<&SmallFiles>,
) -> Result<Response, ApiError> {
    let etag = format!("\"{sha}\"");
    let common = |b: axum::http::response::Builder| {
        b.header(header::ETAG, &etag)
            .header(header::CACHE_CONTROL, IMMUTABLE)
            .header(header::ACCEPT_RANGES, "bytes")
    };
    if if_none_match(req, &etag) {
        return Ok(common(Response::builder().status(StatusCode::NOT_MODIFIED))
            .body(Body::empty())
            .expect("valid response"));
    }
    let cached = small.and_then(|c| c.get(sha));
    let mut file = match cached {
        Some(_) => None,
        None => Some(match tokio::fs::File::open(path).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(sha, "a servable blob is missing from the blob store");
                return Err(ApiError::not_found("The file"));
            }
            Err(e) => return Err(e.into()),
        }),
    };
    let len = match (&cached, &file) {
        (Some(b), _) => b.len() as u64,
        (None, Some(f)) => f.metadata().await?.len(),
        (None, None) => unreachable!("either cached or opened"),
    };
    let range = req
        .get(header::RANGE)
        .filter(|_| if_range_holds(req, &etag))
        .and_then(|v| v.to_str().ok())
        .map_or(Ok(None), |v| parse_range(v, len));
    let (status, start, end) = match range {
        Err(Unsatisfiable) => {
            let mut res = ApiError {
                status: StatusCode::RANGE_NOT_SATISFIABLE,
                code: "range_not_satisfiable",
                message: format!("range: the file has {len} bytes"),
            }
            .into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes */{len}")).expect("ascii"),
            );
            h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            return Ok(res);
        }
        Ok(Some((a, b))) => (StatusCode::PARTIAL_CONTENT, a, b),
        Ok(None) => (StatusCode::OK, 0, len.saturating_sub(1)),
    };
    let count = if len == 0 { 0 } else { end - start + 1 };
    let whole = match (cached, file.as_mut(), small) {
        (Some(b), _, _) => Some(b),
        (None, Some(f), Some(cache)) if len <= SMALL_FILE => {
            let mut buf = Vec::with_capacity(len as usize);
            f.read_to_end(&mut buf).await?;
            let bytes = axum::body::Bytes::from(buf);
            cache.insert(sha, bytes.clone());
            Some(bytes)
        }
        _ => None,
    };
    let body = match (whole, file) {
        (Some(b), _) if len == 0 => Body::from(b),
        (Some(b), _) => Body::from(b.slice(start as usize..=end as usize)),
        (None, Some(mut f)) => {
            if start > 0 {
                f.seek(std::io::SeekFrom::Start(start)).await?;
            }
            Body::from_stream(tokio_util::io::ReaderStream::with_capacity(
                f.take(count),
                64 * 1024,
            ))
        }
        (None, None) => unreachable!("either cached or opened"),
    };
    let mut builder = common(Response::builder().status(status))
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, count);
    if status == StatusCode::PARTIAL_CONTENT {
        builder = builder.header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}"));
    }
    Ok(builder.body(body).expect("valid response"))
}

/// Whether `If-None-Match` lists `etag` (weak or strong) or is `*`.
fn if_none_match(req: &HeaderMap, etag: &str) -> bool {
    req.get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

/// A `Range` applies unless `If-Range` names something other than our (strong) ETag.
fn if_range_holds(req: &HeaderMap, etag: &str) -> bool {
    req.get(header::IF_RANGE)
        .is_none_or(|v| v.to_str().is_ok_and(|v| v.trim() == etag))
}

/// The range asks only for bytes past the end of the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Unsatisfiable;

/// One `bytes=` range of a `len`-byte file as inclusive `(first, last)`; `Ok(None)` when the
/// header is to be ignored (another unit, several ranges, bad syntax), as RFC 9110 allows.
pub fn parse_range(value: &str, len: u64) -> Result<Option<(u64, u64)>, Unsatisfiable> {
    let Some((unit, spec)) = value.trim().split_once('=') else {
        return Ok(None);
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return Ok(None);
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return Ok(None);
    };
    let num = |s: &str| -> Option<u64> {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (a.trim().is_empty(), num(a), num(b)) {
        // `-n`: the last n bytes.
        (true, _, Some(n)) => {
            if n == 0 || len == 0 {
                Err(Unsatisfiable)
            } else {
                Ok(Some((len.saturating_sub(n), len - 1)))
            }
        }
        // `a-` or `a-b`.
        (false, Some(first), last) if b.trim().is_empty() || last.is_some() => {
            if last.is_some_and(|l| l < first) {
                return Ok(None);
            }
            if first >= len {
                return Err(Unsatisfiable);
            }
            Ok(Some((first, last.map_or(len - 1, |l| l.min(len - 1)))))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_byte_ranges_are_parsed_as_rfc_9110_says() {
        assert_eq!(parse_range("bytes=0-9", 100), Ok(Some((0, 9))));
        assert_eq!(parse_range("bytes=90-", 100), Ok(Some((90, 99))));
        assert_eq!(parse_range("bytes=90-500", 100), Ok(Some((90, 99))));
        assert_eq!(parse_range("bytes=-10", 100), Ok(Some((90, 99))));
        assert_eq!(parse_range("bytes=-500", 100), Ok(Some((0, 99))));
        assert_eq!(parse_range("bytes=100-", 100), Err(Unsatisfiable));
        assert_eq!(parse_range("bytes=-0", 100), Err(Unsatisfiable));
        assert_eq!(parse_range("bytes=0-", 0), Err(Unsatisfiable));
        for ignored in [
            "bytes=5-1",
            "bytes=0-1,3-4",
            "items=0-1",
            "bytes=a-b",
            "bytes=-",
            "0-1",
            "bytes=+1-2",
        ] {
            assert_eq!(parse_range(ignored, 100), Ok(None), "{ignored}");
        }
    }

    #[test]
    fn if_none_match_accepts_lists_weak_tags_and_star() {
        let etag = "\"abc\"";
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::IF_NONE_MATCH, v.parse().unwrap());
            m
        };
        assert!(if_none_match(&h("\"abc\""), etag));
        assert!(if_none_match(&h("\"x\", W/\"abc\""), etag));
        assert!(if_none_match(&h("*"), etag));
        assert!(!if_none_match(&h("\"abd\""), etag));
        assert!(!if_none_match(&HeaderMap::new(), etag));
    }

    #[test]
    fn recently_allowed_keys_expire() {
        let r = RecentlyAllowed::new(Duration::from_millis(0));
        r.insert("k");
        assert!(!r.contains("k"));
        let r = RecentlyAllowed::new(Duration::from_secs(60));
        r.insert("k");
        assert!(r.contains("k") && !r.contains("other"));
    }
}
