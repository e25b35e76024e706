//! Sessions and role guards. Every gated server function starts with `require(Role::X)`.

use super::db::accounts::{self, Account};
use super::state;
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tower_sessions::Session;
use uuid::Uuid;

const AUTH_KEY: &str = "auth";

/// What the session remembers about who is signed in.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SessionAuth {
    account_id: Uuid,
    /// Must equal the account's `auth_epoch`; bumping that ends the session.
    epoch: i32,
    /// Unix seconds; the absolute timeout counts from here.
    signed_in_at: i64,
}

fn session_err(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::internal("session")
}

/// The session of the current request.
pub async fn session() -> AppResult<Session> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|e| AppError::internal(format!("no session layer: {e}")))
}

/// The signed-in account of this request, if any. A session whose account is gone, disabled,
/// has a newer epoch, or is older than the absolute timeout is ended here.
pub async fn current_user() -> AppResult<Option<Account>> {
    user_of(&session().await?, &state()?).await
}

/// The signed-in account of `session` (for plain axum handlers outside server functions).
pub async fn user_of(session: &Session, st: &super::AppState) -> AppResult<Option<Account>> {
    let Some(auth) = session
        .get::<SessionAuth>(AUTH_KEY)
        .await
        .map_err(session_err)?
    else {
        return Ok(None);
    };

    let age = OffsetDateTime::now_utc().unix_timestamp() - auth.signed_in_at;
    let account = if age > st.settings.session_absolute.as_secs() as i64 {
        None
    } else {
        accounts::by_id(&st.pool, auth.account_id).await?
    };
    match account {
        Some(a) if !a.disabled && a.auth_epoch == auth.epoch => Ok(Some(a)),
        _ => {
            session.flush().await.map_err(session_err)?;
            Ok(None)
        }
    }
}

/// The signed-in account of `session` holding at least `role` (for plain axum handlers):
/// 401 when signed out, 403 naming `doing` when the role is too low.
pub async fn require_of(
    session: &Session,
    st: &super::AppState,
    role: Role,
    doing: &str,
) -> AppResult<Account> {
    let me = user_of(session, st).await?.ok_or(AppError::Unauthorized)?;
    if me.role() < role {
        return Err(AppError::forbidden(format!(
            "{doing} needs the {} role.",
            role.as_str()
        )));
    }
    Ok(me)
}

/// The signed-in user of a page request, looked up by the server crate's `middleware::page_user` before the page
/// renders, so that the page (and the copy the shell embeds for hydration) knows it at once.
#[derive(Debug, Clone)]
pub struct PageUser(pub Option<crate::accounts::CurrentUser>);

/// The signed-in user of the page being rendered (None outside a page request).
pub fn page_user() -> Option<crate::accounts::CurrentUser> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<PageUser>().cloned())
        .and_then(|u| u.0)
}

/// The signed-in account, or `Unauthorized`.
pub async fn require_signed_in() -> AppResult<Account> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// The signed-in account if it has at least `role`; `Unauthorized` when signed out, `Forbidden`
/// when the role is too low.
pub async fn require(role: Role) -> AppResult<Account> {
    let account = require_signed_in().await?;
    if account.role() < role {
        return Err(AppError::forbidden(format!(
            "This needs the {} role; your account is a {}.",
            role.label().to_lowercase(),
            account.role().label().to_lowercase()
        )));
    }
    Ok(account)
}

/// Starts a signed-in session for `account`, with a new session id (no fixation).
pub async fn start_session(account: &Account) -> AppResult<()> {
    let session = session().await?;
    session.cycle_id().await.map_err(session_err)?;
    let auth = SessionAuth {
        account_id: account.id,
        epoch: account.auth_epoch,
        signed_in_at: OffsetDateTime::now_utc().unix_timestamp(),
    };
    session.insert(AUTH_KEY, auth).await.map_err(session_err)
}

/// Keeps the current session valid after the account's epoch moved (own password change).
pub async fn refresh_epoch(epoch: i32) -> AppResult<()> {
    let session = session().await?;
    if let Some(mut auth) = session
        .get::<SessionAuth>(AUTH_KEY)
        .await
        .map_err(session_err)?
    {
        auth.epoch = epoch;
        session.cycle_id().await.map_err(session_err)?;
        session.insert(AUTH_KEY, auth).await.map_err(session_err)?;
    }
    Ok(())
}

/// Ends the session on the server (the row is deleted) and in the browser.
pub async fn end_session() -> AppResult<()> {
    session().await?.flush().await.map_err(session_err)
}

impl From<&Account> for crate::accounts::CurrentUser {
    fn from(a: &Account) -> Self {
        crate::accounts::CurrentUser {
            id: a.id.to_string(),
            email: a.email.clone(),
            display_name: a.display_name.clone(),
            role: a.role(),
            developer_terms_accepted: a.developer_terms_at.is_some(),
        }
    }
}
