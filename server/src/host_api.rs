//! The host-app REST API v1 (`/api/v1`, see `shared/HOST-API.md`) and the public, content-addressed
//! downloads that go with it (`/packages/<sha256>.zip`, `/blobs/<sha256>`).

mod auth;
mod catalog;
mod error;
pub mod events;
pub mod files;
pub mod openapi;
pub mod resolve;
mod search;
mod users;

pub use auth::HostApp;
pub use error::{ApiError, ErrorBody};

use app::server::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::routing::get;
use axum::Router;

/// The documented `/api/v1` routes and their OpenAPI document, built from the same list.
fn documented() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    use utoipa::OpenApi;
    use utoipa_axum::router::OpenApiRouter;
    use utoipa_axum::routes;
    let get_only = |(schemas, paths, method): utoipa_axum::router::UtoipaMethodRouter<AppState>| {
        (
            schemas,
            paths,
            method.fallback(|| method_not_allowed("GET")),
        )
    };
    let (router, doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(get_only(routes!(catalog::list)))
        .routes(get_only(routes!(search::suggest)))
        .routes(get_only(routes!(users::recent)))
        .routes(get_only(routes!(users::list_favourites)))
        .routes({
            let (s, p, m) = routes!(users::put_favourite, users::delete_favourite);
            (s, p, m.fallback(|| method_not_allowed("PUT and DELETE")))
        })
        .routes(get_only(routes!(catalog::details)))
        .routes(get_only(routes!(resolve::handler)))
        .routes({
            let (s, p, m) = routes!(events::handler);
            (s, p, m.fallback(|| method_not_allowed("POST")))
        })
        .split_for_parts();
    (router, doc)
}

/// The OpenAPI 3.1 document of the host API.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    documented().1
}

/// The JSON API under `/api/v1`. Merge it into the store's router before the Leptos fallback;
/// it goes through the store's layers (compression; the CSRF check exempts `/api/v1/`).
pub fn routes() -> Router<AppState> {
    let (documented, doc) = documented();
    let doc = std::sync::Arc::new(doc.to_json().expect("the OpenAPI document serializes"));
    documented
        .layer(axum::extract::DefaultBodyLimit::max(events::MAX_BODY))
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        doc.as_str().to_owned(),
                    )
                }
            }),
        )
        .route("/api/v1", axum::routing::any(unknown_route))
        .route("/api/v1/", axum::routing::any(unknown_route))
        .route("/api/v1/{*rest}", axum::routing::any(unknown_route))
}

/// `/packages/<sha256>.zip` and `/blobs/<sha256>`: immutable files served with caching and
/// `Range` support. Merge it *after* the store's layers: compressing a zip gains nothing and
/// would drop `Accept-Ranges`, and these responses never need a session.
pub fn file_routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    files::routes(state)
}

async fn method_not_allowed(allowed: &'static str) -> ApiError {
    ApiError {
        status: axum::http::StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: format!("This endpoint only answers {allowed}."),
    }
}

async fn unknown_route(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("The endpoint {}", uri.path()))
}

/// The query string as name/value pairs (first occurrence wins), read without ever failing
/// with a non-JSON reply.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// From the `Query` extractor's outcome; an unreadable query string is a 400.
    pub fn from_query(
        q: Result<Query<Vec<(String, String)>>, QueryRejection>,
    ) -> Result<Self, ApiError> {
        q.map(|Query(pairs)| Params(pairs))
            .map_err(|e| ApiError::invalid("query", e.body_text()))
    }

    /// The first value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, if present and not blank (trimmed).
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).map(str::trim).filter(|v| !v.is_empty())
    }

    /// Every pair, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
