//! The browser entry point: hydrates the server-rendered page.
// Release builds (no erased component types) need deeper queries for the nested views.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The portal's and the admin console's pages are lazy routes (split off the main bundle
    // by `cargo leptos build --split`): hydration waits for their code when the page is one.
    leptos::mount::hydrate_lazy(app::App);
}
