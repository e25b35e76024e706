//! The storefront home page's banner and rows, and the account page's favourites.

use super::home_api::{my_favourites, store_home};
use super::stars::{CardStar, Stars};
use super::{Banner, HomeRow};
use crate::miniprograms::StoreCard;
use crate::portal::apps::AppIcon;
use crate::ui::Loaded;
use leptos::prelude::*;

/// The banner and the rows (the home page without a category chosen).
#[component]
pub fn HomeRows() -> impl IntoView {
    let home = crate::ui::server_resource(|| (), |()| store_home());
    view! {
        <Loaded resource=home let:data>
            {data.banner.map(|b| view! { <FeaturedBanner b /> })}
            <super::device::DeviceRecents />
            {
                let stars = Stars::of(data.favourites);
                data.rows
                    .into_iter()
                    .map(|row| view! { <Shelf row stars=stars.clone() /> })
                    .collect_view()
            }
        </Loaded>
    }
}

#[component]
pub fn FeaturedBanner(b: Banner) -> impl IntoView {
    let style = b
        .image_url
        // A dark veil on the left keeps the text legible whatever the picture.
        .map(|u| {
            format!(
                "background-image: linear-gradient(90deg, rgba(30,27,75,.78), rgba(30,27,75,.25)), url('{u}')"
            )
        })
        .unwrap_or_default();
    view! {
        <section class="banner" data-testid="banner" style=style>
            <div class="banner-text">
                <p class="eyebrow">"Featured"</p>
                <h2>{b.title}</h2>
                <p>{b.subtitle}</p>
            </div>
            <div class="banner-apps">
                {b
                    .cards
                    .into_iter()
                    .map(|c| {
                        view! {
                            <a
                                class="banner-app"
                                href=format!("/app/{}", c.id)
                                data-mp=c.id.clone()
                            >
                                <AppIcon url=c.icon_url.clone() name=c.name.clone() />
                                <span>{c.name.clone()}</span>
                            </a>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

/// A row of tiles; with `stars`, each has its ☆ / ★.
#[component]
pub fn Shelf(row: HomeRow, #[prop(optional)] stars: Stars) -> impl IntoView {
    let more = row.more.clone().map(|href| {
        view! {
            <a class="shelf-more" href=href>
                "See all →"
            </a>
        }
    });
    view! {
        <section class="shelf" data-row=row.key.clone() aria-label=row.title.clone()>
            <div class="shelf-head">
                <div>
                    <h2>{row.title.clone()}</h2>
                    {(!row.subtitle.is_empty())
                        .then(|| view! { <p class="muted small">{row.subtitle.clone()}</p> })}
                </div>
                {more}
            </div>
            <div class="shelf-cards">
                {row
                    .cards
                    .into_iter()
                    .map(|c| view! { <Tile c stars=stars.clone() /> })
                    .collect_view()}
            </div>
        </section>
    }
}

#[component]
fn Tile(c: StoreCard, #[prop(optional)] stars: Stars) -> impl IntoView {
    let star = stars
        .on(&c.id)
        .map(|on| view! { <CardStar id=c.id.clone() on name=c.name.clone() /> });
    view! {
        <div class="tile-wrap">
            <a class="tile" href=format!("/app/{}", c.id) data-mp=c.id.clone()>
                <AppIcon url=c.icon_url.clone() name=c.name.clone() large=true />
                <span class="tile-name">{c.name.clone()}</span>
                <span class="tiny muted">{c.category.clone().unwrap_or_default()}</span>
            </a>
            {star}
        </div>
    }
}

/// The account page's list of favourites.
#[component]
pub fn FavouritesCard() -> impl IntoView {
    let favs = crate::ui::server_resource(|| (), |()| my_favourites());
    view! {
        <div class="card" data-testid="account-favourites">
            <h2>"Favourites"</h2>
            <Loaded resource=favs let:list>
                {if list.is_empty() {
                    view! {
                        <p class="muted small">
                            "Star a mini-program on its page (☆) to find it here and on the home page."
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <div class="shelf-cards">
                            {
                                let stars = Stars::of(
                                    Some(list.iter().map(|c| c.id.clone()).collect()),
                                );
                                list.into_iter()
                                    .map(|c| view! { <Tile c stars=stars.clone() /> })
                                    .collect_view()
                            }
                        </div>
                    }
                        .into_any()
                }}
            </Loaded>
        </div>
    }
}
