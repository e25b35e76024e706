//! The storefront (`/`): what consumers see, in a browser or a host app's webview.

pub mod detail;
pub mod launch;

use crate::catalog::api::list_categories;
use crate::miniprograms::api::released_miniprograms;
use crate::portal::apps::AppIcon;
use crate::ui::Loaded;
use crate::ui::{Brand, UserMenu};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StoreLayout() -> impl IntoView {
    view! {
        <div class="app store">
            <header class="topbar">
                <div class="topbar-inner">
                    <Brand />
                    <nav class="topnav">
                        <a class="nav-link" href="/">
                            "Discover"
                        </a>
                        <a class="nav-link" href="/nearby">
                            "Nearby"
                        </a>
                    </nav>
                    <crate::discovery::search_box::SearchBox />
                    <UserMenu />
                </div>
            </header>
            <main class="main">
                <Outlet />
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
    let query = use_query_map();
    let category = move || query.read().get("category").filter(|c| !c.is_empty());
    let categories = crate::ui::server_resource(|| (), |_| list_categories());
    // The grid of one category (without one, the home page shows rows instead).
    let programs = crate::ui::server_resource(category, |c| async move {
        match c {
            Some(_) => released_miniprograms(c).await,
            None => Ok(vec![]),
        }
    });
    view! {
        <Title text="" />
        <section class="hero">
            <div class="hero-inner">
                <p class="eyebrow">"Mini-programs, instantly"</p>
                <h1>"Everything your app can do, one tap away"</h1>
                <p class="lead">
                    "Pay bills, play a quick game, convert currencies — small apps that open in a second, with nothing to install."
                </p>
            </div>
        </section>
        <section class="page">
            <Loaded resource=categories let:cats>
                {
                    let current = category();
                    view! {
                        <nav class="chips" data-testid="categories" aria-label="Categories">
                            <a
                                class=if current.is_none() { "chip current" } else { "chip" }
                                href="/"
                            >
                                "All"
                            </a>
                            {cats
                                .into_iter()
                                .map(|c| {
                                    let cls = if current.as_deref() == Some(c.slug.as_str()) {
                                        "chip current"
                                    } else {
                                        "chip"
                                    };
                                    view! {
                                        <a class=cls href=format!("/?category={}", c.slug)>
                                            {c.icon}
                                            " "
                                            {c.name}
                                        </a>
                                    }
                                })
                                .collect_view()}
                        </nav>
                    }
                        .into_any()
                }
            </Loaded>
            <Show when=move || category().is_none()>
                <crate::discovery::home::HomeRows />
            </Show>
            <Show when=move || category().is_some()>
                <Loaded resource=programs let:value>
                    {match value {
                        list if list.is_empty() => {
                            view! {
                                <div class="empty-state" data-testid="no-programs">
                                    <div class="empty-icon">"📦"</div>
                                    <h3>"No mini-programs here yet"</h3>
                                    <p class="muted">
                                        "Developers are uploading their first versions. Check back soon."
                                    </p>
                                </div>
                            }
                                .into_any()
                        }
                        list => {
                            view! {
                                <div class="store-grid" data-testid="programs">
                                    {list
                                        .into_iter()
                                        .map(|c| view! { <StoreCardView c /> })
                                        .collect_view()}
                                </div>
                            }
                                .into_any()
                        }
                    }}
                </Loaded>
            </Show>
        </section>
    }
}

#[component]
fn StoreCardView(c: crate::miniprograms::StoreCard) -> impl IntoView {
    view! {
        <a class="store-card" href=format!("/app/{}", c.id) data-mp=c.id.clone()>
            <AppIcon url=c.icon_url.clone() name=c.name.clone() />
            <div class="grow">
                <h3>{c.name.clone()}</h3>
                <p class="muted small">{c.summary.clone()}</p>
                <p class="tiny muted">
                    {c.category.clone().unwrap_or_default()}
                    {(c.kind == "game").then_some(" · Game")}" · "{c.developer.clone()}
                </p>
            </div>
            <span class="btn btn-sm btn-pill">"Open"</span>
        </a>
    }
}
