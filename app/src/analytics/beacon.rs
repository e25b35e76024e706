//! The storefront's events from the browser: `navigator.sendBeacon` to
//! `/api/storefront/events` (it survives the page going away). Nothing happens on the server.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = navigator, js_name = sendBeacon, catch)]
        pub fn send_beacon(url: &str, data: &str) -> Result<bool, JsValue>;
        #[wasm_bindgen(js_namespace = Date, js_name = now)]
        pub fn now() -> f64;
    }
}

/// Sends `events` (a JSON array of `{"type", "mp_id", ...}`); a refusal is ignored (analytics
/// never gets in the visitor's way).
pub fn send(events: serde_json::Value) {
    #[cfg(feature = "hydrate")]
    {
        let body = serde_json::json!({ "events": events }).to_string();
        let _ = js::send_beacon("/api/storefront/events", &body);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = events;
}

/// Records a detail-page view of `mp_id` once the page is live in the browser.
pub fn track_view(mp_id: String) {
    Effect::new(move |_| send(serde_json::json!([{ "type": "view", "mp_id": mp_id }])));
}

/// Records a launch of `mp_id` at `version` now, and its `close` with the time spent when the
/// runner goes away: navigated from (cleanup) or the page hidden for good (`pagehide`),
/// whichever comes first.
pub fn track_session(mp_id: String, version: String) {
    #[cfg(feature = "hydrate")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        Effect::new(move |_| {
            let started = js::now();
            send(serde_json::json!([{ "type": "launch", "mp_id": mp_id, "version": version }]));
            let closed = Arc::new(AtomicBool::new(false));
            let close = {
                let (mp_id, version) = (mp_id.clone(), version.clone());
                move || {
                    if !closed.swap(true, Ordering::SeqCst) {
                        let ms = (js::now() - started).max(0.0).round() as i64;
                        send(serde_json::json!([{ "type": "close", "mp_id": mp_id,
                                                  "version": version, "duration_ms": ms }]));
                    }
                }
            };
            let on_hide = close.clone();
            let handle = window_event_listener_untyped("pagehide", move |_| on_hide());
            on_cleanup(move || {
                close();
                handle.remove();
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (mp_id, version);
}
