//! One mini-program's analytics page (admin console and portal), and the portal's overview.

use super::api::{get_mp_analytics, get_portal_overview};
use super::page::{query_of, AnalyticsHead, ChartCard, Figures, Filters, RankedList};
use super::{Cohort, FunnelStep, MpAnalytics};
use crate::ui::Loaded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Retention as a heatmap table: a row per weekly cohort, a column per week after.
#[component]
fn Cohorts(cohorts: Vec<Cohort>) -> impl IntoView {
    if cohorts.is_empty() {
        return view! { <p class="empty-state">"No first launches in this range."</p> }.into_any();
    }
    let weeks = cohorts.first().map_or(0, |c| c.cells.len());
    view! {
        <div class="table-wrap">
            <table class="table cohorts" data-testid="cohorts">
                <caption class="sr-only">
                    "Share of each week's new users who launched again in the weeks after"
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"First launch (week of)"</th>
                        <th scope="col">"Users"</th>
                        {(0..weeks)
                            .map(|w| view! { <th scope="col">{format!("Week {w}")}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {cohorts
                        .into_iter()
                        .map(|c| {
                            view! {
                                <tr>
                                    <th scope="row">{c.week}</th>
                                    <td>{super::thousands_i(c.users)}</td>
                                    {c
                                        .cells
                                        .into_iter()
                                        .map(|v| match v {
                                            Some(p) => {
                                                let alpha = (p / 100.0).clamp(0.04, 1.0);
                                                let dark = p > 55.0;
                                                view! {
                                                    <td
                                                        class="heat"
                                                        class:heat-dark=dark
                                                        style=format!("background:rgba(37,99,235,{alpha:.2})")
                                                    >
                                                        {format!("{p:.0} %")}
                                                    </td>
                                                }
                                                    .into_any()
                                            }
                                            None => view! { <td class="heat-none"></td> }.into_any(),
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
        .into_any()
}

/// A funnel: each step's users, as a bar the width of its share of the first step.
#[component]
fn Funnel(steps: Vec<FunnelStep>) -> impl IntoView {
    view! {
        <ol class="funnel" data-testid="funnel">
            {steps
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <span class="funnel-label">{s.label}</span>
                            <span
                                class="funnel-bar"
                                style=format!("width:{:.1}%", s.percent.max(1.0))
                            ></span>
                            <span class="funnel-value">
                                {super::thousands_i(s.users)} " · " {format!("{:.0} %", s.percent)}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn MpAnalyticsView(a: MpAnalytics, action: String, eyebrow: &'static str) -> impl IntoView {
    let MpAnalytics {
        mp_id,
        name,
        filters,
        figures,
        activity,
        version_mix,
        error_rate,
        sessions,
        host_mix,
        platform_mix,
        cohorts,
        funnel,
        errors,
    } = a;
    let csv = |metric: &str| super::page::csv_href(&mp_id, metric, &filters.query);
    let csvs = [
        "activity",
        "versions",
        "errors",
        "sessions",
        "hosts",
        "platforms",
    ]
    .map(csv);
    let [c_activity, c_versions, c_errors, c_sessions, c_hosts, c_platforms] = csvs;
    view! {
        <Title text=format!("{name} · Analytics") />
        <AnalyticsHead
            eyebrow=eyebrow
            title=name.clone()
            note="Updated every minute from the event pipeline (UTC days)."
        />
        <Filters action bar=filters />
        <Figures figures />
        <ChartCard chart=activity empty="No launches in this range." csv=c_activity />
        <ChartCard chart=version_mix empty="No launches in this range." csv=c_versions />
        <ChartCard chart=error_rate empty="No launches in this range." csv=c_errors />
        <div class="two-col">
            <ChartCard
                chart=sessions
                empty="No sessions with a length in this range."
                csv=c_sessions
            />
            <section class="card">
                <h2>"From detail page to launch"</h2>
                <Funnel steps=funnel />
            </section>
        </div>
        <section class="card">
            <h2>"Retention by weekly cohort"</h2>
            <Cohorts cohorts />
        </section>
        <div class="two-col">
            <ChartCard chart=host_mix empty="No launches in this range." csv=c_hosts />
            <ChartCard chart=platform_mix empty="No launches in this range." csv=c_platforms />
        </div>
        <RankedList title="Errors" testid="errors" items=errors empty="No errors in this range." />
    }
}

fn mp_resource() -> Resource<Result<MpAnalytics, crate::error::AppError>> {
    let params = use_params_map();
    let query = use_query_map();
    crate::ui::server_resource(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query_of(&query.read()),
            )
        },
        |(id, q)| get_mp_analytics(id, q.from, q.to, q.host, q.platform, q.region),
    )
}

/// `/admin/analytics/:id`.
#[component]
pub fn AdminMpAnalyticsPage() -> impl IntoView {
    let data = mp_resource();
    view! {
        <div class="page analytics">
            <Loaded resource=data let:a>
                <MpAnalyticsView
                    action=format!("/admin/analytics/{}", a.mp_id)
                    a
                    eyebrow="Analytics"
                />
            </Loaded>
        </div>
    }
}

/// `/portal/analytics/:id`.
#[component]
pub fn PortalMpAnalyticsPage() -> impl IntoView {
    let data = mp_resource();
    view! {
        <div class="page analytics">
            <Loaded resource=data let:a>
                <MpAnalyticsView
                    action=format!("/portal/analytics/{}", a.mp_id)
                    a
                    eyebrow="Your mini-program"
                />
            </Loaded>
        </div>
    }
}

/// `/portal/analytics`: the developer's mini-programs together.
#[component]
pub fn PortalAnalyticsPage() -> impl IntoView {
    let query = use_query_map();
    let overview = crate::ui::server_resource(
        move || query_of(&query.read()),
        |q| get_portal_overview(q.from, q.to, q.host, q.platform, q.region),
    );
    view! {
        <Title text="Analytics" />
        <div class="page analytics">
            <AnalyticsHead
                eyebrow="Developer portal"
                title="Analytics"
                note="Your organizations' mini-programs, updated every minute."
            />
            <Loaded resource=overview let:o>
                <Filters action="/portal/analytics" bar=o.filters.clone() />
                <Figures figures=o.figures.clone() />
                <ChartCard chart=o.activity.clone() empty="No launches in this range." />
                <div class="two-col">
                    <RankedList
                        title="Your mini-programs"
                        testid="top-mini-programs"
                        items=o.top.clone()
                        empty="None of your mini-programs was launched in this range."
                    />
                    <ChartCard chart=o.platform_mix.clone() empty="No launches in this range." />
                </div>
            </Loaded>
        </div>
    }
}
