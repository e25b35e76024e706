//! Server functions for accounts: sign-up, sign-in, sign-out, password change, developer
//! onboarding, and the admin's user management. Each starts with its guard.
//!
//! Sign-in, sign-up, sign-out and becoming a developer answer with a redirect, which the browser
//! follows with a full page load (the frontend's redirect hook): that is what refreshes the
//! page's user. A server function that changes who is signed in must redirect; no other should.

use super::UserPage;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server;

/// Who is signed in (None when nobody is).
#[leptos::server(prefix = "/rpc", endpoint = "accounts/current_user")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_current_user() -> Result<Option<super::CurrentUser>, AppError> {
    server::respond(async {
        Ok(server::current_user()
            .await?
            .as_ref()
            .map(super::CurrentUser::from))
    })
    .await
}

/// Creates a consumer account and signs it in, keeping the star (`favourite`) chosen before.
#[leptos::server(prefix = "/rpc", endpoint = "accounts/sign_up")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_up(
    email: String,
    display_name: String,
    password: String,
    next: Option<String>,
    favourite: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::{safe_next, DisplayName, Email};
    use crate::server::{auth, db, passwords};
    server::respond(async move {
        let email = Email::parse(&email)?;
        let name = DisplayName::parse(&display_name)?;
        passwords::check_new_password("password", &password, email.as_str())?;
        let st = server::state()?;
        let hash = passwords::hash(password).await?;
        let account = db::accounts::create(&st.pool, &email, &name, &hash, Role::Consumer).await?;
        auth::start_session(&account).await?;
        if let Some(id) = favourite.as_deref().filter(|f| !f.is_empty()) {
            crate::discovery::home_api::keep_favourite(&st, account.id, id).await?;
        }
        leptos_axum::redirect(&safe_next(next.as_deref().unwrap_or("/")));
        Ok(())
    })
    .await
}

/// Signs in, keeping the star (`favourite`) chosen before. "No such account" and "wrong
/// password" give the same answer in the same time.
#[leptos::server(prefix = "/rpc", endpoint = "accounts/sign_in")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
    favourite: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::{safe_next, Email};
    use crate::server::{auth, db, passwords, throttle};
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    server::respond(async move {
        let bad = || {
            AppError::validation(
                "password",
                "That email and password don't match an account.",
            )
        };
        let email = Email::parse(&email).map_err(|_| bad())?;
        let st = server::state()?;
        let address = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
            .await
            .map_or_else(|_| "unknown".into(), |c| c.0.ip().to_string());
        throttle::check(&st.pool, &st.settings, email.as_str(), &address).await?;
        let account = db::accounts::by_email(&st.pool, &email).await?;
        let ok =
            passwords::verify(password, account.as_ref().map(|a| a.password_hash.clone())).await;
        match account {
            Some(a) if ok && !a.disabled => {
                throttle::clear(&st.pool, email.as_str()).await?;
                auth::start_session(&a).await?;
                if let Some(id) = favourite.as_deref().filter(|f| !f.is_empty()) {
                    crate::discovery::home_api::keep_favourite(&st, a.id, id).await?;
                }
                leptos_axum::redirect(&safe_next(next.as_deref().unwrap_or("/")));
                Ok(())
            }
            Some(a) if ok && a.disabled => Err(AppError::forbidden(
                "This account has been disabled. Contact the store's administrators.",
            )),
            _ => {
                throttle::record_failure(&st.pool, email.as_str(), &address).await?;
                Err(bad())
            }
        }
    })
    .await
}

/// Ends the session on the server.
#[leptos::server(prefix = "/rpc", endpoint = "accounts/sign_out")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_out() -> Result<(), AppError> {
    server::respond(async {
        server::auth::end_session().await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// Changes the signed-in user's password; every other session of the account ends.
#[leptos::server(prefix = "/rpc", endpoint = "accounts/change_password")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::server::{auth, db, passwords};
    server::respond(async move {
        let me = server::require_signed_in().await?;
        if !passwords::verify(current_password, Some(me.password_hash.clone())).await {
            return Err(AppError::validation(
                "current_password",
                "Your current password is not right.",
            ));
        }
        passwords::check_new_password("new_password", &new_password, &me.email)?;
        let st = server::state()?;
        let hash = passwords::hash(new_password).await?;
        let epoch = db::accounts::set_password(&st.pool, me.id, &hash).await?;
        auth::refresh_epoch(epoch).await?;
        Ok(())
    })
    .await
}

/// A consumer accepts the developer terms and becomes a developer.
#[leptos::server(prefix = "/rpc", endpoint = "accounts/become_developer")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn become_developer(accept_terms: Option<String>) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require_signed_in().await?;
        if accept_terms.as_deref() != Some("on") && accept_terms.as_deref() != Some("true") {
            return Err(AppError::validation(
                "accept_terms",
                "Please accept the developer terms to continue.",
            ));
        }
        let st = server::state()?;
        server::db::accounts::become_developer(&st.pool, me.id).await?;
        leptos_axum::redirect("/portal");
        Ok(())
    })
    .await
}

/// Admin: a page of accounts matching `query`.
#[leptos::server(prefix = "/rpc", endpoint = "admin/users/list")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_users(query: String, page: u32) -> Result<UserPage, AppError> {
    server::respond(async move {
        server::require(Role::Admin).await?;
        let st = server::state()?;
        let (page, per_page) = (page.max(1), 20);
        let found = server::db::accounts::search(&st.pool, &query, page, per_page).await?;
        Ok(UserPage {
            total: found.total as u64,
            page,
            per_page,
            items: found.items.into_iter().map(account_row).collect(),
        })
    })
    .await
}

/// Admin: changes an account's platform role.
#[leptos::server(prefix = "/rpc", endpoint = "admin/users/set_role")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_user_role(account_id: String, role: String) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Admin).await?;
        let id = parse_id(&account_id)?;
        let role = Role::parse(&role)?;
        if id == me.id && role < Role::Admin {
            return Err(AppError::conflict(
                "You cannot take the admin role from yourself.",
            ));
        }
        let st = server::state()?;
        server::db::accounts::set_role_audited(&st.pool, id, role, me.id).await
    })
    .await
}

/// Admin: disables (ending every session) or re-enables an account.
#[leptos::server(prefix = "/rpc", endpoint = "admin/users/set_disabled")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_user_disabled(account_id: String, disabled: bool) -> Result<(), AppError> {
    server::respond(async move {
        let me = server::require(Role::Admin).await?;
        let id = parse_id(&account_id)?;
        if id == me.id && disabled {
            return Err(AppError::conflict("You cannot disable your own account."));
        }
        let st = server::state()?;
        server::db::accounts::set_disabled_audited(&st.pool, id, disabled, me.id).await
    })
    .await
}

#[cfg(feature = "ssr")]
fn account_row(a: crate::server::db::accounts::Account) -> super::AccountRow {
    super::AccountRow {
        id: a.id.to_string(),
        email: a.email,
        display_name: a.display_name,
        role: a.role,
        disabled: a.disabled,
        created_at: a.created_at.date().to_string(),
    }
}

#[cfg(feature = "ssr")]
fn parse_id(s: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(s)
        .map_err(|_| AppError::validation("account_id", "That is not an account id."))
}
