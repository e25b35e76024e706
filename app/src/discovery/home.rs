//! The storefront home page's banner and rows, and the favourite star.

use super::home_api::{is_favourite, my_favourites, store_home};
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
            {data.rows.into_iter().map(|row| view! { <Shelf row /> }).collect_view()}
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

#[component]
pub fn Shelf(row: HomeRow) -> impl IntoView {
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
                {row.cards.into_iter().map(|c| view! { <Tile c /> }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn Tile(c: StoreCard) -> impl IntoView {
    view! {
        <a class="tile" href=format!("/app/{}", c.id) data-mp=c.id.clone()>
            <AppIcon url=c.icon_url.clone() name=c.name.clone() large=true />
            <span class="tile-name">{c.name.clone()}</span>
            <span class="tiny muted">{c.category.clone().unwrap_or_default()}</span>
        </a>
    }
}

/// ☆ / ★ on a detail page. Signed out: a link to sign in that comes back here.
#[component]
pub fn FavouriteStar(id: String) -> impl IntoView {
    let key = id.clone();
    let state = crate::ui::server_resource(move || key.clone(), is_favourite);
    let toggle = ServerAction::<super::home_api::SetFavourite>::new();
    view! {
        <Loaded resource=state let:fav>
            {
                let id = id.clone();
                match fav {
                    None => {
                        view! {
                            <a
                                class="btn btn-ghost star"
                                href=format!("/signin?next=/app/{id}&favourite={id}")
                                data-testid="favourite"
                                title="Sign in to keep your favourites"
                            >
                                "☆ Add to favourites"
                            </a>
                        }
                            .into_any()
                    }
                    Some(initial) => {
                        let on = move || {
                            toggle.value().get().and_then(Result::ok).unwrap_or(initial)
                        };
                        view! {
                            <ActionForm action=toggle attr:class="inline">
                                <input type="hidden" name="id" value=id.clone() />
                                <input type="hidden" name="on" value=move || (!on()).to_string() />
                                <button
                                    class=move || {
                                        if on() {
                                            "btn btn-ghost star on"
                                        } else {
                                            "btn btn-ghost star"
                                        }
                                    }
                                    type="submit"
                                    aria-pressed=move || on().to_string()
                                    data-testid="favourite"
                                >
                                    {move || {
                                        if on() {
                                            "★ In your favourites"
                                        } else {
                                            "☆ Add to favourites"
                                        }
                                    }}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                }
            }
        </Loaded>
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
                            {list.into_iter().map(|c| view! { <Tile c /> }).collect_view()}
                        </div>
                    }
                        .into_any()
                }}
            </Loaded>
        </div>
    }
}
