//! The audience preview: how many recently seen users the plan in the form reaches.

use crate::error::AppError;
use crate::grayscale::{AudiencePreview, PlanInput};
use leptos::prelude::*;

/// The last preview's answer, or what the preview button does.
#[component]
pub(super) fn Preview(
    preview: Action<PlanInput, Result<AudiencePreview, AppError>>,
) -> impl IntoView {
    view! {
        <div class="preview" data-testid="preview">
            {move || match preview.value().get() {
                None if preview.pending().get() => {
                    view! { <p class="muted">"Counting…"</p> }.into_any()
                }
                None => {
                    view! {
                        <p class="muted small">
                            "Preview how many recently seen users this plan reaches before you save it."
                        </p>
                    }
                        .into_any()
                }
                Some(Err(e)) => {
                    view! { <div class="alert alert-error">{e.to_string()}</div> }.into_any()
                }
                Some(Ok(p)) => preview_view(p).into_any(),
            }}
        </div>
    }
}

fn preview_view(p: AudiencePreview) -> impl IntoView {
    if p.seen == 0 {
        return view! {
            <p data-testid="preview-result">
                "No data yet: no user of this host app has been seen (by resolve or a launch) in the last 30 days."
            </p>
        }
        .into_any();
    }
    let share = p.reached as f64 * 100.0 / p.seen as f64;
    view! {
        <div data-testid="preview-result">
            <p>
                {format!(
                    "This plan reaches ≈{} of the {} users seen in the last 30 days ({share:.1} %).",
                    p.reached,
                    p.seen,
                )}
            </p>
            <div class="rollout-bar small-bar">
                <div class="rollout-fill" style=format!("width:{share:.1}%")></div>
            </div>
            <p class="muted small">
                {format!(
                    "{} pass the conditions; {} through the allow-list.",
                    p.pass_conditions,
                    p.by_allow_list,
                )}
            </p>
        </div>
    }
    .into_any()
}
