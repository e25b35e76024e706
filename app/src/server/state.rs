//! Shared server state, handed to every route and server function.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;
use std::time::Duration;

/// Settings read from the environment at start-up (see the README's configuration table).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Mark session cookies `Secure` (set when the store is served over https).
    pub secure_cookies: bool,
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub session_absolute: Duration,
    /// Failed sign-ins per account within `throttle_window` before delays start.
    pub throttle_free_attempts: i64,
    /// Failed sign-ins per client address within `throttle_window` before it is slowed down.
    pub throttle_address_attempts: i64,
    pub throttle_window: Duration,
    /// The longest an account is held back after repeated failures.
    pub throttle_max_delay: Duration,
    /// The origin that serves mini-program packages (never the store's own origin).
    pub sandbox_origin: String,
    /// The store's own public origin (deep links, QR codes, the sandbox's frame-ancestors).
    pub public_origin: String,
    /// Where blobs (packages, icons) are stored.
    pub blob_dir: std::path::PathBuf,
    /// Raw analytics events are kept this many days (their day partitions are dropped after);
    /// the rollups stay.
    pub event_retention_days: u32,
    /// How often the rollup task folds new events into the charts' tables.
    pub rollup_every: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: false,
            session_idle: Duration::from_secs(2 * 60 * 60),
            session_absolute: Duration::from_secs(7 * 24 * 60 * 60),
            throttle_free_attempts: 5,
            throttle_address_attempts: 50,
            throttle_window: Duration::from_secs(15 * 60),
            throttle_max_delay: Duration::from_secs(15 * 60),
            sandbox_origin: "http://localhost:3002".into(),
            public_origin: "http://127.0.0.1:3000".into(),
            blob_dir: std::env::temp_dir().join("ministore-blobs"),
            event_retention_days: 90,
            rollup_every: Duration::from_secs(15),
        }
    }
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub settings: Settings,
    pub blobs: super::blobs::BlobStore,
    /// What resolve and host-app authentication read, kept in step with the database.
    pub live: std::sync::Arc<super::live::Live>,
    /// The catalogue's search index, kept in step with the database by its change feed.
    pub search: std::sync::Arc<super::search::Search>,
    /// The storefront home page's rows that are the same for every visitor (banner,
    /// collections, popular, new, categories).
    pub home: std::sync::Arc<super::cache::Cached<crate::discovery::HomeData>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos_options.clone()
    }
}

impl FromRef<AppState> for PgPool {
    fn from_ref(s: &AppState) -> Self {
        s.pool.clone()
    }
}
