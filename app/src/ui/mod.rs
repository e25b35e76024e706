//! Design-system components shared by the three front ends. No server calls here.

mod data;
pub use data::{server_resource, Loaded};

use crate::accounts::session::use_auth;
use crate::domain::{urlencode, Role};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_location, use_query_map};

/// Sets `data-hydrated` on `<body>` (tests wait for it): called by the browser entry point once
/// hydration has finished, lazy pages included. Suspense boundaries settle a few ticks after
/// that, once their resources' serialized values are read, so the marker waits a moment more:
/// "hydrated" means the page answers clicks.
pub fn mark_hydrated() {
    set_timeout(
        || {
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::from_millis(50),
    );
}

/// Sets the HTTP status of the server-rendered page.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(http::StatusCode::from_u16(code).unwrap_or_default());
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Not found" />
        <div class="center-page">
            <div class="empty-state">
                <div class="empty-icon">"🧭"</div>
                <h1>"This page does not exist"</h1>
                <p class="muted">"The link may be old, or the address mistyped."</p>
                <a class="btn btn-primary" href="/">
                    "Back to the store"
                </a>
            </div>
        </div>
    }
}

/// The page a signed-in user sees where their role does not reach.
#[component]
pub fn Forbidden(role: Role) -> impl IntoView {
    set_status(403);
    let hint = match role {
        Role::Developer => view! {
            <p>"Developers publish mini-programs. Becoming one takes a minute."</p>
            <a class="btn btn-primary" href="/portal/onboarding">
                "Become a developer"
            </a>
        }
        .into_any(),
        _ => view! {
            <p class="muted">"If you need access, ask one of the store's administrators."</p>
            <a class="btn" href="/">
                "Back to the store"
            </a>
        }
        .into_any(),
    };
    view! {
        <Title text="No access" />
        <div class="center-page">
            <div class="empty-state" data-testid="forbidden">
                <div class="empty-icon">"🔒"</div>
                <p class="eyebrow">"403 · No access"</p>
                <h1>{format!("This area is for {}s", role.label().to_lowercase())}</h1>
                {hint}
            </div>
        </div>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" aria-busy="true">
            <span class="spinner"></span>
            "Loading…"
        </div>
    }
}

/// Shows the page's content to users with at least `role` (or anyone signed in when `role` is
/// None); signed-out visitors go to sign-in and come back; others get the 403 page.
/// This is UX only: every server function checks the role again.
#[component]
pub fn Gate(#[prop(optional)] role: Option<Role>, children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    match auth.user.get_value() {
        Some(u) if role.is_none_or(|r| u.role >= r) => children().into_any(),
        Some(_) => view! { <Forbidden role=role.unwrap_or(Role::Consumer) /> }.into_any(),
        None => {
            let search = location.search.get_untracked();
            let search = search.trim_start_matches('?');
            let here = if search.is_empty() {
                location.pathname.get_untracked()
            } else {
                format!("{}?{search}", location.pathname.get_untracked())
            };
            let to = format!("/signin?next={}", urlencode(&here));
            view! { <Redirect path=to /> }.into_any()
        }
    }
}

#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    view! {
        <div class="alert alert-error" role="alert">
            {error.to_string()}
        </div>
    }
}

/// The message of a form's last error when it is about `field`.
#[component]
pub fn FieldError(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl IntoView {
    move || {
        error.get().filter(|e| e.field() == Some(field)).map(|e| {
            view! {
                <p class="field-error" role="alert" data-field=field>
                    {e.to_string()}
                </p>
            }
        })
    }
}

/// A form's last error when it is not about one of its `fields`, plus an `?error=` message left
/// by a form posted without JavaScript.
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] fields: &'static [&'static str],
) -> impl IntoView {
    let query = use_query_map();
    move || {
        let msg = match error.get() {
            Some(e) if e.field().is_none_or(|f| !fields.contains(&f)) => Some(e.to_string()),
            Some(_) => None,
            None => query.read().get("error"),
        };
        msg.map(|m| {
            view! {
                <div class="alert alert-error" role="alert">
                    {m}
                </div>
            }
        })
    }
}

/// The last error of a server action, as a signal.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(std::result::Result::err))
}

/// A link in a navigation bar, marked current when the path starts with `href`.
#[component]
pub fn NavLink(
    href: &'static str,
    children: Children,
    #[prop(optional)] exact: bool,
) -> impl IntoView {
    let location = use_location();
    let current = move || {
        let p = location.pathname.get();
        if exact {
            p == href || p == format!("{href}/")
        } else {
            p.starts_with(href)
        }
    };
    view! {
        <A href=href attr:class=move || if current() { "nav-link current" } else { "nav-link" }>
            {children()}
        </A>
    }
}

/// The user menu at the right of every top bar.
#[component]
pub fn UserMenu() -> impl IntoView {
    let auth = use_auth();
    match auth.user.get_value() {
        Some(u) => {
            let initial = u
                .display_name
                .chars()
                .next()
                .unwrap_or('?')
                .to_uppercase()
                .to_string();
            view! {
                <div class="user-menu">
                    {(u.role >= Role::Developer)
                        .then(|| {
                            view! {
                                <a class="nav-link hide-sm" href="/portal">
                                    "Portal"
                                </a>
                            }
                        })}
                    {(u.role >= Role::Operator)
                        .then(|| {
                            view! {
                                <a class="nav-link hide-sm" href="/admin">
                                    "Admin"
                                </a>
                            }
                        })} <a class="avatar-link" href="/account" title=u.email.clone()>
                        <span class="avatar">{initial}</span>
                        <span class="hide-sm" data-testid="user-name">
                            {u.display_name.clone()}
                        </span>
                    </a> <ActionForm action=auth.sign_out attr:class="inline-form">
                        <button class="btn btn-ghost btn-sm" type="submit">
                            "Sign out"
                        </button>
                    </ActionForm>
                </div>
            }
            .into_any()
        }
        None => view! {
            <div class="user-menu">
                <a class="btn btn-ghost btn-sm" href="/signin">
                    "Sign in"
                </a>
                <a class="btn btn-primary btn-sm" href="/signup">
                    "Sign up"
                </a>
            </div>
        }
        .into_any(),
    }
}

/// The store's mark.
#[component]
pub fn Brand(#[prop(optional)] suffix: Option<&'static str>) -> impl IntoView {
    view! {
        <a class="brand" href="/">
            <span class="brand-mark">"M"</span>
            <span class="brand-name">"Ministore"</span>
            {suffix.map(|s| view! { <span class="brand-suffix">{s}</span> })}
        </a>
    }
}

/// A version state as a coloured badge.
#[component]
pub fn StateBadge(state: crate::versions::VersionState) -> impl IntoView {
    view! {
        <span class=format!("badge state-{}", state.as_str()) data-state=state.as_str()>
            {state.label()}
        </span>
    }
}
