//! "Recently used" for a visitor who is not signed in: the launches of this device, kept in the
//! browser's `localStorage` (the server keeps a signed-in user's). Nothing leaves the device
//! but the ids asked for when the home page shows the row.

use super::HomeRow;
use crate::error::AppError;
use crate::miniprograms::StoreCard;
use leptos::prelude::*;

/// Where the ids are kept, newest first.
pub const KEY: &str = "ministore:recent";
/// How many are kept.
pub const MAX: usize = 12;

#[cfg(feature = "hydrate")]
mod storage {
    use wasm_bindgen::prelude::*;

    // The global `localStorage`, bound directly: it may throw (storage disabled), so each call
    // catches.
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = localStorage, js_name = getItem, catch)]
        fn get_item(key: &str) -> Result<Option<String>, JsValue>;
        #[wasm_bindgen(js_namespace = localStorage, js_name = setItem, catch)]
        fn set_item(key: &str, value: &str) -> Result<(), JsValue>;
    }

    pub fn read() -> Vec<String> {
        get_item(super::KEY)
            .ok()
            .flatten()
            .and_then(|t| serde_json::from_str::<Vec<String>>(&t).ok())
            .unwrap_or_default()
    }

    pub fn write(ids: &[String]) {
        if let Ok(text) = serde_json::to_string(ids) {
            let _ = set_item(super::KEY, &text);
        }
    }
}

/// `ids` with `id` moved to the front, at most `MAX`.
pub fn with_launch(mut ids: Vec<String>, id: &str) -> Vec<String> {
    ids.retain(|i| i != id);
    ids.insert(0, id.to_string());
    ids.truncate(MAX);
    ids
}

/// Remembers on this device that `id` was launched (in the browser; nothing on the server).
pub fn remember_launch(id: &str) {
    #[cfg(feature = "hydrate")]
    storage::write(&with_launch(storage::read(), id));
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// The storefront's cards for `ids`, in that order (what is not in the store is left out).
#[leptos::server(prefix = "/rpc", endpoint = "discovery/cards")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn store_cards(ids: Vec<String>) -> Result<Vec<StoreCard>, AppError> {
    crate::server::respond(async move {
        if ids.len() > MAX || ids.iter().any(|i| i.len() > 80) {
            return Err(AppError::validation(
                "ids",
                format!("Ask for at most {MAX} mini-programs."),
            ));
        }
        let st = crate::server::state()?;
        super::home_api::cards(&st, ids).await
    })
    .await
}

/// The "Recently used on this device" row, for a visitor who is not signed in; empty on the
/// server and until the browser has read what it keeps.
#[component]
pub fn DeviceRecents() -> impl IntoView {
    let signed_in = crate::accounts::session::use_auth()
        .user
        .get_value()
        .is_some();
    let row = RwSignal::new(None::<HomeRow>);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if !signed_in {
            let ids = storage::read();
            if ids.is_empty() {
                return;
            }
            leptos::task::spawn_local(async move {
                if let Ok(cards) = store_cards(ids).await {
                    if !cards.is_empty() {
                        row.set(Some(HomeRow::new(
                            "recent-device",
                            "Recently used",
                            "On this device",
                            cards,
                        )));
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (signed_in, row);
    });
    move || row.get().map(|row| view! { <super::home::Shelf row /> })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_launch_moves_to_the_front_and_the_list_stays_short() {
        let ids: Vec<String> = (0..super::MAX).map(|i| format!("mp_{i}")).collect();
        let after = super::with_launch(ids, "mp_5");
        assert_eq!(after[0], "mp_5");
        assert_eq!(after.len(), super::MAX);
        assert_eq!(after.iter().filter(|i| *i == "mp_5").count(), 1);
        let after = super::with_launch(after, "mp_new");
        assert_eq!((after[0].as_str(), after.len()), ("mp_new", super::MAX));
        assert!(!after.contains(&"mp_11".to_string()));
    }
}
