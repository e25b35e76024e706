//! The error-rate gate: its settings in the editor, and the candidate's health against it.

use super::state::{Form, SaveErrors};
use crate::grayscale::CandidateHealth;
use leptos::prelude::*;

/// The gate's settings: off, or a maximum error rate over a window, with the number of launches
/// it needs and what the plan then does.
#[component]
pub(super) fn GateSettings(form: Form, errors: SaveErrors) -> impl IntoView {
    let Form {
        gate_on,
        max_rate,
        min_launches,
        window,
        on_error,
        ..
    } = form;
    view! {
        <fieldset class="field gate">
            <legend>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="gate-on"
                        prop:checked=move || gate_on.get()
                        on:change=move |ev| gate_on.set(event_target_checked(&ev))
                    />
                    " Error-rate gate"
                </label>
            </legend>
            {move || {
                (!gate_on.get())
                    .then(|| {
                        view! {
                            <p class="muted small">
                                "Off: the plan never pauses or rolls back by itself."
                            </p>
                        }
                    })
            }}
            {move || {
                gate_on
                    .get()
                    .then(|| {
                        view! {
                            <div class="gate-row">
                                <label>
                                    "Above "
                                    <input
                                        type="number"
                                        step="0.1"
                                        min="0.1"
                                        max="100"
                                        class="narrow"
                                        data-testid="max-error-rate"
                                        prop:value=move || max_rate.get()
                                        on:input=move |ev| max_rate.set(event_target_value(&ev))
                                    />" % errors"
                                </label>
                                <label>
                                    "over "
                                    <input
                                        type="number"
                                        min="1"
                                        class="narrow"
                                        prop:value=move || window.get()
                                        on:input=move |ev| window.set(event_target_value(&ev))
                                    />" min"
                                </label>
                                <label>
                                    "(at least "
                                    <input
                                        type="number"
                                        min="1"
                                        class="narrow"
                                        prop:value=move || min_launches.get()
                                        on:input=move |ev| min_launches.set(event_target_value(&ev))
                                    />" launches)"
                                </label>
                                <label>
                                    "the plan "
                                    <select
                                        prop:value=move || on_error.get()
                                        on:change=move |ev| on_error.set(event_target_value(&ev))
                                    >
                                        <option
                                            value="pause"
                                            selected=move || on_error.get() == "pause"
                                        >
                                            "pauses"
                                        </option>
                                        <option
                                            value="rollback"
                                            selected=move || on_error.get() == "rollback"
                                        >
                                            "rolls back"
                                        </option>
                                    </select>
                                </label>
                            </div>
                        }
                    })
            }}
            {errors.field("max_error_rate_pct")}
            {errors.field("min_launches")}
            {errors.field("error_window_minutes")}
        </fieldset>
    }
}

/// The candidate's launches and errors in the gate's window, and how close they are to the gate.
pub(super) fn health_view(h: CandidateHealth, candidate: &str, gate: Option<f64>) -> impl IntoView {
    let rate = if h.launches > 0 {
        h.errors as f64 * 100.0 / h.launches as f64
    } else {
        0.0
    };
    let limit = gate.unwrap_or(0.0);
    let width = if limit > 0.0 {
        (rate / limit * 100.0).min(100.0)
    } else {
        0.0
    };
    view! {
        <div class="health" data-testid="health">
            <div class="stat">
                <span class="stat-n">{h.launches}</span>
                <span class="stat-l">
                    {format!("launches of v{candidate}, last {} min", h.window_minutes)}
                </span>
            </div>
            <div class="stat">
                <span class="stat-n">{h.errors}</span>
                <span class="stat-l">"errors"</span>
            </div>
            <div class="stat">
                <span class="stat-n">{format!("{rate:.1} %")}</span>
                <span class="stat-l">"error rate"</span>
            </div>
            {gate
                .map(|g| {
                    view! {
                        <div class="gate-meter" title=format!("{rate:.1} % of the {g} % limit")>
                            <div
                                class={if width >= 100.0 { "gate-fill over" } else { "gate-fill" }}
                                style=format!("width:{width:.0}%")
                            ></div>
                            <span class="small muted">{format!("gate at {g} %")}</span>
                        </div>
                    }
                })}
        </div>
    }
}
