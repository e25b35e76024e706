//! The audit log: filterable, paginated, exportable as CSV.

use crate::audit::api::list_audit;
use crate::domain::urlencode;
use crate::ui::Loaded;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let q = use_query_map();
    let get = move |k: &str| q.read().get(k).unwrap_or_default();
    let page = move || {
        q.read()
            .get("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1u32)
    };
    let entries = crate::ui::server_resource(
        move || (get("action"), get("target"), get("actor"), page()),
        |(a, t, u, p)| list_audit(a, t, u, p),
    );
    let csv = move || {
        format!(
            "/admin/audit.csv?action={}&target={}&actor={}",
            urlencode(&get("action")),
            urlencode(&get("target")),
            urlencode(&get("actor"))
        )
    };
    view! {
        <Title text="Audit log" />
        <div class="page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">"Admin console"</p>
                    <h1>"Audit log"</h1>
                </div>
                <a
                    class="btn"
                    href=csv
                    data-testid="csv"
                    rel="external"
                    download="ministore-audit.csv"
                >
                    "⬇ Export CSV"
                </a>
            </div>
            <form method="get" action="/admin/audit" class="filters card">
                <label class="field">
                    <span>"Action"</span>
                    <input
                        type="search"
                        name="action"
                        value=move || get("action")
                        placeholder="e.g. version.approve"
                    />
                </label>
                <label class="field">
                    <span>"Target"</span>
                    <input
                        type="search"
                        name="target"
                        value=move || get("target")
                        placeholder="e.g. mp_calculator"
                    />
                </label>
                <label class="field">
                    <span>"Who"</span>
                    <input
                        type="search"
                        name="actor"
                        value=move || get("actor")
                        placeholder="email or name"
                    />
                </label>
                <button class="btn btn-primary" type="submit">
                    "Filter"
                </button>
            </form>
            <Loaded resource=entries let:value>
                {match value {
                    p if p.entries.is_empty() => {
                        view! {
                            <div class="empty-state small">
                                <p class="muted">"No entry matches."</p>
                            </div>
                        }
                            .into_any()
                    }
                    p => {
                        let pages = ((p.total as u32).div_ceil(p.per_page.max(1))).max(1);
                        let cur = p.page;
                        view! {
                            <div class="card table-card">
                                <table class="table" data-testid="audit">
                                    <thead>
                                        <tr>
                                            <th>"When"</th>
                                            <th>"Who"</th>
                                            <th>"What"</th>
                                            <th>"On"</th>
                                            <th class="hide-sm">"Details"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {p
                                            .entries
                                            .into_iter()
                                            .map(|e| {
                                                view! {
                                                    <tr>
                                                        <td class="small nowrap">
                                                            {e.at.replace('T', " ").get(..19).unwrap_or("").to_string()}
                                                        </td>
                                                        <td class="small">
                                                            {e.actor.unwrap_or_else(|| "system".into())}
                                                        </td>
                                                        <td>
                                                            <code>{e.action}</code>
                                                        </td>
                                                        <td class="mono small">{e.target_id}</td>
                                                        <td class="hide-sm mono small muted audit-detail">
                                                            {e.detail}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <nav class="pager">
                                <span class="muted small">
                                    {format!("{} entries · page {cur} of {pages}", p.total)}
                                </span>
                                {(cur > 1)
                                    .then(|| {
                                        view! {
                                            <a
                                                class="btn btn-sm"
                                                href=format!(
                                                    "?action={}&target={}&actor={}&page={}",
                                                    urlencode(&get("action")),
                                                    urlencode(&get("target")),
                                                    urlencode(&get("actor")),
                                                    cur - 1,
                                                )
                                            >
                                                "← Newer"
                                            </a>
                                        }
                                    })}
                                {(cur < pages)
                                    .then(|| {
                                        view! {
                                            <a
                                                class="btn btn-sm"
                                                href=format!(
                                                    "?action={}&target={}&actor={}&page={}",
                                                    urlencode(&get("action")),
                                                    urlencode(&get("target")),
                                                    urlencode(&get("actor")),
                                                    cur + 1,
                                                )
                                            >
                                                "Older →"
                                            </a>
                                        }
                                    })}
                            </nav>
                        }
                            .into_any()
                    }
                }}
            </Loaded>
        </div>
    }
}
