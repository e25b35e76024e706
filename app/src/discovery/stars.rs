//! Favourite stars: the big one on a detail page and the small ones on cards. Signed in, a star
//! toggles at once; signed out, it leads to sign-in, which keeps the choice (`?favourite=`).

use super::home_api::{is_favourite, SetFavourite};
use crate::ui::Loaded;
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// Which stars a list of cards shows: none, the signed-out kind, or the user's.
#[derive(Debug, Clone, Default)]
pub enum Stars {
    /// No stars (a preview, a list that is not the user's).
    #[default]
    Off,
    SignedOut,
    Of(Arc<HashSet<String>>),
}

impl Stars {
    /// The stars for a page whose user starred `favourites` (`None`: signed out).
    pub fn of(favourites: Option<Vec<String>>) -> Stars {
        match favourites {
            None => Stars::SignedOut,
            Some(ids) => Stars::Of(Arc::new(ids.into_iter().collect())),
        }
    }

    /// For card `id`: no star (`None`), signed out (`Some(None)`), or whether it is starred.
    pub fn on(&self, id: &str) -> Option<Option<bool>> {
        match self {
            Stars::Off => None,
            Stars::SignedOut => Some(None),
            Stars::Of(ids) => Some(Some(ids.contains(id))),
        }
    }
}

/// The sign-in link that comes back to `next` with `id` starred.
fn sign_in_href(next: &str, id: &str) -> String {
    format!(
        "/signin?next={}&favourite={}",
        crate::domain::urlencode(next),
        crate::domain::urlencode(id)
    )
}

/// A toggle of `id` for the signed-in user, starting at `initial`; `compact` shows only ★ / ☆.
#[component]
fn Toggle(id: String, initial: bool, compact: bool, name: String) -> impl IntoView {
    let toggle = ServerAction::<SetFavourite>::new();
    let on = move || toggle.value().get().and_then(Result::ok).unwrap_or(initial);
    let class = move || match (compact, on()) {
        (true, true) => "card-star on",
        (true, false) => "card-star",
        (false, true) => "btn btn-ghost star on",
        (false, false) => "btn btn-ghost star",
    };
    let label = move || match (compact, on()) {
        (true, true) => "★",
        (true, false) => "☆",
        (false, true) => "★ In your favourites",
        (false, false) => "☆ Add to favourites",
    };
    let name = StoredValue::new(name);
    let aria = move || {
        compact.then(|| {
            if on() {
                format!("Remove {} from favourites", name.get_value())
            } else {
                format!("Add {} to favourites", name.get_value())
            }
        })
    };
    view! {
        <ActionForm action=toggle attr:class="inline star-form">
            <input type="hidden" name="id" value=id.clone() />
            <input type="hidden" name="on" value=move || (!on()).to_string() />
            <button
                class=class
                type="submit"
                aria-pressed=move || on().to_string()
                aria-label=aria
                title=aria
                data-testid=if compact { "card-star" } else { "favourite" }
            >
                {label}
            </button>
        </ActionForm>
    }
}

/// ☆ / ★ on a detail page. Signed out: a link to sign in that comes back here with it starred.
#[component]
pub fn FavouriteStar(id: String) -> impl IntoView {
    let key = id.clone();
    let state = crate::ui::server_resource(move || key.clone(), is_favourite);
    view! {
        <Loaded resource=state let:fav>
            {
                let id = id.clone();
                match fav {
                    None => {
                        view! {
                            <a
                                class="btn btn-ghost star"
                                href=sign_in_href(&format!("/app/{id}"), &id)
                                data-testid="favourite"
                                title="Sign in to keep your favourites"
                            >
                                "☆ Add to favourites"
                            </a>
                        }
                            .into_any()
                    }
                    Some(initial) => {
                        view! { <Toggle id initial compact=false name=String::new() /> }.into_any()
                    }
                }
            }
        </Loaded>
    }
}

/// The small star on a card: `on` is `None` when signed out.
#[component]
pub fn CardStar(id: String, on: Option<bool>, name: String) -> impl IntoView {
    match on {
        None => {
            let here = leptos_router::hooks::use_location();
            let href = move || {
                let (path, query) = (here.pathname.get(), here.search.get());
                let query = query.trim_start_matches('?');
                let next = if query.is_empty() {
                    path
                } else {
                    format!("{path}?{query}")
                };
                sign_in_href(&next, &id)
            };
            view! {
                <a
                    class="card-star"
                    href=href
                    aria-label=format!("Add {name} to favourites")
                    title="Sign in to keep your favourites"
                    data-testid="card-star"
                >
                    "☆"
                </a>
            }
            .into_any()
        }
        Some(initial) => view! { <Toggle id initial compact=true name /> }.into_any(),
    }
}
