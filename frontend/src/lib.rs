//! The browser entry point: hydrates the server-rendered page.
// Release builds (no erased component types) need deeper queries for the nested views.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
