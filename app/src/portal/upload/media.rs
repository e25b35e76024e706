//! The image inputs of the icon and the screenshots.

use leptos::prelude::*;

/// A file input that PUTs the chosen image to `url`, then calls `on_done` (or shows the error).
#[component]
pub fn ImageInput(
    #[prop(into)] url: String,
    label: &'static str,
    testid: &'static str,
    on_done: Callback<()>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let url = StoredValue::new(url);
    let on_change = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(file) = input
            .as_ref()
            .and_then(web_sys::HtmlInputElement::files)
            .and_then(|f| f.get(0))
        else {
            return;
        };
        error.set(None);
        busy.set(true);
        #[cfg(feature = "hydrate")]
        super::put_file(
            &url.get_value(),
            &file,
            |_| {},
            move |status, text| {
                busy.set(false);
                if (200..300).contains(&status) {
                    on_done.run(());
                } else {
                    let msg = serde_json::from_str::<crate::error::AppError>(&text).map_or_else(
                        |_| format!("The upload failed (HTTP {status})."),
                        |e| e.to_string(),
                    );
                    error.set(Some(msg));
                }
            },
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = (file, url, on_done);
        if let Some(i) = input {
            i.set_value("");
        }
    };
    view! {
        <label class="btn btn-sm">
            {move || if busy.get() { "Uploading…" } else { label }}
            <input
                type="file"
                accept="image/png,image/jpeg,image/webp"
                class="visually-hidden"
                data-testid=testid
                on:change=on_change
            />
        </label>
        {move || {
            error
                .get()
                .map(|e| {
                    view! {
                        <p class="field-error" role="alert">
                            {e}
                        </p>
                    }
                })
        }}
    }
}
