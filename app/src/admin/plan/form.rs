//! The plan editor: candidate, minimum version, percentage, bucketing group and allow-list,
//! with the condition builder, the ramp, the gate and the preview; save and preview buttons.

use super::conditions::Conditions;
use super::gate::GateSettings;
use super::preview::Preview;
use super::ramp::Ramp;
use super::refresh;
use super::state::{Form, SaveErrors, FIELDS};
use crate::grayscale::api::{preview_audience, save_plan};
use crate::grayscale::{parse_id_list, PlanInput, PlanPage, PlanState, PRESETS};
use leptos::prelude::*;

/// The form that saves the plan (a new one as a draft).
#[component]
pub(super) fn Editor(page: PlanPage, reload: RwSignal<u32>) -> impl IntoView {
    let i = page.input.clone();
    let started = page.state.is_some_and(|s| s != PlanState::Draft);
    let saved_group = i.group.clone();
    let form = Form::new(&i);
    let Form {
        candidate,
        pct,
        group,
        allow,
        min_version,
        ..
    } = form;
    let local_error = RwSignal::new(None::<String>);
    let save = Action::new(move |input: &PlanInput| save_plan(input.clone()));
    let preview = Action::new(move |input: &PlanInput| preview_audience(input.clone()));
    Effect::new(move |_| {
        if save.value().get().is_some_and(|r| r.is_ok()) {
            refresh(reload);
        }
    });
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.collect() {
            Ok(input) => {
                local_error.set(None);
                save.dispatch(input);
            }
            Err(e) => local_error.set(Some(e)),
        }
    };
    let on_preview = move |_| match form.collect() {
        Ok(input) => {
            local_error.set(None);
            preview.dispatch(input);
        }
        Err(e) => local_error.set(Some(e)),
    };
    let errors = SaveErrors(save);
    let general_error = move || {
        local_error
            .get()
            .or_else(|| {
                errors
                    .server_error()
                    .filter(|e| e.field().is_none_or(|f| !FIELDS.contains(&f)))
                    .map(|e| e.to_string())
            })
            .map(|m| {
                view! {
                    <div class="alert alert-error" role="alert">
                        {m}
                    </div>
                }
            })
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
                <label class="field">
                    <span>"Candidate version"</span>
                    <select
                        data-testid="candidate"
                        prop:value=move || candidate.get()
                        on:change=move |ev| candidate.set(event_target_value(&ev))
                        disabled=started
                    >
                        {choices
                            .into_iter()
                            .map(|c| {
                                let selected = c.id == i.candidate_version_id;
                                view! {
                                    <option value=c.id selected=selected>
                                        {format!("v{}", c.version)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    {started
                        .then(|| {
                            view! {
                                <small class="muted">"Fixed once the plan has started."</small>
                            }
                        })}
                </label>
                <label class="field">
                    <span>"Minimum version (optional)"</span>
                    <input
                        type="text"
                        placeholder="e.g. 1.0.0"
                        prop:value=move || min_version.get()
                        on:input=move |ev| min_version.set(event_target_value(&ev))
                        data-testid="min-version"
                    />
                    <small class="muted">"Host apps holding an older copy must update."</small>
                    {errors.field("min_version")}
                </label>
            </div>

            <fieldset class="field slider-field">
                <legend>"Share of users who get the candidate"</legend>
                <div class="slider-row">
                    <input
                        type="range"
                        min="0"
                        max="100"
                        step="1"
                        data-testid="percentage"
                        aria-label="Percentage of users"
                        prop:value=move || pct.get().to_string()
                        on:input=move |ev| pct.set(event_target_value(&ev).parse().unwrap_or(0))
                    />
                    <output class="slider-value" data-testid="percentage-value">
                        {move || format!("{} %", pct.get())}
                    </output>
                </div>
                <div class="presets">
                    {PRESETS
                        .into_iter()
                        .map(|p| {
                            view! {
                                <button
                                    type="button"
                                    class=move || {
                                        if pct.get() == p { "chip chip-on" } else { "chip" }
                                    }
                                    data-testid=format!("preset-{p}")
                                    on:click=move |_| pct.set(p)
                                >
                                    {format!("{p} %")}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                {errors.field("percentage")}
            </fieldset>

            <div class="plan-grid">
                <label class="field">
                    <span>"Bucketing group"</span>
                    <input
                        type="text"
                        prop:value=move || group.get()
                        on:input=move |ev| group.set(event_target_value(&ev))
                        data-testid="group"
                    />
                    <small class="muted">
                        "Users are bucketed by hash of group and user id; the default is the mini-program id."
                    </small>
                    {move || {
                        group_changed()
                            .then(|| {
                                view! {
                                    <div class="alert alert-warn small" data-testid="group-warning">
                                        "Changing the group reshuffles users: a different set of users gets the candidate, and some who have it lose it."
                                    </div>
                                }
                            })
                    }}
                    {errors.field("group")}
                </label>
                <label class="field">
                    <span>{move || format!("Allow-list ({} user ids)", allow_count())}</span>
                    <textarea
                        rows="4"
                        placeholder="Paste user ids: one per line, or separated by commas"
                        data-testid="allow-list"
                        prop:value=move || allow.get()
                        on:input=move |ev| allow.set(event_target_value(&ev))
                    ></textarea>
                    <small class="muted">
                        "These users always get the candidate, whatever the conditions and percentage."
                    </small>
                    {errors.field("allow_list")}
                </label>
            </div>

            <Conditions form errors />
            <Ramp form errors />
            <GateSettings form errors />
            <Preview preview />
            <div class="form-actions">
                <button
                    type="button"
                    class="btn"
                    data-testid="preview-audience"
                    on:click=on_preview
                >
                    "Preview audience"
                </button>
                <button
                    type="submit"
                    class="btn btn-primary"
                    data-testid="save-plan"
                    disabled=move || save.pending().get()
                >
                    {save_label}
                </button>
                {move || {
                    (save.value().get().is_some_and(|r| r.is_ok()))
                        .then(|| {
                            view! {
                                <span class="muted small" role="status">
                                    "Saved."
                                </span>
                            }
                        })
                }}
            </div>
        </form>
    }
}
