//! The Ministore server: configuration, the router (Leptos pages and server functions, later the
//! host REST API and package serving), and background tasks.

use app::server::{csrf, AppState, Settings};
use app::{shell, App};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

/// Settings from the environment (see the README).
pub fn settings_from_env() -> Settings {
    let mut s = Settings::default();
    if let Ok(v) = std::env::var("MINISTORE_SECURE_COOKIES") {
        s.secure_cookies = matches!(v.as_str(), "1" | "true" | "yes");
    }
    if let Some(m) = env_u64("MINISTORE_SESSION_IDLE_MINUTES") {
        s.session_idle = Duration::from_secs(m * 60);
    }
    if let Some(h) = env_u64("MINISTORE_SESSION_ABSOLUTE_HOURS") {
        s.session_absolute = Duration::from_secs(h * 3600);
    }
    s
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
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

/// The whole HTTP application over `pool`.
pub fn router(leptos_options: LeptosOptions, pool: PgPool, settings: Settings) -> Router {
    let state = AppState {
        leptos_options: leptos_options.clone(),
        pool: pool.clone(),
        settings: settings.clone(),
    };
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
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(ctx_state.clone()),
            {
                let o = leptos_options.clone();
                move || shell(o.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(csrf::reject_cross_site))
        .layer(sessions)
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Periodic clean-up: expired sessions and old sign-in failures.
pub fn spawn_background(pool: PgPool, settings: Settings) {
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
