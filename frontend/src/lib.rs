//! The browser entry point: hydrates the server-rendered page.
// Release builds (no erased component types) need deeper queries for the nested views.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Server functions redirect only when who is signed in changed (sign-in, sign-up, sign-out,
    // becoming a developer): load the next page in full, so that the server renders it for the
    // new session and the page's user (see `app::accounts::session::Auth`) is right again. Set
    // before the router sets its own (client-side) hook: the first one set wins.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|loc: &str| {
        let _ = leptos::prelude::window().location().assign(loc);
    });
    // The portal's and the admin console's pages are lazy routes (split off the main bundle by
    // `cargo leptos build --split`): hydration waits for their code when the page is one, and
    // the page is marked hydrated only then.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document().body().expect("a <body>");
        let owner = leptos::mount::hydrate_from_async(body, app::App).await;
        owner.forget();
        app::ui::mark_hydrated();
    });
}
