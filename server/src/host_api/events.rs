//! `POST /api/v1/events`: batches of analytics events from host apps (HOST-API.md).
//!
//! At most 1000 events per batch; an invalid event rejects the whole batch with a 422 naming its
//! index; event ids make retries idempotent (a repeated id is counted once, as a duplicate); the
//! events are committed to PostgreSQL before the 202. Launches also record their user for the
//! audience preview of release plans.

use super::{ApiError, HostApp};
use app::server::db::events::{self as db, NewEvent};
use app::server::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// The most events in one batch.
pub const MAX_BATCH: usize = 1000;
/// The largest body accepted (1000 events of about 2 KB each, with room to spare).
pub const MAX_BODY: usize = 4 * 1024 * 1024;
const TYPES: [&str; 5] = ["launch", "view", "close", "error", "search"];

/// A batch of events.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EventBatch {
    /// 1 to 1000 events.
    #[schema(value_type = Vec<Event>)]
    pub events: Vec<serde_json::Value>,
}

/// One analytics event. Unknown fields are ignored.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Event {
    /// A UUID chosen by the client; sending the same id again is a no-op.
    pub id: String,
    /// `launch`, `view`, `close`, `error` or `search`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The mini-program (required except for `search`).
    #[serde(default)]
    pub mp_id: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    /// When it happened, RFC 3339.
    pub ts: String,
    #[serde(default)]
    pub duration_ms: Option<i64>,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    /// The error message, or the search text.
    #[serde(default)]
    pub message: Option<String>,
    /// A search's result count.
    #[serde(default)]
    pub results: Option<i64>,
}

/// The reply: how many events were stored now, and how many had been received before.
#[derive(Debug, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Accepted {
    pub accepted: u64,
    pub duplicates: u64,
}

fn short(field: &str, v: Option<String>, max: usize) -> Result<Option<String>, String> {
    match v {
        Some(s) if s.len() > max => Err(format!("{field} is longer than {max} bytes")),
        Some(s) if s.trim().is_empty() => Ok(None),
        other => Ok(other),
    }
}

/// Checks one event (`now` bounds how far in the future `ts` may be, and with the retention in
/// days how far in the past).
pub fn check(
    value: serde_json::Value,
    now: OffsetDateTime,
    retention_days: u32,
) -> Result<NewEvent, String> {
    let e: Event = serde_json::from_value(value).map_err(|e| e.to_string())?;
    let id = Uuid::parse_str(e.id.trim()).map_err(|_| "id is not a UUID".to_string())?;
    let kind = TYPES
        .into_iter()
        .find(|t| *t == e.kind)
        .ok_or_else(|| format!("type {:?} is not one of {}", e.kind, TYPES.join(", ")))?;
    let mp_id = short("mp_id", e.mp_id, 70)?;
    if kind != "search" && mp_id.is_none() {
        return Err(format!("mp_id is required for a {kind} event"));
    }
    let ts = OffsetDateTime::parse(e.ts.trim(), &Rfc3339)
        .map_err(|_| format!("ts {:?} is not an RFC 3339 date-time", e.ts))?;
    if ts > now + time::Duration::days(1) {
        return Err("ts is more than a day in the future".into());
    }
    let oldest = now - time::Duration::days(i64::from(retention_days));
    if ts < oldest {
        return Err(format!(
            "ts is older than the {retention_days} days events are kept"
        ));
    }
    let results = match e.results {
        None => None,
        Some(n) if n >= 0 && kind == "search" => Some(i32::try_from(n).unwrap_or(i32::MAX)),
        Some(_) if kind != "search" => return Err("results is only for a search event".into()),
        Some(_) => return Err("results is negative".into()),
    };
    if e.duration_ms.is_some_and(|d| d < 0) {
        return Err("duration_ms is negative".into());
    }
    Ok(NewEvent {
        id,
        kind,
        mp_id,
        version: short("version", e.version, 64)?,
        user_id: short("user_id", e.user_id, 256)?,
        ts,
        duration_ms: e.duration_ms,
        platform: short("platform", e.platform, 64)?,
        region: short("region", e.region, 64)?,
        message: short("message", e.message, 4000)?,
        results,
    })
}

/// Records a batch of analytics events.
#[utoipa::path(
    post,
    path = "/api/v1/events",
    tag = "events",
    request_body = EventBatch,
    responses(
        (status = 202, description = "Stored (durably) before this reply", body = Accepted),
        (status = 400, description = "The body is not JSON", body = super::ErrorBody),
        (status = 401, description = "Missing or wrong credentials", body = super::ErrorBody),
        (status = 413, description = "More than 1000 events, or a body over 4 MiB", body = super::ErrorBody),
        (status = 422, description = "An invalid event; the message names its index", body = super::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn handler(
    State(state): State<AppState>,
    host_app: HostApp,
    body: Result<Json<EventBatch>, JsonRejection>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    let Json(batch) = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::too_large(format!("The body is larger than {MAX_BODY} bytes."))
        }
        StatusCode::UNPROCESSABLE_ENTITY => ApiError::unprocessable("events", e.body_text()),
        _ => ApiError::invalid("body", e.body_text()),
    })?;
    if batch.events.is_empty() {
        return Err(ApiError::unprocessable("events", "is empty"));
    }
    if batch.events.len() > MAX_BATCH {
        return Err(ApiError::too_large(format!(
            "events: at most {MAX_BATCH} per batch (got {}).",
            batch.events.len()
        )));
    }
    let now = OffsetDateTime::now_utc();
    let total = batch.events.len() as u64;
    let events = batch
        .events
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            check(v, now, state.settings.event_retention_days)
                .map_err(|m| ApiError::unprocessable(&format!("events[{i}]"), m))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let accepted = db::store(&state.pool, host_app.id, &events).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            accepted,
            duplicates: total - accepted,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> OffsetDateTime {
        OffsetDateTime::parse("2026-11-22T10:00:00Z", &Rfc3339).unwrap()
    }

    fn event() -> serde_json::Value {
        json!({"id": "6f1c2a1e-0000-4000-8000-000000000001", "type": "launch", "mp_id": "mp_x",
               "version": "1.0.0", "user_id": "u1", "ts": "2026-11-22T09:59:00Z", "extra": 1})
    }

    #[test]
    fn a_good_event_passes_and_unknown_fields_are_ignored() {
        let v = check(event(), now(), 90).unwrap();
        assert_eq!(v.kind, "launch");
        assert_eq!(v.mp_id.as_deref(), Some("mp_x"));
    }

    #[test]
    fn bad_events_say_what_is_wrong() {
        let cases = [
            ("id", json!("nope"), "UUID"),
            ("type", json!("crash"), "not one of"),
            ("ts", json!("yesterday"), "RFC 3339"),
            ("ts", json!("2026-11-24T10:00:00Z"), "future"),
            ("duration_ms", json!(-1), "negative"),
            ("mp_id", json!(null), "required"),
            (
                "ts",
                json!("2026-08-01T10:00:00Z"),
                "older than the 90 days",
            ),
            ("results", json!(3), "only for a search"),
        ];
        for (field, value, says) in cases {
            let mut e = event();
            e[field] = value;
            let err = check(e, now(), 90).unwrap_err();
            assert!(err.contains(says), "{field}: {err}");
        }
        let mut e = event();
        e.as_object_mut().unwrap().remove("ts");
        assert!(check(e, now(), 90).unwrap_err().contains("ts"));
    }

    #[test]
    fn search_events_need_no_mini_program() {
        let mut e = event();
        e["type"] = json!("search");
        e["mp_id"] = json!(null);
        e["results"] = json!(0);
        assert_eq!(check(e.clone(), now(), 90).unwrap().results, Some(0));
        e["results"] = json!(-1);
        assert!(check(e, now(), 90).unwrap_err().contains("negative"));
    }
}
