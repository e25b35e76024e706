//! The top bar's search box: a plain GET form to `/search` (works before and without the
//! wasm), and once hydrated an accessible combobox with up to 8 suggestions as you type
//! (debounced; ↑ ↓ to move, Enter to open, Esc to close).

use super::api::suggest_store;
use super::Suggestion;
use crate::portal::apps::AppIcon;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use std::time::Duration;

/// Typing pauses this long before suggestions are asked for.
const DEBOUNCE: Duration = Duration::from_millis(120);

#[component]
pub fn SearchBox() -> impl IntoView {
    let query = use_query_map();
    let location = use_location();
    let on_search_page = move || location.pathname.get() == "/search";
    let (text, set_text) = signal(String::new());
    // Show the current query when on the search page (and follow it when it changes).
    Effect::new(move || {
        if on_search_page() {
            set_text.set(query.read().get("q").unwrap_or_default());
        }
    });
    let initial = query.with_untracked(|q| q.get("q").unwrap_or_default());
    let (items, set_items) = signal(Vec::<Suggestion>::new());
    let (open, set_open) = signal(false);
    let (active, set_active) = signal(None::<usize>);
    let typed = StoredValue::new(0u64);
    let navigate = use_navigate();

    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        set_text.set(v.clone());
        set_active.set(None);
        typed.update_value(|n| *n += 1);
        let mine = typed.get_value();
        if v.trim().is_empty() {
            set_items.set(vec![]);
            set_open.set(false);
            return;
        }
        set_timeout(
            move || {
                if typed.get_value() != mine {
                    return; // still typing
                }
                leptos::task::spawn_local(async move {
                    if let Ok(list) = suggest_store(v).await {
                        if typed.get_value() == mine {
                            set_open.set(!list.is_empty());
                            set_items.set(list);
                        }
                    }
                });
            },
            DEBOUNCE,
        );
    };
    let go = navigate.clone();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = items.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                set_open.set(true);
                set_active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                set_open.set(true);
                set_active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" => {
                let chosen = active
                    .get_untracked()
                    .filter(|_| open.get_untracked())
                    .and_then(|i| items.with_untracked(|v| v.get(i).map(|s| s.id.clone())));
                if let Some(id) = chosen {
                    ev.prevent_default();
                    set_open.set(false);
                    go(&format!("/app/{id}"), Default::default());
                } else {
                    set_open.set(false);
                }
            }
            // With the list open, Esc closes it and keeps the text (a search field's own Esc,
            // clearing it, applies when the list is closed).
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                set_open.set(false);
                set_active.set(None);
            }
            _ => {}
        }
    };
    view! {
        <form class="searchbox" action="/search" method="get" role="search" data-testid="searchbox">
            <span class="searchbox-icon" aria-hidden="true">
                "⌕"
            </span>
            <input
                type="search"
                name="q"
                value=initial
                prop:value=text
                placeholder="Search mini-programs"
                aria-label="Search mini-programs"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-suggestions"
                aria-expanded=move || open.get().to_string()
                aria-activedescendant=move || active.get().map(|i| format!("suggestion-{i}"))
                autocomplete="off"
                maxlength="200"
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| set_open.set(false)
                on:focus=move |_| set_open.set(items.with(|v| !v.is_empty()))
            />
            <ul
                id="search-suggestions"
                class="suggestions"
                role="listbox"
                aria-label="Suggestions"
                hidden=move || !open.get()
                // Keep the focus in the box so a click opens the suggestion, not a blur.
                on:mousedown=|ev| ev.prevent_default()
            >
                {move || {
                    items
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| {
                            let selected = move || active.get() == Some(i);
                            view! {
                                <li
                                    id=format!("suggestion-{i}")
                                    role="option"
                                    aria-selected=move || selected().to_string()
                                    class=move || {
                                        if selected() { "suggestion active" } else { "suggestion" }
                                    }
                                >
                                    <a
                                        href=format!("/app/{}", s.id)
                                        tabindex="-1"
                                        data-mp=s.id.clone()
                                    >
                                        <AppIcon url=s.icon_url.clone() name=s.name.clone() />
                                        <span class="grow">{s.name.clone()}</span>
                                        <span class="tiny muted">
                                            {s.category.clone().unwrap_or_default()}
                                        </span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </form>
    }
}
