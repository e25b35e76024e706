//! Curation in the admin console: the collections on the storefront's home page, in order,
//! with a form to start a new one.

use crate::curation::api::{list_collections, CreateCollection, MoveCollection};
use crate::curation::{CollectionSummary, MAX_SUBTITLE, MAX_TITLE};
use crate::ui::Loaded;
use crate::ui::{action_error, FieldError, FormError};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CollectionsPage() -> impl IntoView {
    let create = ServerAction::<CreateCollection>::new();
    let moved = ServerAction::<MoveCollection>::new();
    let list = crate::ui::server_resource(move || moved.version().get(), |_| list_collections());
    let error = action_error(create);
    let move_error = action_error(moved);
    view! {
        <Title text="Collections" />
        <div class="page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">"Admin console · Curation"</p>
                    <h1>"Collections"</h1>
                    <p class="muted">
                        "Rows on the storefront's home page, in this order. The featured one is the banner at the top."
                    </p>
                </div>
                <a class="btn" href="/" target="_blank">
                    "Open the storefront ↗"
                </a>
            </div>
            <FormError error=move_error />
            <Loaded resource=list let:rows>
                {if rows.is_empty() {
                    view! {
                        <div class="empty-state small" data-testid="collections-empty">
                            <p class="empty-icon">"🗂️"</p>
                            <p>
                                "No collection yet. Start one below: it shows on the home page once it has mini-programs."
                            </p>
                        </div>
                    }
                        .into_any()
                } else {
                    let n = rows.len();
                    view! {
                        <div class="card table-card">
                            <table class="table" data-testid="collections">
                                <thead>
                                    <tr>
                                        <th>"Collection"</th>
                                        <th class="hide-sm">"Audience"</th>
                                        <th class="hide-sm">"Shows"</th>
                                        <th>"Items"</th>
                                        <th>"Order"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, c)| view! { <CollectionRow c i n moved /> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }}
            </Loaded>
            <div class="card">
                <h2>"New collection"</h2>
                <FormError error fields=&["title", "subtitle"] />
                <ActionForm action=create attr:class="form" attr:data-testid="new-collection">
                    <label class="field">
                        <span>"Title"</span>
                        <input
                            type="text"
                            name="title"
                            required
                            maxlength=MAX_TITLE.to_string()
                            placeholder="e.g. Get through the holidays"
                        />
                        <FieldError error field="title" />
                    </label>
                    <label class="field">
                        <span>"Subtitle (optional)"</span>
                        <input type="text" name="subtitle" maxlength=MAX_SUBTITLE.to_string() />
                        <FieldError error field="subtitle" />
                    </label>
                    <p class="hint">
                        "It starts for every host app, visible at once; set its audience, dates, banner and mini-programs next."
                    </p>
                    <div class="form-actions">
                        <button
                            class="btn btn-primary"
                            type="submit"
                            disabled=move || create.pending().get()
                        >
                            {move || {
                                if create.pending().get() {
                                    "Creating…"
                                } else {
                                    "Create collection"
                                }
                            }}
                        </button>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}

#[component]
fn CollectionRow(
    c: CollectionSummary,
    i: usize,
    n: usize,
    moved: ServerAction<MoveCollection>,
) -> impl IntoView {
    let row_id = c.id.clone();
    let arrow = move |up: bool| {
        let id = row_id.clone();
        let disabled = if up { i == 0 } else { i + 1 == n };
        view! {
            <ActionForm action=moved attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="up" value=up.to_string() />
                <button
                    class="btn btn-sm btn-ghost"
                    type="submit"
                    disabled=disabled
                    aria-label=if up { "Move up" } else { "Move down" }
                    title=if up { "Move up" } else { "Move down" }
                >
                    {if up { "↑" } else { "↓" }}
                </button>
            </ActionForm>
        }
    };
    view! {
        <tr data-collection=c.title.clone()>
            <td>
                <a href=format!("/admin/collections/{}", c.id)>
                    <strong>{c.title.clone()}</strong>
                </a>
                {c.featured.then(|| view! { <span class="badge badge-info">"Banner"</span> })}
                {(!c.subtitle.is_empty())
                    .then(|| view! { <div class="small muted">{c.subtitle.clone()}</div> })}
            </td>
            <td class="hide-sm">{c.host_app.clone().unwrap_or_else(|| "Every host app".into())}</td>
            <td class="hide-sm">
                <span class=c.showing.badge()>{c.showing.label()}</span>
                <div class="tiny muted">{c.window.clone()}</div>
            </td>
            <td>{c.items}</td>
            <td class="nowrap">{arrow(true)} {arrow(false)}</td>
        </tr>
    }
}
