//! Turning a server function's `AppError` into the right HTTP answer.

use crate::error::{AppError, AppResult};
use http::header::{ACCEPT, REFERER};
use http::request::Parts;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use std::future::Future;

/// Runs a server function body. On error, a script call gets the error's HTTP status (instead of
/// a blanket 500); a plain HTML form post (JavaScript off) is sent back to the page it came
/// from with `?error=` so that page can show the message.
pub async fn respond<T>(body: impl Future<Output = AppResult<T>>) -> AppResult<T> {
    let result = body.await;
    if let Err(e) = &result {
        let parts = use_context::<Parts>();
        let html_form = parts
            .as_ref()
            .and_then(|p| p.headers.get(ACCEPT))
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        if html_form {
            let back = parts
                .as_ref()
                .and_then(|p| p.headers.get(REFERER))
                .and_then(|v| v.to_str().ok())
                .map(|r| with_error_param(r, &e.to_string()));
            if let Some(back) = back {
                leptos_axum::redirect(&back);
            }
        } else if let Some(res) = use_context::<ResponseOptions>() {
            res.set_status(http::StatusCode::from_u16(e.status()).unwrap_or_default());
            if let AppError::RateLimited { retry_after_secs } = e {
                if let Ok(v) = http::HeaderValue::from_str(&retry_after_secs.to_string()) {
                    res.insert_header(http::header::RETRY_AFTER, v);
                }
            }
        }
    }
    result
}

/// `referer` with its `error` query parameter set to `message` (any previous one dropped).
pub fn with_error_param(referer: &str, message: &str) -> String {
    let (base, query) = referer.split_once('?').unwrap_or((referer, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("error="))
        .map(str::to_string)
        .collect();
    pairs.push(format!("error={}", crate::domain::urlencode(message)));
    format!("{base}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_parameter_replaces_an_earlier_one_and_keeps_the_rest() {
        assert_eq!(
            with_error_param("http://x/signin?next=%2Fportal&error=old", "Bad one"),
            "http://x/signin?next=%2Fportal&error=Bad%20one"
        );
        assert_eq!(with_error_param("/signin", "a&b"), "/signin?error=a%26b");
    }
}
