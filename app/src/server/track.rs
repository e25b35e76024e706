//! The storefront's own analytics events, recorded through the server (no third-party script)
//! under the built-in storefront host app: `view`, `launch`, `close` and `error` come from the
//! browser (`POST /api/storefront/events`, sent with `navigator.sendBeacon`), `search` and
//! `favourite` from the server functions that do them.
//!
//! A signed-in visitor is counted by account (`acct:<id>`); an anonymous one by a first-party
//! device id (`dev:<uuid>`, the `ministore_device` cookie, set by the first beacon).

use super::db::events::{self, NewEvent, STOREFRONT};
use super::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use time::OffsetDateTime;
use tower_sessions::Session;
use uuid::Uuid;

/// The device cookie.
pub const DEVICE_COOKIE: &str = "ministore_device";
/// The most events in one beacon.
pub const MAX_EVENTS: usize = 20;
/// The largest beacon body.
pub const MAX_BODY: usize = 16 * 1024;

/// The platform a user agent runs on: `ios`, `android` or `web`.
pub fn platform_of(headers: &HeaderMap) -> &'static str {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") {
        "ios"
    } else if ua.contains("Android") {
        "android"
    } else {
        "web"
    }
}

/// The device id in the request's cookies, if it has a valid one.
pub fn device_of(headers: &HeaderMap) -> Option<Uuid> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == DEVICE_COOKIE)
        .and_then(|(_, v)| Uuid::parse_str(v).ok())
}

/// Who did it, as the events count them: the account, or else the device.
pub fn visitor(account: Option<Uuid>, device: Option<Uuid>) -> Option<String> {
    account
        .map(|a| format!("acct:{a}"))
        .or_else(|| device.map(|d| format!("dev:{d}")))
}

/// A storefront event now, by `user` on `platform`.
pub fn event(kind: &'static str, user: Option<String>, platform: &str) -> NewEvent {
    NewEvent {
        id: Uuid::new_v4(),
        kind,
        mp_id: None,
        version: None,
        user_id: user,
        ts: OffsetDateTime::now_utc(),
        duration_ms: None,
        platform: Some(platform.to_string()),
        region: None,
        message: None,
        results: None,
    }
}

/// Stores storefront events; a failure is logged, never the visitor's problem.
pub async fn record(st: &AppState, events: &[NewEvent]) {
    if let Err(e) = events::store(&st.pool, STOREFRONT, events).await {
        tracing::warn!(error = %e, "recording storefront events");
    }
}

/// The visitor (`account`, the caller's already-known signed-in account, or else the device)
/// and platform of the server function's request.
pub async fn request_visitor(account: Option<Uuid>) -> (Option<String>, &'static str) {
    let headers = leptos_axum::extract::<HeaderMap>()
        .await
        .unwrap_or_default();
    (visitor(account, device_of(&headers)), platform_of(&headers))
}

#[derive(Debug, Deserialize)]
struct Beacon {
    events: Vec<BeaconEvent>,
}

#[derive(Debug, Deserialize)]
struct BeaconEvent {
    #[serde(rename = "type")]
    kind: String,
    mp_id: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    duration_ms: Option<i64>,
    #[serde(default)]
    message: Option<String>,
}

fn bad(message: impl Into<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, message.into()).into_response()
}

fn check(e: BeaconEvent, user: &Option<String>, platform: &str) -> Result<NewEvent, String> {
    let kind = ["view", "launch", "close", "error"]
        .into_iter()
        .find(|k| *k == e.kind)
        .ok_or_else(|| format!("type {:?} is not view, launch, close or error", e.kind))?;
    if !crate::miniprograms::valid_mp_id(&e.mp_id) {
        return Err(format!("mp_id {:?} is not a mini-program id", e.mp_id));
    }
    if e.duration_ms
        .is_some_and(|d| !(0..=86_400_000).contains(&d))
    {
        return Err("duration_ms is not between 0 and a day".into());
    }
    let mut ev = event(kind, user.clone(), platform);
    ev.mp_id = Some(e.mp_id);
    ev.version = e.version.filter(|v| !v.is_empty() && v.len() <= 64);
    ev.duration_ms = e.duration_ms;
    ev.message = e.message.map(|m| m.chars().take(500).collect());
    Ok(ev)
}

/// `POST /api/storefront/events`: `{"events": [{"type", "mp_id", "version"?, "duration_ms"?,
/// "message"?}]}` (any content type: `sendBeacon` sends text). `204`, with the device cookie
/// set when the visitor had none; `422` naming what is wrong; events of mini-programs that are
/// not in the store are dropped.
pub async fn beacon(
    State(st): State<AppState>,
    session: Session,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if body.len() > MAX_BODY {
        return (StatusCode::PAYLOAD_TOO_LARGE, "at most 16 KiB").into_response();
    }
    let batch: Beacon = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return bad(format!("the body is not a batch of events: {e}")),
    };
    if batch.events.len() > MAX_EVENTS {
        return bad(format!("at most {MAX_EVENTS} events at a time"));
    }
    let account = super::auth::user_of(&session, &st)
        .await
        .ok()
        .flatten()
        .map(|a| a.id);
    let known = device_of(&headers);
    let device = known.unwrap_or_else(Uuid::new_v4);
    let user = visitor(account, Some(device));
    let platform = platform_of(&headers);
    let mut checked = Vec::with_capacity(batch.events.len());
    for (i, e) in batch.events.into_iter().enumerate() {
        match check(e, &user, platform) {
            Ok(e) => checked.push(e),
            Err(m) => return bad(format!("events[{i}]: {m}")),
        }
    }
    let ids: Vec<String> = checked.iter().filter_map(|e| e.mp_id.clone()).collect();
    match super::db::analytics::listed(&st.pool, &ids).await {
        Ok(listed) => checked.retain(|e| e.mp_id.as_ref().is_some_and(|m| listed.contains(m))),
        Err(e) => {
            tracing::warn!(error = %e, "checking beacon mini-programs");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    if !checked.is_empty() {
        record(&st, &checked).await;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    if known.is_none() {
        let secure = if st.settings.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{DEVICE_COOKIE}={device}; Path=/; Max-Age=34560000; SameSite=Lax; HttpOnly{secure}"
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_devices_and_visitors() {
        let mut h = HeaderMap::new();
        assert_eq!(platform_of(&h), "web");
        h.insert(
            header::USER_AGENT,
            "Mozilla/5.0 (Linux; Android 14) Mobile".parse().unwrap(),
        );
        assert_eq!(platform_of(&h), "android");
        let d = Uuid::new_v4();
        h.insert(
            header::COOKIE,
            format!("a=b; {DEVICE_COOKIE}={d}; c=d").parse().unwrap(),
        );
        assert_eq!(device_of(&h), Some(d));
        let a = Uuid::new_v4();
        assert_eq!(visitor(Some(a), Some(d)), Some(format!("acct:{a}")));
        assert_eq!(visitor(None, Some(d)), Some(format!("dev:{d}")));
        assert_eq!(visitor(None, None), None);
    }
}
