//! The auth context every front end reads: who is signed in, and the actions that change it.
//! (No UI here: the design system reads it, and the account pages use the design system.)

use super::api::{BecomeDeveloper, SignIn, SignOut, SignUp};
use super::CurrentUser;
use leptos::prelude::*;

/// The signed-in user and the actions that change it.
///
/// The user is known before the page renders: the server looks it up for the request (see
/// the server crate's `middleware::page_user`) and the shell embeds it for hydration. It never changes
/// while a page is open: every action that changes it answers with a redirect, which the
/// browser follows with a full page load (see the frontend's redirect hook). Nothing waits on
/// it, so a gated page is built exactly once (a gate that awaited a resource rebuilt its page,
/// with fresh resources, whenever the resource settled, and hydration then failed now and then).
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: StoredValue<Option<CurrentUser>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_up: ServerAction<SignUp>,
    pub sign_out: ServerAction<SignOut>,
    pub become_developer: ServerAction<BecomeDeveloper>,
}

pub fn provide_auth() {
    provide_context(Auth {
        user: StoredValue::new(initial_user()),
        sign_in: ServerAction::new(),
        sign_up: ServerAction::new(),
        sign_out: ServerAction::new(),
        become_developer: ServerAction::new(),
    });
}

/// The id of the `<script type="application/json">` that carries the page's user.
pub const USER_SCRIPT_ID: &str = "ms-user";

#[cfg(feature = "ssr")]
fn initial_user() -> Option<CurrentUser> {
    crate::server::auth::page_user()
}

#[cfg(not(feature = "ssr"))]
fn initial_user() -> Option<CurrentUser> {
    document()
        .get_element_by_id(USER_SCRIPT_ID)
        .and_then(|e| e.text_content())
        .and_then(|t| serde_json::from_str(&t).ok())
        .flatten()
}

/// The page's user as JSON for the shell, safe inside a `<script>` element.
pub fn user_json() -> String {
    #[cfg(feature = "ssr")]
    let user = crate::server::auth::page_user();
    #[cfg(not(feature = "ssr"))]
    let user: Option<CurrentUser> = None;
    serde_json::to_string(&user)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
