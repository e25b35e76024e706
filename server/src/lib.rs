//! The Ministore server: configuration, the router (Leptos pages and server functions, later the
//! host REST API and package serving), and background tasks.

pub mod demo;
pub mod host_api;
pub mod middleware;
pub mod sandbox;

use app::server::blobs::BlobStore;
use app::server::{AppState, Settings};
use app::{shell, App};
use axum::http::HeaderName;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use middleware::csrf;
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

/// Settings from the environment (see the README).
pub fn settings_from_env() -> Settings {
    settings_from(|name| std::env::var(name).ok())
}

/// Settings from `var` (the environment, or a test's table).
pub fn settings_from(var: impl Fn(&str) -> Option<String>) -> Settings {
    let num = |name: &str| var(name).and_then(|v| v.parse::<u64>().ok());
    let mut s = Settings::default();
    if let Some(v) = var("MINISTORE_SECURE_COOKIES") {
        s.secure_cookies = matches!(v.as_str(), "1" | "true" | "yes");
    }
    if let Some(m) = num("MINISTORE_SESSION_IDLE_MINUTES") {
        s.session_idle = Duration::from_secs(m * 60);
    }
    if let Some(h) = num("MINISTORE_SESSION_ABSOLUTE_HOURS") {
        s.session_absolute = Duration::from_secs(h * 3600);
    }
    if let Some(v) = var("MINISTORE_SANDBOX_ORIGIN") {
        s.sandbox_origin = v.trim_end_matches('/').to_string();
    }
    // A list: each may frame the sandbox; deep links and QR codes use the first.
    if let Some(first) =
        var("MINISTORE_PUBLIC_ORIGIN").and_then(|v| parse_origins(&v).into_iter().next())
    {
        s.public_origin = first;
    }
    if let Some(v) = var("MINISTORE_BLOB_DIR") {
        s.blob_dir = v.into();
    }
    if let Some(d) = num("MINISTORE_EVENT_RETENTION_DAYS").filter(|d| (1..=3650).contains(d)) {
        s.event_retention_days = d as u32;
    }
    if let Some(secs) = num("MINISTORE_ROLLUP_SECONDS").filter(|s| *s > 0) {
        s.rollup_every = Duration::from_secs(secs);
    }
    s
}

/// Connects to PostgreSQL and applies the migrations (the app's and the session store's).
pub async fn connect(database_url: &str) -> anyhow::Result<PgPool> {
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .acquire_timeout(Duration::from_secs(10))
        .connect(database_url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect to the database at DATABASE_URL: {e}"))?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    PostgresStore::new(pool.clone()).migrate().await?;
    Ok(pool)
}

/// The state shared by the store's router and the sandbox's (the same as [`router`] builds).
pub fn app_state(leptos_options: LeptosOptions, pool: PgPool, settings: Settings) -> AppState {
    let blobs = BlobStore::new(&settings.blob_dir).expect("the blob directory can be created");
    AppState {
        leptos_options,
        pool,
        settings,
        blobs,
        live: Default::default(),
        search: Default::default(),
        // Ten seconds: the home page's shared rows cost a dozen index queries and an events
        // aggregate; popularity and curation by other instances may lag that much.
        home: std::sync::Arc::new(app::server::cache::Cached::new(
            std::time::Duration::from_secs(10),
        )),
    }
}

/// The whole HTTP application over `pool`. Starts (on the current tokio runtime) the task that
/// keeps the in-memory resolve snapshot in step with the database.
pub fn router(leptos_options: LeptosOptions, pool: PgPool, settings: Settings) -> Router {
    router_with_state(app_state(leptos_options, pool, settings))
}

/// [`router`] over a state built by [`app_state`] (tests keep the state to reach its parts).
pub fn router_with_state(state: AppState) -> Router {
    let (leptos_options, pool, settings) = (
        state.leptos_options.clone(),
        state.pool.clone(),
        state.settings.clone(),
    );
    app::server::live::spawn(state.live.clone(), pool.clone(), RESYNC);
    app::server::search::spawn(state.search.clone(), pool.clone());
    let routes = generate_route_list(App);

    let store = PostgresStore::new(pool);
    let sessions = SessionManagerLayer::new(store)
        .with_name("ministore_session")
        .with_secure(settings.secure_cookies)
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::seconds(settings.session_idle.as_secs() as i64),
        ));

    let ctx_state = state.clone();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/launcher.js", get(launcher_js))
        .route("/admin/audit.csv", get(app::server::audit_csv::export))
        .route(
            "/admin/analytics/export.csv",
            get(app::server::analytics_csv::export),
        )
        .route(
            "/api/storefront/events",
            axum::routing::post(app::server::track::beacon),
        )
        .route(
            "/portal/media/{mp_id}/{kind}",
            axum::routing::put(app::server::media::upload),
        )
        .route(
            "/admin/media/collections/{id}/banner",
            axum::routing::put(app::server::media::upload_banner),
        )
        .merge(host_api::routes())
        .route(
            "/portal/upload/{mp_id}",
            axum::routing::put(app::server::upload::upload),
        )
        .merge(
            Router::new()
                .leptos_routes_with_context(
                    &state,
                    routes,
                    move || provide_context(ctx_state.clone()),
                    {
                        let o = leptos_options.clone();
                        move || shell(o.clone())
                    },
                )
                .route_layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    middleware::page_user::attach_page_user,
                )),
        )
        .fallback(axum::handler::Handler::layer(
            leptos_axum::file_and_error_handler::<AppState, _>(shell),
            axum::middleware::from_fn_with_state(
                state.clone(),
                middleware::page_user::attach_page_user,
            ),
        ))
        .layer(axum::middleware::from_fn(
            middleware::rpc_status::fix_status,
        ))
        .layer(axum::middleware::from_fn(csrf::reject_cross_site))
        .layer(sessions)
        .layer(CompressionLayer::new())
        // After the layers: immutable files need neither compression nor sessions.
        .merge(host_api::file_routes(state.clone()))
        .layer(
            tower::ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(
                    HeaderName::from_static(REQUEST_ID),
                    MakeRequestUuid,
                ))
                .layer(TraceLayer::new_for_http().make_span_with(request_span))
                .layer(PropagateRequestIdLayer::new(HeaderName::from_static(
                    REQUEST_ID,
                ))),
        )
        .with_state(state)
}

/// The header that carries a request's id (the caller's, or a new UUID; sent back too).
const REQUEST_ID: &str = "x-request-id";

/// A span per request carrying its request id, so a log line can be matched with the request
/// that caused it.
fn request_span(req: &axum::extract::Request) -> tracing::Span {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
}

/// The sandbox origin's router (served on its own listener, see `sandbox`): mini-program files
/// that may be framed only by `store_origins`.
pub fn sandbox_router(state: AppState, store_origins: &[String]) -> Router {
    sandbox::router(state, store_origins)
}

/// The store's public origin(s), which may frame the sandbox: `MINISTORE_PUBLIC_ORIGIN`
/// (space- or comma-separated), default `http://127.0.0.1:3000 http://localhost:3000`.
/// The first one is the canonical origin of deep links and QR codes.
pub fn store_origins_from_env() -> Vec<String> {
    let v = std::env::var("MINISTORE_PUBLIC_ORIGIN")
        .unwrap_or_else(|_| "http://127.0.0.1:3000 http://localhost:3000".into());
    parse_origins(&v)
}

/// Origins from a space- or comma-separated list, without trailing slashes.
pub fn parse_origins(list: &str) -> Vec<String> {
    list.split([' ', ','])
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty())
        .map(str::to_string)
        .collect()
}

/// How often each instance rereads the resolve snapshot even without a notification.
pub const RESYNC: Duration = Duration::from_secs(10);

/// Periodic work: scheduled ramp steps and error-rate gates of release plans (every 5 s), the
/// analytics rollups (every `rollup_every`) with the event partitions (hourly), and the
/// clean-up of expired sessions and old sign-in failures (every 5 min).
pub fn spawn_background(pool: PgPool, settings: Settings) {
    let analytics_pool = pool.clone();
    let (retention, every) = (settings.event_retention_days, settings.rollup_every);
    tokio::spawn(async move {
        use app::server::db::analytics;
        let mut tick = tokio::time::interval(every);
        let mut maintained: Option<std::time::Instant> = None;
        loop {
            tick.tick().await;
            if maintained.is_none_or(|t| t.elapsed() > Duration::from_secs(3600)) {
                match analytics::maintain(&analytics_pool, retention, 7).await {
                    Ok((made, dropped)) => {
                        maintained = Some(std::time::Instant::now());
                        if made > 0 || dropped > 0 {
                            tracing::info!(made, dropped, "event day partitions");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "event day partitions"),
                }
            }
            let started = std::time::Instant::now();
            match analytics::roll_up(&analytics_pool).await {
                Ok(0) => {}
                Ok(days) => tracing::info!(
                    days,
                    ms = started.elapsed().as_millis() as u64,
                    "analytics rolled up"
                ),
                Err(e) => tracing::warn!(error = %e, "analytics rollup"),
            }
        }
    });
    let plans_pool = pool.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            if let Err(e) = app::server::plans::tick(&plans_pool).await {
                tracing::warn!(error = %e, "release plan steps and gates");
            }
        }
    });
    tokio::spawn(async move {
        let store = PostgresStore::new(pool.clone());
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            use tower_sessions::ExpiredDeletion;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions");
            }
            if let Err(e) = app::server::throttle::prune(&pool, &settings).await {
                tracing::warn!(error = %e, "pruning sign-in failures");
            }
        }
    });
}

/// The store-side half of the mini-program bridge (sandbox/launcher.js), loaded by the launch page.
async fn launcher_js() -> impl axum::response::IntoResponse {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/javascript; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "public, max-age=300"),
        ],
        include_str!("../../sandbox/launcher.js"),
    )
}

/// Ready to serve: the database answers and the search index is built and caught up (within a
/// few seconds). `503` with the part that is not, otherwise `200`; JSON either way.
async fn readyz(
    axum::extract::State(st): axum::extract::State<AppState>,
) -> (axum::http::StatusCode, axum::Json<serde_json::Value>) {
    use axum::http::StatusCode;
    let db = app::server::db::ping(&st.pool).await;
    let search = st.search.status(&st.pool).await;
    let (ok, body) = match (db, search) {
        (Ok(_), Ok(s)) => {
            let caught_up = s.ready && s.lag_seconds < 5.0;
            (
                caught_up,
                serde_json::json!({"database": "ok", "search": s, "ready": caught_up}),
            )
        }
        (Err(e), _) | (_, Err(e)) => (
            false,
            serde_json::json!({"database": format!("unreachable: {e}"), "ready": false}),
        ),
    };
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_links_use_the_first_of_several_public_origins() {
        let s = settings_from(|name| {
            (name == "MINISTORE_PUBLIC_ORIGIN")
                .then(|| "https://store.example/ , http://localhost:3000".to_string())
        });
        assert_eq!(s.public_origin, "https://store.example");
    }

    #[test]
    fn public_origins_split_on_spaces_and_commas_without_trailing_slashes() {
        assert_eq!(
            parse_origins(" http://a:1/,http://b:2  http://c "),
            ["http://a:1", "http://b:2", "http://c"]
        );
        assert!(parse_origins(" , ").is_empty());
    }
}
