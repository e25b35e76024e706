//! The condition builder: rows of field, operator and values that all must hold.

use super::state::{Form, SaveErrors};
use crate::grayscale::{ConditionInput, CONDITION_FIELDS, OPERATORS};
use leptos::prelude::*;

/// A condition row of the builder, with its own signals.
#[derive(Clone, Copy)]
pub(super) struct Row {
    pub(super) key: u32,
    field: RwSignal<String>,
    custom: RwSignal<String>,
    operator: RwSignal<String>,
    values: RwSignal<String>,
    inverted: RwSignal<bool>,
    ci: RwSignal<bool>,
}

impl Row {
    pub(super) fn new(key: u32, c: &ConditionInput) -> Self {
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

    pub(super) fn input(&self) -> ConditionInput {
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

/// The condition rows, each with its field, operator, values and flags.
#[component]
pub(super) fn Conditions(form: Form, errors: SaveErrors) -> impl IntoView {
    let rows = form.rows;
    view! {
        <fieldset class="field conditions">
            <legend>"Conditions (all must hold)"</legend>
            {move || {
                rows.get()
                    .is_empty()
                    .then(|| {
                        view! {
                            <p class="muted small" data-testid="no-conditions">
                                "No conditions: the percentage applies to every user."
                            </p>
                        }
                    })
            }}
            <For each=move || rows.get() key=|r| r.key let:row>
                <div class="condition-row" data-testid="condition">
                    <select
                        aria-label="Field"
                        data-testid="condition-field"
                        prop:value=move || row.field.get()
                        on:change=move |ev| row.field.set(event_target_value(&ev))
                    >
                        {CONDITION_FIELDS
                            .into_iter()
                            .map(|(f, hint)| {
                                view! {
                                    <option
                                        value=f
                                        title=hint
                                        selected=move || row.field.get() == f
                                    >
                                        {f}
                                    </option>
                                }
                            })
                            .collect_view()}
                        <option value="custom" selected=move || row.field.get() == "custom">
                            "custom ctx.…"
                        </option>
                    </select>
                    {move || {
                        (row.field.get() == "custom")
                            .then(|| {
                                view! {
                                    <input
                                        type="text"
                                        class="narrow"
                                        placeholder="name"
                                        aria-label="Custom field name"
                                        data-testid="condition-custom"
                                        prop:value=move || row.custom.get()
                                        on:input=move |ev| row.custom.set(event_target_value(&ev))
                                    />
                                }
                            })
                    }}
                    <select
                        aria-label="Operator"
                        data-testid="condition-operator"
                        prop:value=move || row.operator.get()
                        on:change=move |ev| row.operator.set(event_target_value(&ev))
                    >
                        {OPERATORS
                            .into_iter()
                            .map(|(op, label, _)| {
                                view! {
                                    <option value=op selected=move || row.operator.get() == op>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <input
                        type="text"
                        class="grow"
                        aria-label="Values"
                        data-testid="condition-values"
                        placeholder=move || {
                            if OPERATORS
                                .iter()
                                .any(|(o, _, list)| *o == row.operator.get() && *list)
                            {
                                "values, comma-separated"
                            } else {
                                "value"
                            }
                        }
                        prop:value=move || row.values.get()
                        on:input=move |ev| row.values.set(event_target_value(&ev))
                    />
                    <label class="check small">
                        <input
                            type="checkbox"
                            prop:checked=move || row.inverted.get()
                            on:change=move |ev| row.inverted.set(event_target_checked(&ev))
                        />
                        " not"
                    </label>
                    <label class="check small">
                        <input
                            type="checkbox"
                            prop:checked=move || row.ci.get()
                            on:change=move |ev| row.ci.set(event_target_checked(&ev))
                        />
                        " ignore case"
                    </label>
                    <button
                        type="button"
                        class="btn btn-sm btn-danger-ghost"
                        aria-label="Remove condition"
                        on:click=move |_| rows.update(|r| r.retain(|x| x.key != row.key))
                    >
                        "✕"
                    </button>
                </div>
            </For>
            <button
                type="button"
                class="btn btn-sm"
                data-testid="add-condition"
                on:click=move |_| {
                    let k = form.fresh();
                    rows.update(|r| {
                        r.push(
                            Row::new(
                                k,
                                &ConditionInput {
                                    field: "platform".into(),
                                    operator: "IN".into(),
                                    ..Default::default()
                                },
                            ),
                        );
                    });
                }
            >
                "+ Add condition"
            </button>
            {errors.field("conditions")}
        </fieldset>
    }
}
