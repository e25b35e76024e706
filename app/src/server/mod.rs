//! Everything that runs only on the server: state, database access, authentication, throttling,
//! cross-site request checks and demo data. Compiled only with the `ssr` feature.

pub mod access;
pub mod audit_csv;
pub mod auth;
pub mod blobs;
pub mod csrf;
pub mod db;
pub mod live;
pub mod markdown;
pub mod media;
pub mod passwords;
pub mod plans;
pub mod respond;
pub mod rpc_status;
pub mod seed;
pub mod state;
pub mod throttle;
pub mod upload;

pub use auth::{current_user, require, require_signed_in};
pub use respond::respond;
pub use state::{AppState, Settings};

/// The store's state, for the rare server-side render that runs outside the request's reactive
/// owner (see [`state`]). Set once, by the first store router built in this process.
static PROCESS_STATE: std::sync::OnceLock<AppState> = std::sync::OnceLock::new();

/// Registers the store's state as the process-wide fallback of [`state`].
pub fn set_process_state(st: &AppState) {
    let _ = PROCESS_STATE.set(st.clone());
}

/// The `AppState` of the current request (provided as context by the router).
///
/// A resource refetched while its page is being rendered on the server may run its server
/// function in a task that has lost the request's context (seen with Leptos 0.8: the page then
/// hydrated against an error and stopped answering clicks); it then uses the process's store
/// state.
pub fn state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>()
        .or_else(|| PROCESS_STATE.get().cloned())
        .ok_or_else(|| crate::error::AppError::internal("state missing"))
}

/// After a committed change that resolve reads: reload this instance's in-memory snapshot now
/// (other instances hear of it through PostgreSQL's notification within the second).
pub async fn resolve_changed(st: &AppState) {
    if let Err(e) = st.live.reload(&st.pool).await {
        tracing::warn!(error = %e, "reloading the resolve snapshot");
    }
}
