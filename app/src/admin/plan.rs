//! The grayscale release page of one mini-program on one host app: the plan's slider, presets,
//! allow-list, condition builder, scheduled ramp, minimum version and error-rate gate; the
//! audience preview; start, pause, resume, complete, roll back; the candidate's health and the
//! plan history.

use crate::error::AppError;
use crate::grayscale::api::{
    discard_plan, get_plan_page, plan_action, preview_audience, save_plan,
};
use crate::grayscale::{
    parse_id_list, AudiencePreview, ConditionInput, PlanInput, PlanPage, PlanState, StepInput,
    CONDITION_FIELDS, OPERATORS, PRESETS,
};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PlanPageView() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("id").unwrap_or_default(),
            p.get("host").unwrap_or_default(),
        )
    };
    let reload = RwSignal::new(0u32);
    let page = Resource::new(
        move || (key(), reload.get()),
        |((mp, host), _)| get_plan_page(mp, host),
    );
    view! {
        <Title text="Grayscale release"/>
        <div class="page plan-page">
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <crate::ui::ErrorPanel error=e/> }.into_any(),
                        Ok(p) => view! { <PlanBody page=p reload=reload/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Shows the plan as it is now after a change. A full reload rather than a refetch: refetching
/// the page's resource from inside the view it rebuilds was seen to leave the old view on screen
/// now and then (a Leptos 0.8 `Transition` issue, noted in the lifecycle issue).
fn refresh(reload: RwSignal<u32>) {
    #[cfg(feature = "hydrate")]
    {
        let _ = reload;
        let _ = window().location().reload();
    }
    #[cfg(not(feature = "hydrate"))]
    reload.update(|n| *n += 1);
}

fn state_badge(s: PlanState, testid: &'static str) -> impl IntoView {
    let class = match s {
        PlanState::Running => "badge badge-ok",
        PlanState::Paused => "badge badge-warn",
        PlanState::Draft => "badge",
        PlanState::Completed => "badge badge-info",
        PlanState::RolledBack => "badge badge-danger",
    };
    view! { <span class=class data-testid=testid>{s.label()}</span> }
}

fn when(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ") + " UTC"
}

#[component]
fn PlanBody(page: PlanPage, reload: RwSignal<u32>) -> impl IntoView {
    let p = page.clone();
    let header = view! {
        <div class="page-head"><div>
            <p class="eyebrow"><a href="/admin/apps">"Mini-programs"</a>" / "<a href=format!("/admin/apps/{}", p.mp_id)>{p.mp_name.clone()}</a></p>
            <h1>"Grayscale release"</h1>
            <p class="muted">{p.host_name.clone()}" · "<span class="mono">{p.app_key.clone()}</span></p>
        </div>
        <div class="plan-head-state">{p.state.map(|s| state_badge(s, "plan-state"))}</div>
        </div>
    };
    if !p.release_active || p.stable.is_none() {
        return view! {
            {header}
            <div class="empty-state" data-testid="no-release">
                <h3>"Not released to this host app"</h3>
                <p class="muted">"A grayscale plan rolls a candidate out next to a stable version. Release a version fully first, then come back."</p>
                <a class="btn" href=format!("/admin/apps/{}", p.mp_id)>"Back to releases"</a>
            </div>
        }
        .into_any();
    }
    if p.plan_id.is_none() && p.choices.is_empty() {
        return view! {
            {header}
            <StableCard page=p.clone()/>
            <div class="empty-state" data-testid="no-candidate">
                <h3>"No candidate version"</h3>
                <p class="muted">"Approve a newer version in the review queue; it can then be rolled out here to a share of users."</p>
            </div>
            <History page=p/>
        }
        .into_any();
    }
    view! {
        {header}
        <StableCard page=p.clone()/>
        <StatusCard page=p.clone() reload=reload/>
        <Editor page=p.clone() reload=reload/>
        <History page=p/>
    }
    .into_any()
}

#[component]
fn StableCard(page: PlanPage) -> impl IntoView {
    let stable = page.stable.map(|v| v.version).unwrap_or_default();
    let candidate = page.candidate.map(|v| v.version);
    let pct = page.input.percentage;
    let running = page.state.is_some_and(|s| s.is_open());
    view! {
        <div class="card rollout-card">
            <div class="rollout-versions">
                <div><p class="small muted">"Stable"</p><p class="rollout-v" data-testid="stable-version">{format!("v{stable}")}</p></div>
                <div class="rollout-arrow" aria-hidden="true">"→"</div>
                <div><p class="small muted">"Candidate"</p><p class="rollout-v" data-testid="candidate-version">{candidate.clone().map(|c| format!("v{c}")).unwrap_or_else(|| "—".into())}</p></div>
            </div>
            {running.then(|| view! {
                <div class="rollout-bar" role="img" aria-label=format!("{pct} % of users get the candidate")>
                    <div class="rollout-fill" style=format!("width:{pct}%")></div>
                    <span class="rollout-label">{format!("{pct} % candidate · {} % stable", 100 - pct)}</span>
                </div>
            })}
        </div>
    }
}

#[component]
fn StatusCard(page: PlanPage, reload: RwSignal<u32>) -> impl IntoView {
    let Some(plan_id) = page.plan_id.clone() else {
        return ().into_any();
    };
    let state = page.state.unwrap_or(PlanState::Draft);
    let act = Action::new(move |a: &String| {
        let (id, a) = (plan_id.clone(), a.clone());
        async move { plan_action(id, a).await }
    });
    let discard = Action::new(move |id: &String| discard_plan(id.clone()));
    Effect::new(move |_| {
        if act.value().get().is_some_and(|r| r.is_ok())
            || discard.value().get().is_some_and(|r| r.is_ok())
        {
            refresh(reload);
        }
    });
    let error = move || {
        act.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| discard.value().get().and_then(|r| r.err()))
            .map(|e: AppError| view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> })
    };
    let pending = move || act.pending().get() || discard.pending().get();
    let button = move |label: &'static str, action: &'static str, class: &'static str| {
        view! {
            <button class=class type="button" data-testid=format!("plan-{action}") disabled=pending
                on:click=move |_| { act.dispatch(action.to_string()); }>{label}</button>
        }
    };
    let candidate = page
        .candidate
        .clone()
        .map(|c| c.version)
        .unwrap_or_default();
    let id2 = page.plan_id.clone().unwrap_or_default();
    let health = page.health.clone();
    let gate = page.input.max_error_rate_pct;
    view! {
        <div class="card plan-status" data-testid="plan-status">
            <div class="plan-status-row">
                <div>
                    <h2>{match state {
                        PlanState::Draft => "Draft plan".to_string(),
                        PlanState::Running => format!("Rolling out v{candidate}"),
                        PlanState::Paused => format!("Paused at {} %", page.input.percentage),
                        _ => String::new(),
                    }}</h2>
                    <p class="muted small">{match state {
                        PlanState::Draft => "Nobody gets the candidate until you start the plan.".to_string(),
                        PlanState::Running => "Changes you save apply within a second on every server.".to_string(),
                        PlanState::Paused => "The candidate keeps its current audience; scheduled steps wait until you resume.".to_string(),
                        _ => String::new(),
                    }}{page.started_at.clone().map(|s| format!(" Started {}.", when(&s)))}</p>
                </div>
                <div class="plan-actions">
                    {match state {
                        PlanState::Draft => view! {
                            {button("Start rollout", "start", "btn btn-primary")}
                            <button class="btn btn-danger-ghost" type="button" data-testid="plan-discard" disabled=pending
                                on:click=move |_| { discard.dispatch(id2.clone()); }>"Discard draft"</button>
                        }.into_any(),
                        PlanState::Running => view! {
                            {button("Pause", "pause", "btn")}
                            {button("Complete: make it stable", "complete", "btn btn-primary")}
                            {button("Roll back", "rollback", "btn btn-danger")}
                        }.into_any(),
                        PlanState::Paused => view! {
                            {button("Resume", "resume", "btn btn-primary")}
                            {button("Complete: make it stable", "complete", "btn")}
                            {button("Roll back", "rollback", "btn btn-danger")}
                        }.into_any(),
                        _ => ().into_any(),
                    }}
                </div>
            </div>
            {page.state_reason.clone().map(|r| view! { <div class="alert alert-warn" data-testid="state-reason">{r}</div> })}
            {error}
            {health.map(|h| {
                let rate = if h.launches > 0 { h.errors as f64 * 100.0 / h.launches as f64 } else { 0.0 };
                let limit = gate.unwrap_or(0.0);
                let width = if limit > 0.0 { (rate / limit * 100.0).min(100.0) } else { 0.0 };
                view! {
                    <div class="health" data-testid="health">
                        <div class="stat"><span class="stat-n">{h.launches}</span><span class="stat-l">{format!("launches of v{candidate}, last {} min", h.window_minutes)}</span></div>
                        <div class="stat"><span class="stat-n">{h.errors}</span><span class="stat-l">"errors"</span></div>
                        <div class="stat"><span class="stat-n">{format!("{rate:.1} %")}</span><span class="stat-l">"error rate"</span></div>
                        {gate.map(|g| view! {
                            <div class="gate-meter" title=format!("{rate:.1} % of the {g} % limit")>
                                <div class={if width >= 100.0 { "gate-fill over" } else { "gate-fill" }} style=format!("width:{width:.0}%")></div>
                                <span class="small muted">{format!("gate at {g} %")}</span>
                            </div>
                        })}
                    </div>
                }
            })}
        </div>
    }
    .into_any()
}

/// A condition row of the builder, with its own signals.
#[derive(Clone, Copy)]
struct Row {
    key: u32,
    field: RwSignal<String>,
    custom: RwSignal<String>,
    operator: RwSignal<String>,
    values: RwSignal<String>,
    inverted: RwSignal<bool>,
    ci: RwSignal<bool>,
}

impl Row {
    fn new(key: u32, c: &ConditionInput) -> Self {
        let (field, custom) = match c.field.strip_prefix("ctx.") {
            Some(name) => ("custom".to_string(), name.to_string()),
            None => (c.field.clone(), String::new()),
        };
        Row {
            key,
            field: RwSignal::new(field),
            custom: RwSignal::new(custom),
            operator: RwSignal::new(c.operator.clone()),
            values: RwSignal::new(c.values.join(", ")),
            inverted: RwSignal::new(c.inverted),
            ci: RwSignal::new(c.case_insensitive),
        }
    }

    fn input(&self) -> ConditionInput {
        let field = self.field.get_untracked();
        ConditionInput {
            field: if field == "custom" {
                format!("ctx.{}", self.custom.get_untracked().trim())
            } else {
                field
            },
            operator: self.operator.get_untracked(),
            values: self
                .values
                .get_untracked()
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
            inverted: self.inverted.get_untracked(),
            case_insensitive: self.ci.get_untracked(),
        }
    }
}

#[derive(Clone, Copy)]
struct StepRow {
    key: u32,
    percentage: RwSignal<String>,
    at: RwSignal<String>,
    applied: bool,
}

#[component]
fn Editor(page: PlanPage, reload: RwSignal<u32>) -> impl IntoView {
    let i = page.input.clone();
    let started = page.state.is_some_and(|s| s != PlanState::Draft);
    let saved_group = i.group.clone();
    let candidate = RwSignal::new(i.candidate_version_id.clone());
    let pct = RwSignal::new(i.percentage);
    let group = RwSignal::new(i.group.clone());
    let allow = RwSignal::new(i.allow_list.join("\n"));
    let min_version = RwSignal::new(i.min_version.clone().unwrap_or_default());
    let gate_on = RwSignal::new(i.max_error_rate_pct.is_some());
    let max_rate = RwSignal::new(i.max_error_rate_pct.unwrap_or(5.0).to_string());
    let min_launches = RwSignal::new(i.min_launches.to_string());
    let window = RwSignal::new(i.error_window_minutes.to_string());
    let on_error = RwSignal::new(if i.on_error.is_empty() {
        "pause".to_string()
    } else {
        i.on_error.clone()
    });
    let next_key = StoredValue::new(1000u32);
    let fresh = move || {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        k
    };
    let rows = RwSignal::new(
        i.conditions
            .iter()
            .enumerate()
            .map(|(n, c)| Row::new(n as u32, c))
            .collect::<Vec<_>>(),
    );
    let steps = RwSignal::new(
        i.steps
            .iter()
            .enumerate()
            .map(|(n, s)| StepRow {
                key: 500 + n as u32,
                percentage: RwSignal::new(s.percentage.to_string()),
                at: RwSignal::new(s.at.get(..16).unwrap_or(&s.at).to_string()),
                applied: s.applied,
            })
            .collect::<Vec<_>>(),
    );
    let (mp_id, app_key) = (i.mp_id.clone(), i.app_key.clone());
    let collect = move || -> Result<PlanInput, String> {
        let rate = if gate_on.get_untracked() {
            Some(
                max_rate
                    .get_untracked()
                    .trim()
                    .parse::<f64>()
                    .map_err(|_| "The maximum error rate is a number, in percent.".to_string())?,
            )
        } else {
            None
        };
        Ok(PlanInput {
            mp_id: mp_id.clone(),
            app_key: app_key.clone(),
            candidate_version_id: candidate.get_untracked(),
            percentage: pct.get_untracked(),
            group: group.get_untracked(),
            allow_list: parse_id_list(&allow.get_untracked()),
            conditions: rows.get_untracked().iter().map(Row::input).collect(),
            min_version: Some(min_version.get_untracked()).filter(|v| !v.trim().is_empty()),
            max_error_rate_pct: rate,
            min_launches: min_launches
                .get_untracked()
                .trim()
                .parse()
                .map_err(|_| "The minimum number of launches is a whole number.".to_string())?,
            error_window_minutes: window
                .get_untracked()
                .trim()
                .parse()
                .map_err(|_| "The window is a whole number of minutes.".to_string())?,
            on_error: on_error.get_untracked(),
            steps: steps
                .get_untracked()
                .iter()
                .filter(|s| !s.applied)
                .map(|s| StepInput {
                    percentage: s.percentage.get_untracked().trim().parse().unwrap_or(101),
                    at: s.at.get_untracked(),
                    applied: false,
                })
                .collect(),
        })
    };
    let local_error = RwSignal::new(None::<String>);
    let save = Action::new(move |input: &PlanInput| save_plan(input.clone()));
    let preview = Action::new(move |input: &PlanInput| preview_audience(input.clone()));
    Effect::new(move |_| {
        if save.value().get().is_some_and(|r| r.is_ok()) {
            refresh(reload);
        }
    });
    let collect2 = collect.clone();
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match collect() {
            Ok(input) => {
                local_error.set(None);
                save.dispatch(input);
            }
            Err(e) => local_error.set(Some(e)),
        }
    };
    let on_preview = move |_| match collect2() {
        Ok(input) => {
            local_error.set(None);
            preview.dispatch(input);
        }
        Err(e) => local_error.set(Some(e)),
    };
    let server_error = move || save.value().get().and_then(|r| r.err());
    let field_error = move |field: &'static str| {
        move || {
            server_error()
                .filter(|e| e.field() == Some(field))
                .map(|e| view! { <p class="field-error" role="alert" data-field=field>{e.to_string()}</p> })
        }
    };
    let general_error = move || {
        local_error
            .get()
            .or_else(|| {
                server_error()
                    .filter(|e| {
                        e.field().is_none_or(|f| {
                            ![
                                "percentage",
                                "group",
                                "allow_list",
                                "conditions",
                                "min_version",
                                "steps",
                                "max_error_rate_pct",
                                "min_launches",
                                "error_window_minutes",
                            ]
                            .contains(&f)
                        })
                    })
                    .map(|e| e.to_string())
            })
            .map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })
    };
    let allow_count = move || parse_id_list(&allow.get()).len();
    let group_changed = move || started && group.get().trim() != saved_group;
    let choices = page.choices.clone();
    let save_label = match page.state {
        None => "Save as draft",
        Some(PlanState::Draft) => "Save draft",
        _ => "Save changes",
    };
    view! {
        <form class="card plan-editor" on:submit=on_save data-testid="plan-editor">
            <h2>{if page.plan_id.is_some() { "Plan" } else { "New plan" }}</h2>
            {general_error}
            <div class="plan-grid">
                <label class="field"><span>"Candidate version"</span>
                    <select data-testid="candidate" prop:value=move || candidate.get() on:change=move |ev| candidate.set(event_target_value(&ev)) disabled=started>
                        {choices.into_iter().map(|c| {
                            let selected = c.id == i.candidate_version_id;
                            view! { <option value=c.id selected=selected>{format!("v{}", c.version)}</option> }
                        }).collect_view()}
                    </select>
                    {started.then(|| view! { <small class="muted">"Fixed once the plan has started."</small> })}
                </label>
                <label class="field"><span>"Minimum version (optional)"</span>
                    <input type="text" placeholder="e.g. 1.0.0" prop:value=move || min_version.get() on:input=move |ev| min_version.set(event_target_value(&ev)) data-testid="min-version"/>
                    <small class="muted">"Host apps holding an older copy must update."</small>
                    {field_error("min_version")}
                </label>
            </div>

            <fieldset class="field slider-field">
                <legend>"Share of users who get the candidate"</legend>
                <div class="slider-row">
                    <input type="range" min="0" max="100" step="1" data-testid="percentage"
                        aria-label="Percentage of users"
                        prop:value=move || pct.get().to_string()
                        on:input=move |ev| pct.set(event_target_value(&ev).parse().unwrap_or(0))/>
                    <output class="slider-value" data-testid="percentage-value">{move || format!("{} %", pct.get())}</output>
                </div>
                <div class="presets">
                    {PRESETS.into_iter().map(|p| view! {
                        <button type="button" class=move || if pct.get() == p { "chip chip-on" } else { "chip" }
                            data-testid=format!("preset-{p}") on:click=move |_| pct.set(p)>{format!("{p} %")}</button>
                    }).collect_view()}
                </div>
                {field_error("percentage")}
            </fieldset>

            <div class="plan-grid">
                <label class="field"><span>"Bucketing group"</span>
                    <input type="text" prop:value=move || group.get() on:input=move |ev| group.set(event_target_value(&ev)) data-testid="group"/>
                    <small class="muted">"Users are bucketed by hash of group and user id; the default is the mini-program id."</small>
                    {move || group_changed().then(|| view! { <div class="alert alert-warn small" data-testid="group-warning">"Changing the group reshuffles users: a different set of users gets the candidate, and some who have it lose it."</div> })}
                    {field_error("group")}
                </label>
                <label class="field"><span>{move || format!("Allow-list ({} user ids)", allow_count())}</span>
                    <textarea rows="4" placeholder="Paste user ids: one per line, or separated by commas" data-testid="allow-list"
                        prop:value=move || allow.get() on:input=move |ev| allow.set(event_target_value(&ev))></textarea>
                    <small class="muted">"These users always get the candidate, whatever the conditions and percentage."</small>
                    {field_error("allow_list")}
                </label>
            </div>

            <fieldset class="field conditions">
                <legend>"Conditions (all must hold)"</legend>
                {move || rows.get().is_empty().then(|| view! { <p class="muted small" data-testid="no-conditions">"No conditions: the percentage applies to every user."</p> })}
                <For each=move || rows.get() key=|r| r.key let:row>
                    <div class="condition-row" data-testid="condition">
                        <select aria-label="Field" data-testid="condition-field" prop:value=move || row.field.get() on:change=move |ev| row.field.set(event_target_value(&ev))>
                            {CONDITION_FIELDS.into_iter().map(|(f, hint)| view! { <option value=f title=hint selected=move || row.field.get() == f>{f}</option> }).collect_view()}
                            <option value="custom" selected=move || row.field.get() == "custom">"custom ctx.…"</option>
                        </select>
                        {move || (row.field.get() == "custom").then(|| view! {
                            <input type="text" class="narrow" placeholder="name" aria-label="Custom field name" data-testid="condition-custom"
                                prop:value=move || row.custom.get() on:input=move |ev| row.custom.set(event_target_value(&ev))/>
                        })}
                        <select aria-label="Operator" data-testid="condition-operator" prop:value=move || row.operator.get() on:change=move |ev| row.operator.set(event_target_value(&ev))>
                            {OPERATORS.into_iter().map(|(op, label, _)| view! { <option value=op selected=move || row.operator.get() == op>{label}</option> }).collect_view()}
                        </select>
                        <input type="text" class="grow" aria-label="Values" data-testid="condition-values"
                            placeholder=move || if OPERATORS.iter().any(|(o, _, list)| *o == row.operator.get() && *list) { "values, comma-separated" } else { "value" }
                            prop:value=move || row.values.get() on:input=move |ev| row.values.set(event_target_value(&ev))/>
                        <label class="check small"><input type="checkbox" prop:checked=move || row.inverted.get() on:change=move |ev| row.inverted.set(event_target_checked(&ev))/>" not"</label>
                        <label class="check small"><input type="checkbox" prop:checked=move || row.ci.get() on:change=move |ev| row.ci.set(event_target_checked(&ev))/>" ignore case"</label>
                        <button type="button" class="btn btn-sm btn-danger-ghost" aria-label="Remove condition"
                            on:click=move |_| rows.update(|r| r.retain(|x| x.key != row.key))>"✕"</button>
                    </div>
                </For>
                <button type="button" class="btn btn-sm" data-testid="add-condition" on:click=move |_| {
                    let k = fresh();
                    rows.update(|r| r.push(Row::new(k, &ConditionInput { field: "platform".into(), operator: "IN".into(), ..Default::default() })));
                }>"+ Add condition"</button>
                {field_error("conditions")}
            </fieldset>

            <fieldset class="field steps">
                <legend>"Scheduled ramp (times in UTC)"</legend>
                {move || steps.get().is_empty().then(|| view! { <p class="muted small">"No steps: the percentage changes only when you change it."</p> })}
                <For each=move || steps.get() key=|s| s.key let:s>
                    <div class="step-row" data-testid="step">
                        <input type="number" min="0" max="100" class="narrow" aria-label="Percentage" disabled=s.applied
                            prop:value=move || s.percentage.get() on:input=move |ev| s.percentage.set(event_target_value(&ev))/>
                        <span>"% at"</span>
                        <input type="datetime-local" aria-label="When (UTC)" disabled=s.applied
                            prop:value=move || s.at.get() on:input=move |ev| s.at.set(event_target_value(&ev))/>
                        {if s.applied {
                            view! { <span class="badge badge-ok">"applied"</span> }.into_any()
                        } else {
                            view! { <button type="button" class="btn btn-sm btn-danger-ghost" aria-label="Remove step"
                                on:click=move |_| steps.update(|v| v.retain(|x| x.key != s.key))>"✕"</button> }.into_any()
                        }}
                    </div>
                </For>
                <button type="button" class="btn btn-sm" data-testid="add-step" on:click=move |_| {
                    let k = fresh();
                    let next = match steps.get_untracked().last() {
                        Some(l) => l.percentage.get_untracked().parse::<u8>().map(|p| if p < 5 { 5 } else if p < 25 { 25 } else if p < 50 { 50 } else { 100 }).unwrap_or(100),
                        None => if pct.get_untracked() < 5 { 5 } else if pct.get_untracked() < 25 { 25 } else { 100 },
                    };
                    steps.update(|v| v.push(StepRow { key: k, percentage: RwSignal::new(next.to_string()), at: RwSignal::new(String::new()), applied: false }));
                }>"+ Add step"</button>
                {field_error("steps")}
            </fieldset>

            <fieldset class="field gate">
                <legend>
                    <label class="check"><input type="checkbox" data-testid="gate-on" prop:checked=move || gate_on.get() on:change=move |ev| gate_on.set(event_target_checked(&ev))/>" Error-rate gate"</label>
                </legend>
                {move || (!gate_on.get()).then(|| view! { <p class="muted small">"Off: the plan never pauses or rolls back by itself."</p> })}
                {move || gate_on.get().then(|| view! {
                    <div class="gate-row">
                        <label>"Above "<input type="number" step="0.1" min="0.1" max="100" class="narrow" data-testid="max-error-rate" prop:value=move || max_rate.get() on:input=move |ev| max_rate.set(event_target_value(&ev))/>" % errors"</label>
                        <label>"over "<input type="number" min="1" class="narrow" prop:value=move || window.get() on:input=move |ev| window.set(event_target_value(&ev))/>" min"</label>
                        <label>"(at least "<input type="number" min="1" class="narrow" prop:value=move || min_launches.get() on:input=move |ev| min_launches.set(event_target_value(&ev))/>" launches)"</label>
                        <label>"the plan "<select prop:value=move || on_error.get() on:change=move |ev| on_error.set(event_target_value(&ev))>
                            <option value="pause" selected=move || on_error.get() == "pause">"pauses"</option>
                            <option value="rollback" selected=move || on_error.get() == "rollback">"rolls back"</option>
                        </select></label>
                    </div>
                })}
                {field_error("max_error_rate_pct")}{field_error("min_launches")}{field_error("error_window_minutes")}
            </fieldset>

            <div class="preview" data-testid="preview">
                {move || match preview.value().get() {
                    None if preview.pending().get() => view! { <p class="muted">"Counting…"</p> }.into_any(),
                    None => view! { <p class="muted small">"Preview how many recently seen users this plan reaches before you save it."</p> }.into_any(),
                    Some(Err(e)) => view! { <div class="alert alert-error">{e.to_string()}</div> }.into_any(),
                    Some(Ok(p)) => preview_view(p).into_any(),
                }}
            </div>
            <div class="form-actions">
                <button type="button" class="btn" data-testid="preview-audience" on:click=on_preview>"Preview audience"</button>
                <button type="submit" class="btn btn-primary" data-testid="save-plan" disabled=move || save.pending().get()>{save_label}</button>
                {move || (save.value().get().is_some_and(|r| r.is_ok())).then(|| view! { <span class="muted small" role="status">"Saved."</span> })}
            </div>
        </form>
    }
}

fn preview_view(p: AudiencePreview) -> impl IntoView {
    if p.seen == 0 {
        return view! {
            <p data-testid="preview-result">"No data yet: no user of this host app has been seen (by resolve or a launch) in the last 30 days."</p>
        }
        .into_any();
    }
    let share = p.reached as f64 * 100.0 / p.seen as f64;
    view! {
        <div data-testid="preview-result">
            <p>{format!("This plan reaches ≈{} of the {} users seen in the last 30 days ({share:.1} %).", p.reached, p.seen)}</p>
            <div class="rollout-bar small-bar"><div class="rollout-fill" style=format!("width:{share:.1}%")></div></div>
            <p class="muted small">{format!("{} pass the conditions; {} through the allow-list.", p.pass_conditions, p.by_allow_list)}</p>
        </div>
    }
    .into_any()
}

#[component]
fn History(page: PlanPage) -> impl IntoView {
    (!page.history.is_empty()).then(|| {
        view! {
            <div class="card table-card">
                <h2 class="card-pad">"Earlier plans"</h2>
                <table class="table" data-testid="plan-history">
                    <thead><tr><th>"Candidate"</th><th>"Outcome"</th><th class="hide-sm">"Ended"</th></tr></thead>
                    <tbody>{page.history.into_iter().map(|h| view! {
                        <tr>
                            <td>{format!("v{} at {} %", h.candidate, h.percentage)}</td>
                            <td>{state_badge(h.state, "history-state")}{h.state_reason.map(|r| view! { <br/><span class="small muted">{r}</span> })}</td>
                            <td class="hide-sm">{h.ended_at.map(|t| when(&t))}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
            </div>
        }
    })
}
