//! The analytics pages' parts: the filter bar, headline figures, a server-drawn chart with its
//! data table, ranked lists; and the operators' overview at `/admin/analytics`.

use super::api::get_overview;
use super::{AnalyticsQuery, Chart, Choice, Figure, FilterBar, Ranked};
use crate::ui::Loaded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The filters in the query string.
pub fn query_of(map: &leptos_router::params::ParamsMap) -> AnalyticsQuery {
    let get = |k: &str| map.get(k).unwrap_or_default();
    AnalyticsQuery {
        from: get("from"),
        to: get("to"),
        host: get("host"),
        platform: get("platform"),
        region: get("region"),
    }
}

#[component]
fn Select(
    name: &'static str,
    label: &'static str,
    choices: Vec<Choice>,
    value: String,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <select name=name>
                {choices
                    .into_iter()
                    .map(|c| {
                        let selected = c.value == value;
                        view! {
                            <option value=c.value selected=selected>
                                {c.label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The filter bar: a plain GET form, so it works without JavaScript.
#[component]
pub fn Filters(#[prop(into)] action: String, bar: FilterBar) -> impl IntoView {
    let FilterBar {
        query,
        hosts,
        platforms,
        regions,
    } = bar;
    view! {
        <form class="filters card" method="get" action=action data-testid="analytics-filters">
            <label class="field">
                <span>"From"</span>
                <input type="date" name="from" value=query.from.clone() />
            </label>
            <label class="field">
                <span>"To"</span>
                <input type="date" name="to" value=query.to.clone() />
            </label>
            <Select name="host" label="Host app" choices=hosts value=query.host.clone() />
            <Select
                name="platform"
                label="Platform"
                choices=platforms
                value=query.platform.clone()
            />
            <Select name="region" label="Region" choices=regions value=query.region.clone() />
            <button class="btn btn-primary btn-sm" type="submit">
                "Apply"
            </button>
        </form>
    }
}

/// An analytics page's heading.
#[component]
pub fn AnalyticsHead(
    #[prop(into)] eyebrow: String,
    #[prop(into)] title: String,
    #[prop(into)] note: String,
) -> impl IntoView {
    view! {
        <div class="page-head">
            <div>
                <p class="eyebrow">{eyebrow}</p>
                <h1>{title}</h1>
                <p class="muted">{note}</p>
            </div>
        </div>
    }
}

/// Headline figures.
#[component]
pub fn Figures(figures: Vec<Figure>) -> impl IntoView {
    view! {
        <div class="stat-grid">
            {figures
                .into_iter()
                .map(|f| {
                    view! {
                        <div class="stat">
                            <span class="stat-value">{f.value}</span>
                            <span class="stat-label">{f.label}</span>
                            <span class="stat-note muted small">{f.note}</span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Where a chart's data downloads as CSV (`mp_id` '' for the platform's).
pub fn csv_href(mp_id: &str, metric: &str, q: &AnalyticsQuery) -> String {
    use crate::domain::urlencode as e;
    format!(
        "/admin/analytics/export.csv?mp_id={}&metric={}&from={}&to={}&host={}&platform={}&region={}",
        e(mp_id),
        e(metric),
        e(&q.from),
        e(&q.to),
        e(&q.host),
        e(&q.platform),
        e(&q.region)
    )
}

/// A chart as the server drew it, or an empty state; its data in a table under it, and as CSV
/// at `csv` when given.
#[component]
pub fn ChartCard(
    chart: Chart,
    #[prop(into)] empty: String,
    #[prop(optional, into)] csv: Option<String>,
) -> impl IntoView {
    let Chart {
        id,
        title,
        svg,
        header,
        rows,
    } = chart;
    let has = !svg.is_empty();
    view! {
        <figure class="card chart" data-testid=format!("chart-{id}")>
            <figcaption class="chart-head">
                <h2>{title}</h2>
                {csv
                    .map(|href| {
                        view! {
                            <a class="btn btn-ghost btn-sm" href=href download="">
                                "CSV"
                            </a>
                        }
                    })}
            </figcaption>
            {if has {
                view! { <div class="chart-svg" inner_html=svg></div> }.into_any()
            } else {
                view! { <p class="empty-state">{empty}</p> }.into_any()
            }}
            <details class="chart-data">
                <summary>"Data table"</summary>
                <div class="table-wrap">
                    <table class="table">
                        <thead>
                            <tr>
                                {header.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <tr>
                                            {r
                                                .into_iter()
                                                .map(|c| view! { <td>{c}</td> })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

/// A ranked list with bars proportional to the first value.
#[component]
pub fn RankedList(
    #[prop(into)] title: String,
    #[prop(into)] testid: String,
    items: Vec<Ranked>,
    #[prop(into)] empty: String,
) -> impl IntoView {
    let max = items.iter().map(|r| r.value).max().unwrap_or(0).max(1);
    view! {
        <section class="card ranked" data-testid=testid>
            <h2>{title}</h2>
            {if items.is_empty() {
                view! { <p class="empty-state">{empty}</p> }.into_any()
            } else {
                view! {
                    <ol class="hbars">
                        {items
                            .into_iter()
                            .map(|r| {
                                let w = (r.value as f64 / max as f64 * 100.0).max(1.0);
                                let label = if r.href.is_empty() {
                                    view! { <span>{r.label}</span> }.into_any()
                                } else {
                                    view! { <a href=r.href>{r.label}</a> }.into_any()
                                };
                                view! {
                                    <li class="hbar">
                                        <span class="hbar-label">{label}</span>
                                        <span class="hbar-track">
                                            <span
                                                class="hbar-fill"
                                                style=format!("width:{w:.1}%")
                                            ></span>
                                        </span>
                                        <span class="hbar-value">
                                            {super::thousands_i(r.value)}
                                            <small class="muted">{r.note}</small>
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
        </section>
    }
}

/// `/admin/analytics`: the platform's numbers.
#[component]
pub fn AdminAnalyticsPage() -> impl IntoView {
    let query = use_query_map();
    let overview = crate::ui::server_resource(
        move || query_of(&query.read()),
        |q| get_overview(q.from, q.to, q.host, q.platform, q.region),
    );
    view! {
        <Title text="Analytics" />
        <div class="page analytics">
            <AnalyticsHead
                eyebrow="Admin console"
                title="Analytics"
                note="Updated every minute from the event pipeline (UTC days)."
            />
            <Loaded resource=overview let:o>
                <Filters action="/admin/analytics" bar=o.filters.clone() />
                <Figures figures=o.figures.clone() />
                <ChartCard
                    chart=o.activity.clone()
                    empty="No launches in this range."
                    csv=csv_href("", "activity", &o.filters.query)
                />
                <div class="two-col">
                    <ChartCard
                        chart=o.new_users.clone()
                        empty="No new users in this range."
                        csv=csv_href("", "new-users", &o.filters.query)
                    />
                    <ChartCard
                        chart=o.platform_mix.clone()
                        empty="No launches in this range."
                        csv=csv_href("", "platforms", &o.filters.query)
                    />
                </div>
                <div class="two-col">
                    <RankedList
                        title="Top mini-programs"
                        testid="top-mini-programs"
                        items=o.top.clone()
                        empty="No launches in this range."
                    />
                    <RankedList
                        title="Growing fastest"
                        testid="growing"
                        items=o.growing.clone()
                        empty="Nothing with 20 launches or more in this range."
                    />
                </div>
                <ChartCard
                    chart=o.categories.clone()
                    empty="No launches in this range."
                    csv=csv_href("", "categories", &o.filters.query)
                />
                <div class="two-col">
                    <RankedList
                        title="Top searches"
                        testid="top-searches"
                        items=o.searches.clone()
                        empty="No searches in this range."
                    />
                    <RankedList
                        title="Searches with no results"
                        testid="no-results"
                        items=o.no_results.clone()
                        empty="Every search found something."
                    />
                </div>
            </Loaded>
        </div>
    }
}
