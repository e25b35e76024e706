//! Sign-in, sign-up and account pages.

use super::api::*;
use super::session::use_auth;
use crate::domain::{PASSWORD_MAX, PASSWORD_MIN};
use crate::ui::{action_error, FieldError, FormError, Gate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn next_param() -> Signal<String> {
    let q = use_query_map();
    Signal::derive(move || q.read().get("next").unwrap_or_else(|| "/".into()))
}

/// The mini-program a visitor starred before signing in (`?favourite=`), kept by the form.
fn favourite_param() -> Signal<String> {
    let q = use_query_map();
    Signal::derive(move || q.read().get("favourite").unwrap_or_default())
}

/// The note above a sign-in or sign-up form that keeps a star.
#[component]
fn FavouriteNote(favourite: Signal<String>) -> impl IntoView {
    move || {
        (!favourite.get().is_empty()).then(|| {
            view! {
                <div class="alert alert-info" role="status" data-testid="favourite-note">
                    "★ Sign in and it goes into your favourites."
                </div>
            }
        })
    }
}

/// `path` with the `next` and `favourite` parameters of this page.
fn carry(path: &str, next: &str, favourite: &str) -> String {
    let mut url = format!("{path}?next={}", crate::domain::urlencode(next));
    if !favourite.is_empty() {
        url.push_str(&format!(
            "&favourite={}",
            crate::domain::urlencode(favourite)
        ));
    }
    url
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = use_auth();
    let error = action_error(auth.sign_in);
    let next = next_param();
    let favourite = favourite_param();
    view! {
        <Title text="Sign in" />
        <div class="auth-page">
            <div class="card auth-card">
                <h1>"Welcome back"</h1>
                <p class="muted">
                    "Sign in to keep favourites, publish mini-programs or run the store."
                </p>
                <FavouriteNote favourite />
                <FormError error fields=&["email", "password"] />
                <ActionForm action=auth.sign_in attr:class="form" attr:data-testid="signin-form">
                    <input type="hidden" name="next" value=next />
                    <input type="hidden" name="favourite" value=favourite />
                    <label class="field">
                        <span>"Email"</span>
                        <input type="email" name="email" autocomplete="username" required />
                        <FieldError error field="email" />
                    </label>
                    <label class="field">
                        <span>"Password"</span>
                        <input
                            type="password"
                            name="password"
                            autocomplete="current-password"
                            required
                        />
                        <FieldError error field="password" />
                    </label>
                    <button
                        class="btn btn-primary btn-block"
                        type="submit"
                        disabled=move || auth.sign_in.pending().get()
                    >
                        {move || {
                            if auth.sign_in.pending().get() { "Signing in…" } else { "Sign in" }
                        }}
                    </button>
                </ActionForm>
                <p class="muted small">
                    "New here? "
                    <a href=move || {
                        carry("/signup", &next.get(), &favourite.get())
                    }>"Create an account"</a>
                </p>
            </div>
        </div>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let auth = use_auth();
    let error = action_error(auth.sign_up);
    let next = next_param();
    let favourite = favourite_param();
    let password = RwSignal::new(String::new());
    let hint = move || {
        let n = password.read().chars().count();
        if n == 0 {
            format!("{PASSWORD_MIN} to {PASSWORD_MAX} characters. Not a common password.")
        } else if n < PASSWORD_MIN {
            format!(
                "{} more character{} needed.",
                PASSWORD_MIN - n,
                if PASSWORD_MIN - n == 1 { "" } else { "s" }
            )
        } else if n > PASSWORD_MAX {
            format!("{} characters too many.", n - PASSWORD_MAX)
        } else {
            "Length is fine.".to_string()
        }
    };
    view! {
        <Title text="Create an account" />
        <div class="auth-page">
            <div class="card auth-card">
                <h1>"Create your account"</h1>
                <p class="muted">
                    "Free. Keep favourites, and publish your own mini-programs later."
                </p>
                <FavouriteNote favourite />
                <FormError error fields=&["email", "password", "display_name"] />
                <ActionForm action=auth.sign_up attr:class="form" attr:data-testid="signup-form">
                    <input type="hidden" name="next" value=next />
                    <input type="hidden" name="favourite" value=favourite />
                    <label class="field">
                        <span>"Email"</span>
                        <input type="email" name="email" autocomplete="email" required />
                        <FieldError error field="email" />
                    </label>
                    <label class="field">
                        <span>"Display name"</span>
                        <input
                            type="text"
                            name="display_name"
                            autocomplete="nickname"
                            maxlength="60"
                            required
                        />
                        <FieldError error field="display_name" />
                    </label>
                    <label class="field">
                        <span>"Password"</span>
                        <input
                            type="password"
                            name="password"
                            autocomplete="new-password"
                            required
                            minlength=PASSWORD_MIN.to_string()
                            maxlength=PASSWORD_MAX.to_string()
                            on:input=move |ev| password.set(event_target_value(&ev))
                        />
                        <small class="hint">{hint}</small>
                        <FieldError error field="password" />
                    </label>
                    <button
                        class="btn btn-primary btn-block"
                        type="submit"
                        disabled=move || auth.sign_up.pending().get()
                    >
                        {move || {
                            if auth.sign_up.pending().get() {
                                "Creating…"
                            } else {
                                "Create account"
                            }
                        }}
                    </button>
                </ActionForm>
                <p class="muted small">
                    "Already have an account? "
                    <a href=move || carry("/signin", &next.get(), &favourite.get())>"Sign in"</a>
                </p>
            </div>
        </div>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = use_auth();
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    let done = move || matches!(change.value().get(), Some(Ok(())));
    view! {
        <Title text="Your account" />
        <Gate>
            <div class="page narrow">
                <h1>"Your account"</h1>
                {auth
                    .user
                    .get_value()
                    .map(|u| {
                        view! {
                            <div class="card">
                                <dl class="facts">
                                    <dt>"Name"</dt>
                                    <dd>{u.display_name.clone()}</dd>
                                    <dt>"Email"</dt>
                                    <dd>{u.email.clone()}</dd>
                                    <dt>"Role"</dt>
                                    <dd>
                                        <span class=format!(
                                            "badge role-{}",
                                            u.role,
                                        )>{u.role.label()}</span>
                                    </dd>
                                </dl>
                            </div>
                        }
                    })}
                <crate::discovery::home::FavouritesCard />
                <div class="card">
                    <h2>"Change password"</h2>
                    <p class="muted small">"Your other signed-in devices will be signed out."</p>
                    {move || {
                        done()
                            .then(|| {
                                view! {
                                    <div class="alert alert-ok" role="status">
                                        "Password changed."
                                    </div>
                                }
                            })
                    }}
                    <FormError error fields=&["current_password", "new_password"] />
                    <ActionForm action=change attr:class="form">
                        <label class="field">
                            <span>"Current password"</span>
                            <input
                                type="password"
                                name="current_password"
                                autocomplete="current-password"
                                required
                            />
                            <FieldError error field="current_password" />
                        </label>
                        <label class="field">
                            <span>"New password"</span>
                            <input
                                type="password"
                                name="new_password"
                                autocomplete="new-password"
                                required
                                minlength="8"
                                maxlength="128"
                            />
                            <FieldError error field="new_password" />
                        </label>
                        <button class="btn btn-primary" type="submit">
                            "Change password"
                        </button>
                    </ActionForm>
                </div>
            </div>
        </Gate>
    }
}
