//! Everything that runs only on the server: state, database access, authentication, throttling,
//! cross-site request checks and demo data. Compiled only with the `ssr` feature.

pub mod access;
pub mod analytics_csv;
pub mod audit_csv;
pub mod auth;
pub mod blobs;
pub mod cache;
pub mod db;
pub mod live;
pub mod markdown;
pub mod media;
pub mod passwords;
pub mod plans;
pub mod respond;
pub mod search;
pub mod state;
pub mod throttle;
pub mod track;
pub mod upload;

pub use auth::{current_user, require, require_signed_in};
pub use respond::respond;
pub use state::{AppState, Settings};

/// The `AppState` of the current request (provided as context by the router, and again on
/// each resource's owner by `ui::server_resource`, so a server function called while a page
/// renders sees its own request's state). No process-wide fallback: a missing state is an error
/// here, never another router's database.
pub fn state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| crate::error::AppError::internal("state missing"))
}

/// After a committed change that resolve reads: reload this instance's in-memory snapshot now
/// (other instances hear of it through PostgreSQL's notification within the second).
pub async fn resolve_changed(st: &AppState) {
    if let Err(e) = st.live.reload(&st.pool).await {
        tracing::warn!(error = %e, "reloading the resolve snapshot");
    }
}
