//! `AppError`: the one error type that crosses the wire between server functions and the browser.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Every failure a server function can report. Closed on purpose: the browser can match on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// Not signed in (401).
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// Signed in, but the role or membership does not allow this (403).
    #[error("{message}")]
    Forbidden { message: String },
    /// No such thing, or not visible to this user (404).
    #[error("{what} was not found.")]
    NotFound { what: String },
    /// Bad input; `field` names the offending form field (422).
    #[error("{message}")]
    Validation { field: String, message: String },
    /// The change conflicts with the current state (409).
    #[error("{message}")]
    Conflict { message: String },
    /// Too many attempts; try again after `retry_after_secs` (429).
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    /// A cross-site request was refused (403).
    #[error("This request came from another site and was refused.")]
    CrossSite,
    /// Something broke on the server; details are in the server log, never here (500).
    #[error("Something went wrong on our side ({message}). Please try again.")]
    Internal { message: String },
}

impl AppError {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden {
            message: message.into(),
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound { what: what.into() }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict {
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        AppError::Internal {
            message: message.into(),
        }
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden { .. } | AppError::CrossSite => 403,
            AppError::NotFound { .. } => 404,
            AppError::Validation { .. } => 422,
            AppError::Conflict { .. } => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Internal { .. } => 500,
        }
    }

    /// A stable snake_case code, as in the host API's error body.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden { .. } => "forbidden",
            AppError::CrossSite => "cross_site",
            AppError::NotFound { .. } => "not_found",
            AppError::Validation { .. } => "invalid_argument",
            AppError::Conflict { .. } => "conflict",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Internal { .. } => "internal",
        }
    }

    /// The field this error is about, if it is a validation error.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Validation { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg)
            | ServerFnErrorErr::MissingArg(msg)
            | ServerFnErrorErr::Deserialization(msg) => {
                AppError::validation("request", format!("The request could not be read: {msg}"))
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                AppError::internal("the server could not be reached")
            }
            other => AppError::internal(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => AppError::not_found("That record"),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                AppError::conflict("That already exists.")
            }
            _ => {
                tracing::error!(error = %e, "database error");
                AppError::internal("database")
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::search::SearchError> for AppError {
    fn from(e: crate::server::search::SearchError) -> Self {
        tracing::error!(error = %e, "search error");
        AppError::internal("search")
    }
}

#[cfg(feature = "ssr")]
impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        tracing::error!(error = ?e, "internal error");
        AppError::internal("internal")
    }
}

/// Result alias for server functions.
pub type AppResult<T> = Result<T, AppError>;

/// Plain axum handlers (uploads, exports) answer with the error's status and JSON body, the
/// same shape server functions send.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}
