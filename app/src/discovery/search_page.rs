//! `/search?q=…`: results rendered on the server, with highlighted matches, facet filters with
//! counts, sort, pages, "did you mean", and an empty state that helps.

use super::api::search_store;
use super::{FacetValue, Mark, SearchParams, SearchResults, SortBy};
use crate::portal::apps::AppIcon;
use crate::ui::Loaded;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// The search of the current URL.
fn params_of(q: &leptos_router::params::ParamsMap) -> SearchParams {
    let opt = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
    SearchParams {
        q: q.get("q").unwrap_or_default(),
        category: opt("category"),
        kind: opt("kind"),
        tag: opt("tag"),
        sort: opt("sort")
            .and_then(|s| SortBy::parse(&s))
            .unwrap_or_default(),
        page: opt("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    // `/tag/<tag>` is the search of that tag.
    let path = use_params_map();
    let params = move || {
        let mut p = params_of(&query.read());
        if let Some(t) = path.read().get("tag").filter(|t| !t.is_empty()) {
            p.tag = Some(t);
        }
        p
    };
    let results = crate::ui::server_resource(params, search_store);
    let title = move || {
        let q = params().q;
        if q.trim().is_empty() {
            "Search".to_string()
        } else {
            format!("“{q}” — Search")
        }
    };
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <section class="page search-page">
            <Loaded resource=results let:r>
                <Results r />
            </Loaded>
        </section>
    }
}

fn marked(parts: Vec<Mark>) -> impl IntoView {
    parts
        .into_iter()
        .map(|m| {
            if m.hit {
                view! { <mark>{m.text}</mark> }.into_any()
            } else {
                m.text.into_any()
            }
        })
        .collect_view()
}

#[component]
fn Results(r: SearchResults) -> impl IntoView {
    let p = r.params.clone();
    let heading = if p.q.is_empty() {
        format!("{} mini-programs", r.total)
    } else if r.total == 1 {
        format!("1 result for “{}”", p.q)
    } else {
        format!("{} results for “{}”", r.total, p.q)
    };
    let suggestion = r.suggestion.clone().map(|s| {
        let url = p.url_with(|p| p.q = s.clone());
        view! {
            <p class="did-you-mean" data-testid="did-you-mean">
                "Did you mean "
                <a href=url>
                    <strong>{s}</strong>
                </a>
                "?"
            </p>
        }
    });
    let empty = r.hits.is_empty();
    let stars = super::stars::Stars::of(r.favourites.clone());
    let filtered = p.category.is_some() || p.kind.is_some() || p.tag.is_some();
    view! {
        <div class="search-head">
            <h1 data-testid="search-heading">{heading}</h1>
            <SortLinks p=p.clone() />
        </div>
        {suggestion}
        <div class="search-layout">
            <aside class="facets" aria-label="Filters" data-testid="facets">
                <FacetGroup
                    title="Category"
                    name="category"
                    values=r.categories.clone()
                    current=p.category.clone()
                    p=p.clone()
                />
                <FacetGroup
                    title="Type"
                    name="kind"
                    values=r.kinds.clone()
                    current=p.kind.clone()
                    p=p.clone()
                />
                <FacetGroup
                    title="Tags"
                    name="tag"
                    values=r.tags.iter().take(12).cloned().collect()
                    current=p.tag.clone()
                    p=p.clone()
                />
            </aside>
            <div class="search-results">
                {if empty {
                    view! { <NoResults p=p.clone() filtered /> }.into_any()
                } else {
                    view! {
                        <ol class="result-list" data-testid="results">
                            {r
                                .hits
                                .into_iter()
                                .map(|h| {
                                    let c = h.card;
                                    let star = stars
                                        .on(&c.id)
                                        .map(|on| {
                                            view! {
                                                <super::stars::CardStar
                                                    id=c.id.clone()
                                                    on
                                                    name=c.name.clone()
                                                />
                                            }
                                        });
                                    view! {
                                        <li class="result-row">
                                            <a
                                                class="result"
                                                href=format!("/app/{}", c.id)
                                                data-mp=c.id.clone()
                                            >
                                                <AppIcon url=c.icon_url.clone() name=c.name.clone() />
                                                <div class="grow">
                                                    <h3>{marked(h.name_marked)}</h3>
                                                    <p class="muted small">{marked(h.summary_marked)}</p>
                                                    <p class="tiny muted">
                                                        {c.category.clone().unwrap_or_default()}
                                                        {(c.kind == "game").then_some(" · Game")} " · "
                                                        {c.developer.clone()}
                                                    </p>
                                                </div>
                                                <span class="btn btn-sm btn-pill">"Open"</span>
                                            </a>
                                            {star}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                        <Pager p=p.clone() pages=r.pages />
                    }
                        .into_any()
                }}
            </div>
        </div>
    }
}

#[component]
fn SortLinks(p: SearchParams) -> impl IntoView {
    view! {
        <nav class="sort-links" aria-label="Sort">
            {[SortBy::Relevance, SortBy::Popular, SortBy::Newest]
                .into_iter()
                .map(|s| {
                    let current = p.sort == s;
                    view! {
                        <a
                            class=if current { "chip current" } else { "chip" }
                            href=p.url_with(|p| p.sort = s)
                            aria-current=current.then_some("true")
                        >
                            {s.label()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
fn FacetGroup(
    title: &'static str,
    name: &'static str,
    values: Vec<FacetValue>,
    current: Option<String>,
    p: SearchParams,
) -> impl IntoView {
    if values.is_empty() && current.is_none() {
        return ().into_any();
    }
    let set = move |p: &mut SearchParams, v: Option<String>| match name {
        "category" => p.category = v,
        "kind" => p.kind = v,
        _ => p.tag = v,
    };
    let clear = current.as_ref().map(|_| {
        let url = p.url_with(|p| set(p, None));
        view! {
            <a class="facet-clear" href=url>
                "Clear"
            </a>
        }
    });
    view! {
        <div class="facet-group" data-facet=name>
            <h4>{title} {clear}</h4>
            <ul>
                {values
                    .into_iter()
                    .map(|f| {
                        let on = current.as_deref() == Some(f.value.as_str());
                        let v = f.value.clone();
                        let url = p.url_with(|p| set(p, if on { None } else { Some(v) }));
                        view! {
                            <li>
                                <a
                                    class=if on { "facet on" } else { "facet" }
                                    href=url
                                    data-value=f.value.clone()
                                    aria-current=on.then_some("true")
                                >
                                    <span class="grow">{f.label}</span>
                                    <span class="count">{f.count}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

#[component]
fn Pager(p: SearchParams, pages: u32) -> impl IntoView {
    if pages <= 1 {
        return ().into_any();
    }
    let prev = (p.page > 1).then(|| {
        let mut q = p.clone();
        q.page -= 1;
        view! {
            <a class="btn btn-ghost" href=q.url() rel="prev">
                "← Previous"
            </a>
        }
    });
    let next = (p.page < pages).then(|| {
        let mut q = p.clone();
        q.page += 1;
        view! {
            <a class="btn btn-ghost" href=q.url() rel="next">
                "Next →"
            </a>
        }
    });
    view! {
        <nav class="pager" aria-label="Pages">
            {prev}
            <span class="muted small">{format!("Page {} of {pages}", p.page)}</span>
            {next}
        </nav>
    }
    .into_any()
}

#[component]
fn NoResults(p: SearchParams, filtered: bool) -> impl IntoView {
    let without_filters = SearchParams {
        q: p.q.clone(),
        ..SearchParams::default()
    }
    .url();
    view! {
        <div class="empty-state" data-testid="no-results">
            <div class="empty-icon">"🔍"</div>
            <h3>
                {if p.q.is_empty() {
                    "Nothing matches these filters".to_string()
                } else {
                    format!("Nothing found for “{}”", p.q)
                }}
            </h3>
            <p class="muted">
                "Check the spelling, try fewer or more general words, or search by what it does — “bills”, “game”, “汇率”."
            </p>
            {filtered
                .then(|| {
                    view! {
                        <a class="btn btn-primary" href=without_filters>
                            "Search without filters"
                        </a>
                    }
                })}
            <p class="small">
                <a href="/">"Browse all mini-programs"</a>
            </p>
        </div>
    }
}
