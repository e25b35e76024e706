//! The portal's mini-program pages: register one ([`new`]), and one page per mini-program
//! ([`detail`]) with its versions ([`versions`]), upload, trial, icon and screenshots
//! ([`media`]), store listing ([`listing`]) and review submission.

mod detail;
mod listing;
mod media;
mod new;
mod places;
mod versions;

pub use detail::AppPage;
pub use new::NewApp;

use leptos::prelude::*;

/// A mini-program's icon, or its initial on a colour when it has none.
#[component]
pub fn AppIcon(url: Option<String>, name: String, #[prop(optional)] large: bool) -> impl IntoView {
    let class = if large { "app-icon large" } else { "app-icon" };
    match url {
        Some(u) => view! { <img class=class src=u alt="" loading="lazy" /> }.into_any(),
        None => view! {
            <span class=format!(
                "{class} placeholder",
            )>{name.chars().next().unwrap_or('?').to_string()}</span>
        }
        .into_any(),
    }
}
