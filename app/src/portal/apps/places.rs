//! The places of a mini-program in the portal: where people find it on the storefront's
//! "Nearby" and its detail page (a shop, the branches of a chain).

use crate::miniprograms::places::{list_places, AddPlace, RemovePlace, MAX_PLACES};
use crate::ui::Loaded;
use crate::ui::{action_error, FieldError, FormError};
use leptos::prelude::*;

#[component]
pub(super) fn PlacesCard(id: String) -> impl IntoView {
    let add = ServerAction::<AddPlace>::new();
    let remove = ServerAction::<RemovePlace>::new();
    let key = id.clone();
    let (list_id, form_id) = (id.clone(), id);
    let places = crate::ui::server_resource(
        move || (key.clone(), add.version().get(), remove.version().get()),
        |(id, ..)| list_places(id),
    );
    let error = action_error(add);
    let remove_error = action_error(remove);
    let fields = &["name", "address", "lat", "lon", "opening_hours"];
    // A new, empty form after each place added (an error keeps what was typed).
    let added = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(()))) {
            added.update(|n| *n += 1);
        }
    });
    view! {
        <div class="card" data-testid="places-card">
            <h2>"Places"</h2>
            <p class="muted small">
                "Shops or branches where people use it: listed on its page and found with “Nearby” in the storefront."
            </p>
            <FormError error=remove_error />
            <Loaded resource=places let:list>
                {if list.is_empty() {
                    view! {
                        <p class="muted" data-testid="no-places">
                            "No place listed."
                        </p>
                    }
                        .into_any()
                } else {
                    let mp = list_id.clone();
                    view! {
                        <ul class="place-list" data-testid="places">
                            {list
                                .into_iter()
                                .map(|(position, p)| {
                                    let mp = mp.clone();
                                    view! {
                                        <li class="place-edit" data-place=p.name.clone()>
                                            <div>
                                                <strong>{p.name.clone()}</strong>
                                                <span class="small muted">{p.address.clone()}</span>
                                                <span class="tiny mono">
                                                    {format!("{:.5}, {:.5}", p.lat, p.lon)}
                                                    {(!p.opening_hours.is_empty())
                                                        .then(|| format!(" · {}", p.opening_hours))}
                                                </span>
                                            </div>
                                            <ActionForm action=remove attr:class="inline-form">
                                                <input type="hidden" name="id" value=mp.clone() />
                                                <input
                                                    type="hidden"
                                                    name="position"
                                                    value=position.to_string()
                                                />
                                                <button class="btn btn-sm btn-danger-ghost" type="submit">
                                                    "Remove"
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </Loaded>
            <h3>"Add a place"</h3>
            <FormError error fields />
            {move || {
                added.track();
                let id = form_id.clone();
                view! {
                    <ActionForm action=add attr:class="form" attr:data-testid="add-place">
                        <input type="hidden" name="id" value=id.clone() />
                        <div class="row-form">
                            <label class="field grow">
                                <span>"Name"</span>
                                <input type="text" name="name" required maxlength="100" />
                                <FieldError error field="name" />
                            </label>
                            <label class="field grow">
                                <span>"Address"</span>
                                <input type="text" name="address" maxlength="200" />
                                <FieldError error field="address" />
                            </label>
                        </div>
                        <div class="row-form">
                            <label class="field grow">
                                <span>"Latitude"</span>
                                <input
                                    type="text"
                                    name="lat"
                                    inputmode="decimal"
                                    placeholder="31.2304"
                                    required
                                />
                                <FieldError error field="lat" />
                            </label>
                            <label class="field grow">
                                <span>"Longitude"</span>
                                <input
                                    type="text"
                                    name="lon"
                                    inputmode="decimal"
                                    placeholder="121.4737"
                                    required
                                />
                                <FieldError error field="lon" />
                            </label>
                        </div>
                        <label class="field">
                            <span>"Opening hours"</span>
                            <input
                                type="text"
                                name="opening_hours"
                                maxlength="200"
                                placeholder="Mo-Fr 09:00-18:00; Sa 10:00-14:00"
                            />
                            <span class="hint">
                                "Days Mo–Su (PH: public holidays), then times; “;” between rules, “off” for closed, or 24/7. Empty if unknown."
                            </span>
                            <FieldError error field="opening_hours" />
                        </label>
                        <div class="form-actions">
                            <button class="btn" type="submit" disabled=move || add.pending().get()>
                                "Add place"
                            </button>
                            <span class="hint">{format!("Up to {MAX_PLACES} places.")}</span>
                        </div>
                    </ActionForm>
                }
            }}
        </div>
    }
}
