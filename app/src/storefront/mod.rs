//! The storefront (`/`): what consumers see, in a browser or a host app's webview.

use crate::catalog::api::list_categories;
use crate::ui::{Brand, Loading, UserMenu};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;

#[component]
pub fn StoreLayout() -> impl IntoView {
    view! {
        <div class="app store">
            <header class="topbar">
                <div class="topbar-inner">
                    <Brand/>
                    <nav class="topnav">
                        <a class="nav-link" href="/">"Discover"</a>
                    </nav>
                    <UserMenu/>
                </div>
            </header>
            <main class="main">
                <Outlet/>
            </main>
            <footer class="footer">
                <span>"Ministore — the mini-program store for your SuperApp."</span>
                <a href="/portal">"For developers"</a>
            </footer>
        </div>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let categories = Resource::new(|| (), |_| list_categories());
    view! {
        <Title text=""/>
        <section class="hero">
            <div class="hero-inner">
                <p class="eyebrow">"Mini-programs, instantly"</p>
                <h1>"Everything your app can do, one tap away"</h1>
                <p class="lead">"Pay bills, play a quick game, convert currencies — small apps that open in a second, with nothing to install."</p>
            </div>
        </section>
        <section class="page">
            <h2 class="section-title">"Browse by category"</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match categories.await {
                        Ok(cats) if cats.is_empty() => view! {
                            <div class="empty-state small"><p class="muted">"No categories yet."</p></div>
                        }.into_any(),
                        Ok(cats) => view! {
                            <div class="category-grid" data-testid="categories">
                                {cats.into_iter().map(|c| view! {
                                    <div class="category-tile">
                                        <span class="category-icon">{c.icon}</span>
                                        <span>{c.name}</span>
                                    </div>
                                }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(e) => view! { <crate::ui::ErrorPanel error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <h2 class="section-title">"New and noteworthy"</h2>
            <div class="empty-state" data-testid="no-programs">
                <div class="empty-icon">"📦"</div>
                <h3>"No mini-programs released yet"</h3>
                <p class="muted">"Developers are uploading their first versions. Check back soon."</p>
            </div>
        </section>
    }
}
