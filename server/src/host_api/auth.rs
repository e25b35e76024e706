//! Host app authentication: `Authorization: Bearer <app key>.<secret>`, checked against the
//! instance's in-memory copy of `host_apps` (see `app::server::live`): no query per call. A
//! rotated secret or a disabled app is refused on this instance as soon as the change commits,
//! and on every other instance within a second (PostgreSQL notification).

use super::ApiError;
use app::server::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use uuid::Uuid;

/// The host app a request is authenticated as (an extractor: a handler taking it is protected).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostApp {
    pub id: Uuid,
    pub app_key: String,
}

impl FromRequestParts<AppState> for HostApp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (key, secret) = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_bearer)
            .ok_or_else(ApiError::unauthorized)?;
        let snap = state.live.snapshot(&state.pool).await?;
        app::server::live::verify_host(&snap, key, secret)
            .map(|id| HostApp {
                id,
                app_key: key.to_string(),
            })
            .ok_or_else(ApiError::unauthorized)
    }
}

/// Splits `Bearer <app key>.<secret>` into its parts, if it has the right shape.
fn parse_bearer(value: &str) -> Option<(&str, &str)> {
    let (scheme, token) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let (key, secret) = token.trim().split_once('.')?;
    let key_ok = key.len() <= 64
        && key.strip_prefix("ha_").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    (key_ok && !secret.is_empty() && secret.len() <= 256).then_some((key, secret))
}

#[cfg(test)]
mod tests {
    use super::parse_bearer;

    #[test]
    fn only_well_formed_bearer_credentials_are_parsed() {
        assert_eq!(
            parse_bearer("Bearer ha_abc1.s3cret"),
            Some(("ha_abc1", "s3cret"))
        );
        assert_eq!(parse_bearer("bearer ha_abc1.a.b"), Some(("ha_abc1", "a.b")));
        for bad in [
            "",
            "Bearer",
            "Bearer ha_abc1",
            "Bearer ha_abc1.",
            "Bearer .secret",
            "Basic ha_abc1.secret",
            "Bearer HA_ABC.secret",
            "Bearer ha_.secret",
            "Bearer ha_a-b.secret",
        ] {
            assert_eq!(parse_bearer(bad), None, "{bad:?}");
        }
    }
}
