//! A mini-program's storefront page: icon, description, developer, version notes, QR code.

use crate::miniprograms::api::get_store_detail;
use crate::portal::apps::AppIcon;
use crate::ui::Loading;
use crate::versions::human_size;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn permission_label(p: &str) -> &'static str {
    match p {
        "system_info" => "Reads basic device info (platform, language, screen)",
        "storage" => "Keeps its own data on this device",
        "user_profile" => "Asks for your display name (you choose each time)",
        "open_miniprogram" => "Can open other mini-programs",
        "report_error" => "Reports its errors to the developer",
        _ => "Other permission",
    }
}

#[component]
pub fn DetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let detail = crate::ui::server_resource(id, get_store_detail);
    view! {
        <Transition fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(crate::error::AppError::NotFound { .. }) => {
                        view! { <crate::ui::NotFound /> }.into_any()
                    }
                    Err(e) => {
                        view! {
                            <div class="page">
                                <crate::ui::ErrorPanel error=e />
                            </div>
                        }
                            .into_any()
                    }
                    Ok(d) => {
                        crate::analytics::beacon::track_view(d.card.id.clone());
                        view! {
                            <Title text=d.card.name.clone() />
                            <div class="page detail">
                                <div class="detail-head">
                                    <AppIcon
                                        url=d.card.icon_url.clone()
                                        name=d.card.name.clone()
                                        large=true
                                    />
                                    <div class="grow">
                                        <h1>{d.card.name.clone()}</h1>
                                        <p class="lead">{d.card.summary.clone()}</p>
                                        <p class="muted small">
                                            {d.card.developer.clone()}" · "
                                            {d.card.category.clone().unwrap_or_default()}" · v"
                                            {d.version.clone()}" · "{human_size(d.size.max(0) as u64)}
                                        </p>
                                        <a
                                            class="btn btn-primary btn-lg"
                                            href=format!("/app/{}/run", d.card.id)
                                            data-testid="open"
                                        >
                                            "Open"
                                        </a>
                                        {
                                            let id = d.card.id.clone();
                                            view! { <crate::discovery::stars::FavouriteStar id /> }
                                                .into_any()
                                        }
                                    </div>
                                    <figure class="qr" title="Scan to open on your phone">
                                        <div class="qr-code" inner_html=d.qr_svg.clone()></div>
                                        <figcaption class="tiny muted">"Scan to open"</figcaption>
                                    </figure>
                                </div>
                                {(!d.screenshots.is_empty())
                                    .then(|| {
                                        view! {
                                            <div class="shots scroll" data-testid="store-screenshots">
                                                {d
                                                    .screenshots
                                                    .iter()
                                                    .map(|u| {
                                                        view! {
                                                            <img src=u.clone() alt="Screenshot" loading="lazy" />
                                                        }
                                                    })
                                                    .collect_view()}
                                            </div>
                                        }
                                    })}
                                <div class="two-col wide-left">
                                    <div class="card">
                                        <h2>"About"</h2>
                                        <div
                                            class="prose"
                                            inner_html=d.description_html.clone()
                                        ></div>
                                        {(!d.tags.is_empty())
                                            .then(|| {
                                                view! {
                                                    <p class="tags">
                                                        {d
                                                            .tags
                                                            .iter()
                                                            .map(|t| {
                                                                view! {
                                                                    <a
                                                                        class="tag"
                                                                        href=format!("/tag/{}", crate::discovery::encode(t))
                                                                    >
                                                                        {format!("#{t}")}
                                                                    </a>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </p>
                                                }
                                            })}
                                        {(!d.places.is_empty())
                                            .then(|| {
                                                view! { <Places places=d.places.clone() /> }.into_any()
                                            })}
                                    </div>
                                    <div>
                                        <div class="card">
                                            <h2>{format!("What's new in {}", d.version)}</h2>
                                            <p class="prewrap">
                                                {if d.release_notes.is_empty() {
                                                    "First release.".to_string()
                                                } else {
                                                    d.release_notes.clone()
                                                }}
                                            </p>
                                            <p class="tiny muted">
                                                {format!(
                                                    "Released {}",
                                                    d.released_at.get(..10).unwrap_or(""),
                                                )}
                                            </p>
                                        </div>
                                        <div class="card">
                                            <h2>"Permissions"</h2>
                                            {if d.permissions.is_empty() {
                                                view! {
                                                    <p class="muted small">"None. It runs fully isolated."</p>
                                                }
                                                    .into_any()
                                            } else {
                                                view! {
                                                    <ul class="plain small">
                                                        {d
                                                            .permissions
                                                            .iter()
                                                            .map(|p| view! { <li>"• "{permission_label(p)}</li> })
                                                            .collect_view()}
                                                    </ul>
                                                }
                                                    .into_any()
                                            }}
                                            <p class="tiny muted">
                                                "Every mini-program runs in a sandbox on a separate origin: it cannot see your account or this store."
                                            </p>
                                        </div>
                                    </div>
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Where a store mini-program can be found, with a map link for each place.
#[component]
fn Places(places: Vec<crate::miniprograms::PlaceView>) -> impl IntoView {
    view! {
        <div class="places" data-testid="places">
            <h2>"Places"</h2>
            <ul class="place-list">
                {places
                    .into_iter()
                    .map(|p| {
                        let map = format!(
                            "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
                            lat = p.lat,
                            lon = p.lon,
                        );
                        view! {
                            <li>
                                <strong>{p.name}</strong>
                                <span class="muted small">{p.address}</span>
                                {(!p.opening_hours.is_empty())
                                    .then(|| {
                                        view! {
                                            <span class="tiny muted">"🕒 "{p.opening_hours}</span>
                                        }
                                    })}
                                <a class="tiny" href=map rel="noopener noreferrer" target="_blank">
                                    "Map ↗"
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
