//! The scheduled ramp: steps that raise the percentage at given times (UTC).

use super::state::{Form, SaveErrors};
use leptos::prelude::*;

/// A step of the ramp, with its own signals.
#[derive(Clone, Copy)]
pub(super) struct StepRow {
    pub(super) key: u32,
    pub(super) percentage: RwSignal<String>,
    pub(super) at: RwSignal<String>,
    pub(super) applied: bool,
}

/// The ramp's steps: applied ones are shown fixed, the others can be edited or removed.
#[component]
pub(super) fn Ramp(form: Form, errors: SaveErrors) -> impl IntoView {
    let Form { pct, steps, .. } = form;
    view! {
        <fieldset class="field steps">
            <legend>"Scheduled ramp (times in UTC)"</legend>
            {move || {
                steps
                    .get()
                    .is_empty()
                    .then(|| {
                        view! {
                            <p class="muted small">
                                "No steps: the percentage changes only when you change it."
                            </p>
                        }
                    })
            }}
            <For each=move || steps.get() key=|s| s.key let:s>
                <div class="step-row" data-testid="step">
                    <input
                        type="number"
                        min="0"
                        max="100"
                        class="narrow"
                        aria-label="Percentage"
                        disabled=s.applied
                        prop:value=move || s.percentage.get()
                        on:input=move |ev| s.percentage.set(event_target_value(&ev))
                    />
                    <span>"% at"</span>
                    <input
                        type="datetime-local"
                        aria-label="When (UTC)"
                        disabled=s.applied
                        prop:value=move || s.at.get()
                        on:input=move |ev| s.at.set(event_target_value(&ev))
                    />
                    {if s.applied {
                        view! { <span class="badge badge-ok">"applied"</span> }.into_any()
                    } else {
                        view! {
                            <button
                                type="button"
                                class="btn btn-sm btn-danger-ghost"
                                aria-label="Remove step"
                                on:click=move |_| steps.update(|v| v.retain(|x| x.key != s.key))
                            >
                                "✕"
                            </button>
                        }
                            .into_any()
                    }}
                </div>
            </For>
            <button
                type="button"
                class="btn btn-sm"
                data-testid="add-step"
                on:click=move |_| {
                    let k = form.fresh();
                    let next = match steps.get_untracked().last() {
                        Some(l) => {
                            l.percentage
                                .get_untracked()
                                .parse::<u8>()
                                .map_or(
                                    100,
                                    |p| {
                                        if p < 5 {
                                            5
                                        } else if p < 25 {
                                            25
                                        } else if p < 50 {
                                            50
                                        } else {
                                            100
                                        }
                                    },
                                )
                        }
                        None => {
                            if pct.get_untracked() < 5 {
                                5
                            } else if pct.get_untracked() < 25 {
                                25
                            } else {
                                100
                            }
                        }
                    };
                    steps
                        .update(|v| {
                            v.push(StepRow {
                                key: k,
                                percentage: RwSignal::new(next.to_string()),
                                at: RwSignal::new(String::new()),
                                applied: false,
                            });
                        });
                }
            >
                "+ Add step"
            </button>
            {errors.field("steps")}
        </fieldset>
    }
}
