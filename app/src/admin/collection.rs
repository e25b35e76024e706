//! One collection in the admin console: its details, audience and window, its banner picture,
//! its mini-programs in order, and a preview of how the home page shows it.

use crate::curation::api::{
    get_collection, DeleteCollection, EditCollectionItem, RemoveBanner, UpdateCollection,
};
use crate::curation::{CollectionEdit, CollectionItem, MAX_ITEMS, MAX_SUBTITLE, MAX_TITLE};
use crate::discovery::home::{FeaturedBanner, Shelf};
use crate::discovery::Banner;
use crate::error::AppError;
use crate::portal::apps::AppIcon;
use crate::portal::upload::ImageInput;
use crate::ui::Loaded;
use crate::ui::{action_error, FieldError, FormError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateCollection>,
    item: ServerAction<EditCollectionItem>,
    banner: ServerAction<RemoveBanner>,
    delete: ServerAction<DeleteCollection>,
    uploaded: RwSignal<u32>,
}

#[component]
pub fn CollectionPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let a = Actions {
        update: ServerAction::new(),
        item: ServerAction::new(),
        banner: ServerAction::new(),
        delete: ServerAction::new(),
        uploaded: RwSignal::new(0),
    };
    let data = crate::ui::server_resource(
        move || {
            (
                id(),
                a.update.version().get(),
                a.item.version().get(),
                a.banner.version().get(),
                a.uploaded.get(),
            )
        },
        |(id, ..)| get_collection(id),
    );
    view! {
        <Title text="Collection" />
        <div class="page">
            <Loaded resource=data let:c>
                <CollectionEditor c a />
            </Loaded>
        </div>
    }
}

#[component]
fn CollectionEditor(c: CollectionEdit, a: Actions) -> impl IntoView {
    let update_error = action_error(a.update);
    let item_error = action_error(a.item);
    let other_errors = [action_error(a.banner), action_error(a.delete)];
    let saved = move || matches!(a.update.value().get(), Some(Ok(())));
    let preview = if c.featured {
        view! {
            <FeaturedBanner b=Banner {
                title: c.title.clone(),
                subtitle: c.subtitle.clone(),
                image_url: c.banner_url.clone(),
                cards: c.preview.cards.iter().take(6).cloned().collect(),
            } />
        }
        .into_any()
    } else {
        view! { <Shelf row=c.preview.clone() /> }.into_any()
    };
    let empty_preview = c.preview.cards.is_empty();
    let host = c.host_app_id.clone();
    let banner_id = c.id.clone();
    let form_id = c.id.clone();
    let delete_id = c.id.clone();
    let upload_url = format!("/admin/media/collections/{}/banner", c.id);
    let host_apps = c.host_apps.clone();
    let items = c.clone();
    view! {
        <div class="page-head">
            <div>
                <p class="eyebrow">
                    <a href="/admin/collections">"← Collections"</a>
                </p>
                <h1>{c.title.clone()}</h1>
                <p>
                    <span class=c.showing.badge()>{c.showing.label()}</span>
                    " "
                    {c.featured.then(|| view! { <span class="badge badge-info">"Banner"</span> })}
                </p>
            </div>
        </div>
        {other_errors.into_iter().map(|e| view! { <FormError error=e /> }).collect_view()}
        <div class="two-col wide-left">
            <div class="card">
                <h2>"Details"</h2>
                {move || {
                    saved()
                        .then(|| {
                            view! {
                                <div class="alert alert-ok" role="status">
                                    "Saved."
                                </div>
                            }
                        })
                }}
                <FormError
                    error=update_error
                    fields=&["title", "subtitle", "host_app_id", "visible_from", "visible_to"]
                />
                <ActionForm action=a.update attr:class="form" attr:data-testid="collection-form">
                    <input type="hidden" name="id" value=form_id />
                    <label class="field">
                        <span>"Title"</span>
                        <input
                            type="text"
                            name="title"
                            required
                            maxlength=MAX_TITLE.to_string()
                            value=c.title.clone()
                        />
                        <FieldError error=update_error field="title" />
                    </label>
                    <label class="field">
                        <span>"Subtitle"</span>
                        <input
                            type="text"
                            name="subtitle"
                            maxlength=MAX_SUBTITLE.to_string()
                            value=c.subtitle.clone()
                        />
                        <FieldError error=update_error field="subtitle" />
                    </label>
                    <label class="field">
                        <span>"Audience"</span>
                        <select name="host_app_id">
                            <option value="" selected=host.is_empty()>
                                "Every host app and the storefront"
                            </option>
                            {host_apps
                                .iter()
                                .map(|h| {
                                    view! {
                                        <option value=h.id.clone() selected=h.id == host>
                                            {format!("Only {}", h.name)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <FieldError error=update_error field="host_app_id" />
                    </label>
                    <div class="row-form">
                        <label class="field grow">
                            <span>"Visible from (UTC)"</span>
                            <input
                                type="datetime-local"
                                name="visible_from"
                                value=c.visible_from.clone()
                            />
                            <FieldError error=update_error field="visible_from" />
                        </label>
                        <label class="field grow">
                            <span>"Until (UTC)"</span>
                            <input
                                type="datetime-local"
                                name="visible_to"
                                value=c.visible_to.clone()
                            />
                            <FieldError error=update_error field="visible_to" />
                        </label>
                    </div>
                    <p class="hint">"Leave empty to show it at once and until you change it."</p>
                    <label class="check">
                        <input type="checkbox" name="featured" value="true" checked=c.featured />
                        <span>
                            "Featured: the banner at the top of the home page (takes the slot from any other)"
                        </span>
                    </label>
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit">
                            "Save"
                        </button>
                    </div>
                </ActionForm>
                <h3>"Banner picture"</h3>
                <p class="hint">
                    "Shown behind the featured banner's text. PNG, JPEG or WebP, up to 2 MB; wide pictures work best."
                </p>
                <div class="media-row">
                    {c
                        .banner_url
                        .clone()
                        .map(|u| {
                            view! {
                                <img
                                    class="banner-thumb"
                                    src=u
                                    alt="Banner picture"
                                    data-testid="banner-picture"
                                />
                            }
                        })}
                    <ImageInput
                        url=upload_url
                        label=if c.banner_url.is_some() {
                            "Replace picture"
                        } else {
                            "Upload picture"
                        }
                        testid="banner-input"
                        on_done=Callback::new(move |()| a.uploaded.update(|n| *n += 1))
                    />
                    {c
                        .banner_url
                        .is_some()
                        .then(|| {
                            view! {
                                <ActionForm action=a.banner attr:class="inline-form">
                                    <input type="hidden" name="id" value=banner_id.clone() />
                                    <button class="btn btn-sm btn-danger-ghost" type="submit">
                                        "Remove picture"
                                    </button>
                                </ActionForm>
                            }
                        })}
                </div>
            </div>
            <Items c=items a item_error />
        </div>
        <div class="card">
            <h2>"Preview"</h2>
            <p class="hint">
                "How the home page shows it now, with what its audience can open (items out of the store are left out)."
            </p>
            {if empty_preview {
                view! {
                    <p class="muted" data-testid="preview-empty">
                        "Nothing to show yet: add mini-programs that are in the store."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <div class="store" data-testid="collection-preview">
                        {preview}
                    </div>
                }
                    .into_any()
            }}
        </div>
        <div class="card">
            <h2>"Delete"</h2>
            <p class="muted">
                "Removes the collection from the home page and from here. Its mini-programs stay in the store."
            </p>
            <ActionForm action=a.delete attr:class="inline-form">
                <input type="hidden" name="id" value=delete_id />
                <button class="btn btn-danger" type="submit" data-testid="delete-collection">
                    "Delete collection"
                </button>
            </ActionForm>
        </div>
    }
}

#[component]
fn Items(c: CollectionEdit, a: Actions, item_error: Signal<Option<AppError>>) -> impl IntoView {
    let n = c.items.len();
    let id = c.id.clone();
    let add_id = c.id.clone();
    let candidates = c.candidates.clone();
    view! {
        <div class="card">
            <h2>{format!("Mini-programs ({n} of at most {MAX_ITEMS})")}</h2>
            <FormError error=item_error fields=&["mp_id"] />
            {if c.items.is_empty() {
                view! { <p class="muted">"None yet. Add the first below."</p> }.into_any()
            } else {
                view! {
                    <ol class="plain item-list" data-testid="collection-items">
                        {c
                            .items
                            .iter()
                            .enumerate()
                            .map(|(i, it)| view! { <ItemRow it=it.clone() id=id.clone() i n a /> })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
            {(n < MAX_ITEMS)
                .then(|| {
                    view! {
                        <ActionForm
                            action=a.item
                            attr:class="form row-form"
                            attr:data-testid="add-item"
                        >
                            <input type="hidden" name="id" value=add_id.clone() />
                            <input type="hidden" name="op" value="add" />
                            <label class="field grow">
                                <span>"Add a mini-program"</span>
                                <select name="mp_id" required>
                                    <option value="">"Choose…"</option>
                                    {candidates
                                        .iter()
                                        .map(|m| {
                                            view! {
                                                <option value=m.id.clone()>{m.name.clone()}</option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                                <FieldError error=item_error field="mp_id" />
                            </label>
                            <button class="btn" type="submit">
                                "Add"
                            </button>
                        </ActionForm>
                    }
                })}
        </div>
    }
}

#[component]
fn ItemRow(it: CollectionItem, id: String, i: usize, n: usize, a: Actions) -> impl IntoView {
    let mp = it.id.clone();
    let button = move |op: &'static str, label: &'static str, text: &'static str, off: bool| {
        let (id, mp) = (id.clone(), mp.clone());
        view! {
            <ActionForm action=a.item attr:class="inline-form">
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="mp_id" value=mp.clone() />
                <input type="hidden" name="op" value=op />
                <button
                    class="btn btn-sm btn-ghost"
                    type="submit"
                    disabled=off
                    aria-label=label
                    title=label
                >
                    {text}
                </button>
            </ActionForm>
        }
    };
    view! {
        <li class="item-row" data-mp=it.id.clone()>
            <AppIcon url=it.icon_url.clone() name=it.name.clone() />
            <span class="grow">
                <strong>{it.name.clone()}</strong>
                {(!it.in_store)
                    .then(|| {
                        view! {
                            <span class="badge badge-warn">
                                "Not in the store for this audience"
                            </span>
                        }
                    })}
            </span>
            <span class="nowrap">
                {button("up", "Move up", "↑", i == 0)}
                {button("down", "Move down", "↓", i + 1 == n)}
                {button("remove", "Remove", "✕", false)}
            </span>
        </li>
    }
}
