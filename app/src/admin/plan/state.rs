//! The editor's state: a signal per field of the plan, read back into a [`PlanInput`] to save
//! or preview it, and the last save's errors shown next to their fields.

use super::conditions::Row;
use super::ramp::StepRow;
use crate::error::AppError;
use crate::grayscale::{parse_id_list, PlanInput, StepInput};
use leptos::prelude::*;

/// The editor's signals, one per field (condition rows and steps have their own).
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub(super) candidate: RwSignal<String>,
    pub(super) pct: RwSignal<u8>,
    pub(super) group: RwSignal<String>,
    pub(super) allow: RwSignal<String>,
    pub(super) min_version: RwSignal<String>,
    pub(super) gate_on: RwSignal<bool>,
    pub(super) max_rate: RwSignal<String>,
    pub(super) min_launches: RwSignal<String>,
    pub(super) window: RwSignal<String>,
    pub(super) on_error: RwSignal<String>,
    pub(super) rows: RwSignal<Vec<Row>>,
    pub(super) steps: RwSignal<Vec<StepRow>>,
    next_key: StoredValue<u32>,
    /// The mini-program id and the host app's key.
    ids: StoredValue<(String, String)>,
}

impl Form {
    pub(super) fn new(i: &PlanInput) -> Self {
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
        Form {
            candidate,
            pct,
            group,
            allow,
            min_version,
            gate_on,
            max_rate,
            min_launches,
            window,
            on_error,
            rows,
            steps,
            next_key,
            ids: StoredValue::new((i.mp_id.clone(), i.app_key.clone())),
        }
    }

    /// A key for a new condition row or step.
    pub(super) fn fresh(self) -> u32 {
        let k = self.next_key.get_value();
        self.next_key.set_value(k + 1);
        k
    }

    /// The plan as the form has it now, or what is wrong with a field the server can't read.
    pub(super) fn collect(self) -> Result<PlanInput, String> {
        let Form {
            candidate,
            pct,
            group,
            allow,
            min_version,
            gate_on,
            max_rate,
            min_launches,
            window,
            on_error,
            rows,
            steps,
            ..
        } = self;
        let (mp_id, app_key) = self.ids.get_value();
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
            mp_id,
            app_key,
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
    }
}

/// The fields whose server errors are shown next to them rather than above the form.
pub(super) const FIELDS: [&str; 9] = [
    "percentage",
    "group",
    "allow_list",
    "conditions",
    "min_version",
    "steps",
    "max_error_rate_pct",
    "min_launches",
    "error_window_minutes",
];

/// The save action, read for its error.
#[derive(Clone, Copy)]
pub(super) struct SaveErrors(pub(super) Action<PlanInput, Result<String, AppError>>);

impl SaveErrors {
    /// The last save's error, if it failed.
    pub(super) fn server_error(self) -> Option<AppError> {
        self.0.value().get().and_then(std::result::Result::err)
    }

    /// The last save's error about `field`, shown under it.
    pub(super) fn field(self, field: &'static str) -> impl IntoView {
        move || {
            self.server_error()
                .filter(|e| e.field() == Some(field))
                .map(|e| {
                    view! {
                        <p class="field-error" role="alert" data-field=field>
                            {e.to_string()}
                        </p>
                    }
                })
        }
    }
}
