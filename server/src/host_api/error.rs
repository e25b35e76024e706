//! The host API's error reply: `{"error": {"code", "message"}}` with its HTTP status, and its
//! schema for the OpenAPI document (named by every handler's `responses`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use utoipa::ToSchema;

/// A failed host API call. Every non-2xx reply of `/api/v1`, `/packages` and `/blobs` is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    /// Stable snake_case code (`unauthorized`, `not_found`, `invalid_argument`, ...).
    pub code: &'static str,
    /// For humans; names the offending field for bad input.
    pub message: String,
}

/// The error reply of every non-2xx answer.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// `code` is stable snake_case (`unauthorized`, `not_found`, `invalid_argument`,
/// `payload_too_large`, `rate_limited`, ...); `message` is for humans and names the field.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

impl ApiError {
    /// 401, the same for every kind of bad credential.
    pub fn unauthorized() -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "unauthorized",
            message: "A valid host app credential is required \
                      (Authorization: Bearer <app key>.<secret>)."
                .into(),
        }
    }

    /// 404 for `what` (e.g. "mini-program mp_x").
    pub fn not_found(what: impl std::fmt::Display) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: format!("{what} was not found."),
        }
    }

    /// 400 about the query parameter `field`.
    pub fn invalid(field: &str, detail: impl std::fmt::Display) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_argument",
            message: format!("{field}: {detail}"),
        }
    }

    /// 422 about the request body's `field` (e.g. `events[3].ts`).
    pub fn unprocessable(field: &str, detail: impl std::fmt::Display) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_argument",
            message: format!("{field}: {detail}"),
        }
    }

    /// 413: the body is larger than allowed.
    pub fn too_large(detail: impl std::fmt::Display) -> Self {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "payload_too_large",
            message: detail.to_string(),
        }
    }

    /// 500; the cause is logged by the caller, never sent.
    pub fn internal() -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "Something went wrong on our side. Please try again.".into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        let mut res = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"ministore\""),
            );
        }
        res
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "host API: database error");
        ApiError::internal()
    }
}

impl From<app::server::search::SearchError> for ApiError {
    fn from(e: app::server::search::SearchError) -> Self {
        tracing::error!(error = %e, "host API: search error");
        ApiError::internal()
    }
}

impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        tracing::error!(error = %e, "host API: I/O error");
        ApiError::internal()
    }
}
