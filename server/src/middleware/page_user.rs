//! Who is signed in, known before a page renders (see `app::server::auth::PageUser`).

use app::server::auth::{user_of, PageUser};
use app::server::AppState;
use axum::http;
use tower_sessions::Session;

/// Middleware on the page routes and the not-found fallback: puts the request's [`PageUser`]
/// in its extensions. Server functions (they look their caller up themselves) and files are
/// let through without touching the session. When the lookup fails (database or session store
/// down) the answer is a 503 rather than a page that wrongly says "signed out".
pub async fn attach_page_user(
    axum::extract::State(st): axum::extract::State<AppState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = req.uri().path();
    let is_file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if path.starts_with("/rpc/") || path.starts_with("/pkg/") || is_file {
        return next.run(req).await;
    }
    let user = match req.extensions().get::<Session>().cloned() {
        Some(session) => match user_of(&session, &st).await {
            Ok(user) => user,
            Err(e) => {
                tracing::error!(error = %e, "looking up the page's user");
                return unavailable();
            }
        },
        None => None,
    };
    req.extensions_mut().insert(PageUser(
        user.as_ref().map(app::accounts::CurrentUser::from),
    ));
    next.run(req).await
}

fn unavailable() -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        http::StatusCode::SERVICE_UNAVAILABLE,
        [(http::header::RETRY_AFTER, "5")],
        axum::response::Html(
            "<!DOCTYPE html><title>Ministore</title><h1>Ministore is unavailable</h1>\
             <p>The store cannot reach its database right now. Try again in a moment.</p>",
        ),
    )
        .into_response()
}
