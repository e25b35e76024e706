//! Loading page data: resources whose fetchers keep the request's context.
//!
//! During server-side rendering a resource's fetch runs in its own task under its own reactive
//! owner, which holds its parent only weakly. When a view above it is rebuilt while the fetch
//! is still running (an outlet, a `Suspense` resolving again, a closure re-run), the old
//! ancestors are dropped and `use_context` from inside the fetch finds nothing: the server
//! function then has no `AppState`, no request `Parts` (so no session) and no
//! `ResponseOptions`. [`server_resource`] reads those while the resource is created, when the
//! chain is intact, and provides them again on the resource's own owner each time it fetches,
//! so a server function called from it always sees its own request, and never another one's.

use leptos::prelude::*;
use std::future::Future;

/// `Resource::new`, for fetchers that call server functions (all of ours): see the module docs.
#[track_caller]
pub fn server_resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    #[cfg(feature = "ssr")]
    let request = RequestContext::capture();
    Resource::new(source, move |s| {
        #[cfg(feature = "ssr")]
        request.provide();
        fetcher(s)
    })
}

/// What a server function called during a render needs from its request.
#[cfg(feature = "ssr")]
#[derive(Clone)]
struct RequestContext {
    state: Option<crate::server::AppState>,
    parts: Option<http::request::Parts>,
    response: Option<leptos_axum::ResponseOptions>,
}

#[cfg(feature = "ssr")]
impl RequestContext {
    fn capture() -> Self {
        RequestContext {
            state: use_context(),
            parts: use_context(),
            response: use_context(),
        }
    }

    /// Provides the captured values on the current owner (the resource's own, while fetching).
    fn provide(&self) {
        if let Some(v) = &self.state {
            provide_context(v.clone());
        }
        if let Some(v) = &self.parts {
            provide_context(v.clone());
        }
        if let Some(v) = &self.response {
            provide_context(v.clone());
        }
    }
}

/// A section that waits for one server resource: the spinner while it first loads (a refetch
/// keeps the current view until the new data is there), the error panel if it failed, else
/// `children` with the value. Pages write `<Loaded resource=r let:value>…</Loaded>`.
#[component]
pub fn Loaded<T, F, V>(
    resource: Resource<Result<T, crate::error::AppError>>,
    children: F,
) -> impl IntoView
where
    T: Clone + serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = std::sync::Arc::new(children);
    view! {
        <Transition fallback=|| {
            view! { <super::Loading /> }
        }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => children(value).into_any(),
                        Err(e) => view! { <super::ErrorPanel error=e /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
