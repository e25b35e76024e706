//! The browser entry point: hydrates the server-rendered page.
// Release builds (no erased component types) need deeper queries for the nested views.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Server functions redirect only when who is signed in changed (sign-in, sign-up, sign-out,
    // becoming a developer): load the next page in full, so that the server renders it for the
    // new session and the page's user (see `app::accounts::pages::Auth`) is right again. Set
    // before the router sets its own (client-side) hook: the first one set wins.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|loc: &str| {
        let _ = leptos::prelude::window().location().assign(loc);
    });
    leptos::mount::hydrate_body(app::App);
}
