//! `/nearby`: mini-programs with a place near you, nearest first. The browser's location is
//! asked for only when the visitor presses the button (consent); a typed place is found among
//! the places the store knows. Without JavaScript the typed place still works (a GET form).

use super::api::{nearby_store, NearbyResults};
use crate::portal::apps::AppIcon;
use crate::ui::Loaded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The search of the URL: a point, or a place to look up; the radius in km.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NearbyParams {
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub place: Option<String>,
    pub radius_km: f64,
}

#[component]
pub fn NearbyPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        let num = |k: &str| q.get(k).and_then(|v| v.trim().parse::<f64>().ok());
        NearbyParams {
            lat: num("lat"),
            lon: num("lon"),
            place: q.get("place").filter(|p| !p.trim().is_empty()),
            radius_km: num("r").filter(|r| *r > 0.0 && *r <= 50.0).unwrap_or(5.0),
        }
    };
    let results = crate::ui::server_resource(params, nearby_store);
    let (locating, set_locating) = signal(None::<String>);
    let navigate = use_navigate();
    let locate = move |_| {
        set_locating.set(Some("Finding where you are…".into()));
        let nav = navigate.clone();
        locate_me(
            move |lat, lon| {
                nav(
                    &format!("/nearby?lat={lat:.5}&lon={lon:.5}"),
                    Default::default(),
                );
            },
            move |msg| set_locating.set(Some(msg)),
        );
    };
    view! {
        <Title text="Nearby" />
        <section class="page nearby-page">
            <h1>"Nearby"</h1>
            <p class="muted">"Shops, branches and services with a mini-program, nearest first."</p>
            <div class="nearby-controls">
                <button
                    class="btn btn-primary"
                    type="button"
                    on:click=locate
                    data-testid="use-location"
                >
                    "📍 Use my location"
                </button>
                <form class="nearby-place" action="/nearby" method="get">
                    <input
                        name="place"
                        placeholder="…or type a place (e.g. Lujiazui)"
                        aria-label="A place"
                        value=move || query.read().get("place").unwrap_or_default()
                    />
                    <button class="btn" type="submit">
                        "Search"
                    </button>
                </form>
            </div>
            {move || {
                locating
                    .get()
                    .map(|m| {
                        view! {
                            <p class="muted small" role="status">
                                {m}
                            </p>
                        }
                    })
            }}
            <Loaded resource=results let:r>
                <NearbyList r />
            </Loaded>
        </section>
    }
}

#[component]
fn NearbyList(r: NearbyResults) -> impl IntoView {
    let Some(origin) = r.origin.clone() else {
        return match r.message.clone() {
            Some(m) => view! { <p class="empty-state small">{m}</p> }.into_any(),
            None => view! {
                <div class="empty-state small">
                    <div class="empty-icon">"🗺️"</div>
                    <p class="muted">
                        "Share your location or type a place to see what is around."
                    </p>
                </div>
            }
            .into_any(),
        };
    };
    if r.items.is_empty() {
        return view! {
            <div class="empty-state small" data-testid="nearby-empty">
                <h3>{format!("Nothing within {} km of {origin}", r.radius_km)}</h3>
                <p class="muted">"Try a larger radius or another place."</p>
                <a class="btn" href=r.wider_url.clone()>
                    "Look within 20 km"
                </a>
            </div>
        }
        .into_any();
    }
    view! {
        <p class="small" data-testid="nearby-origin">
            {format!("{} within {} km of {origin}", r.items.len(), r.radius_km)}
        </p>
        <ol class="result-list" data-testid="nearby">
            {r
                .items
                .into_iter()
                .map(|i| {
                    let c = i.card;
                    view! {
                        <li>
                            <a class="result" href=format!("/app/{}", c.id) data-mp=c.id.clone()>
                                <AppIcon url=c.icon_url.clone() name=c.name.clone() />
                                <div class="grow">
                                    <h3>{c.name.clone()}</h3>
                                    <p class="muted small">{i.place.clone()}</p>
                                </div>
                                <span class="distance" data-testid="distance">
                                    {format_km(i.distance_km)}
                                </span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// "350 m", "2.4 km".
pub fn format_km(km: f64) -> String {
    if km < 1.0 {
        format!("{} m", ((km * 1000.0) / 10.0).round() * 10.0)
    } else {
        format!("{km:.1} km")
    }
}

/// Asks the browser for its position (it asks the visitor); calls `ok` or `err` later.
#[cfg(feature = "hydrate")]
fn locate_me(ok: impl Fn(f64, f64) + 'static, err: impl Fn(String) + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        err("This browser cannot share its location: type a place instead.".into());
        return;
    };
    let ok = Closure::once(move |p: web_sys::Position| {
        let c = p.coords();
        ok(c.latitude(), c.longitude());
    });
    let err = Closure::once(move |_: wasm_bindgen::JsValue| {
        err("Your location was not shared: type a place instead.".into());
    });
    let _ = geo.get_current_position_with_error_callback(
        ok.as_ref().unchecked_ref(),
        Some(err.as_ref().unchecked_ref()),
    );
    ok.forget();
    err.forget();
}

#[cfg(not(feature = "hydrate"))]
fn locate_me(_ok: impl Fn(f64, f64) + 'static, _err: impl Fn(String) + 'static) {}
