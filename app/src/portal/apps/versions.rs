//! The versions table: a row per version with its state, size, actions and validation report.

use crate::portal::upload::Report;
use crate::ui::{Loading, StateBadge};
use crate::versions::api::{version_report, CancelSubmission, StartTrial, SubmitForReview};
use crate::versions::{human_size, ReportView, VersionRow, VersionState};
use leptos::prelude::*;

/// The card listing the versions, or saying there are none yet.
#[component]
pub(super) fn VersionsCard(
    versions: Vec<VersionRow>,
    can_edit: bool,
    trial: ServerAction<StartTrial>,
    submit: ServerAction<SubmitForReview>,
    cancel: ServerAction<CancelSubmission>,
) -> impl IntoView {
    view! {
        <div class="card table-card">
            <h2 class="card-pad">"Versions"</h2>
            {if versions.is_empty() {
                view! {
                    <div class="empty-state small flat">
                        <p class="muted">"No versions yet. Upload a package to start."</p>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <table class="table" data-testid="versions">
                        <thead>
                            <tr>
                                <th>"Version"</th>
                                <th>"State"</th>
                                <th class="hide-sm">"Size"</th>
                                <th class="hide-sm">"Uploaded"</th>
                                <th>"Actions"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {versions
                                .into_iter()
                                .map(|v| {
                                    view! { <VersionLine v=v can_edit trial submit cancel /> }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </div>
    }
}

#[component]
fn VersionLine(
    v: VersionRow,
    can_edit: bool,
    trial: ServerAction<StartTrial>,
    submit: ServerAction<SubmitForReview>,
    cancel: ServerAction<CancelSubmission>,
) -> impl IntoView {
    let show_report = RwSignal::new(false);
    let id = v.id.clone();
    // Local (fetched by the browser when opened): this row is built inside the page's
    // boundary, and a resource created there would shift the ids that match server-rendered
    // resources to the browser's.
    let report = LocalResource::new(move || {
        let id = show_report.get().then(|| id.clone());
        async move {
            match id {
                Some(id) => version_report(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let (vid1, vid2, vid3) = (v.id.clone(), v.id.clone(), v.id.clone());
    let state = v.state;
    view! {
        <tr data-version=v.version.clone()>
            <td>
                <strong>{v.version.clone()}</strong>
            </td>
            <td>
                <StateBadge state />
                {v
                    .review_reason
                    .clone()
                    .filter(|_| state == VersionState::Rejected)
                    .map(|r| {
                        view! {
                            <p class="small reason" data-testid="reject-reason">
                                {format!("Reviewer: {r}")}
                            </p>
                        }
                    })}
            </td>
            <td class="hide-sm muted">{human_size(v.size.max(0) as u64)}</td>
            <td class="hide-sm muted small">{v.created_at.get(..10).unwrap_or("").to_string()}</td>
            <td class="actions">
                <button
                    class="btn btn-sm btn-ghost"
                    on:click=move |_| show_report.update(|s| *s = !*s)
                >
                    {move || if show_report.get() { "Hide report" } else { "Report" }}
                </button>
                {(can_edit && state == VersionState::Validated)
                    .then(|| {
                        view! {
                            <ActionForm action=trial attr:class="inline-form">
                                <input type="hidden" name="version_id" value=vid1.clone() />
                                <button class="btn btn-sm" type="submit">
                                    "Start trial"
                                </button>
                            </ActionForm>
                        }
                    })}
                {(can_edit && matches!(state, VersionState::Validated | VersionState::InTrial))
                    .then(|| {
                        view! {
                            <details class="submit-box">
                                <summary class="btn btn-sm btn-primary">
                                    "Submit for review"
                                </summary>
                                <ActionForm action=submit attr:class="form compact">
                                    <input type="hidden" name="version_id" value=vid2.clone() />
                                    <label class="field">
                                        <span>"Release notes"</span>
                                        <textarea
                                            name="release_notes"
                                            rows="3"
                                            required
                                            placeholder="What changed in this version?"
                                        ></textarea>
                                    </label>
                                    <button class="btn btn-primary btn-sm" type="submit">
                                        "Submit"
                                    </button>
                                </ActionForm>
                            </details>
                        }
                    })}
                {(can_edit && state == VersionState::InReview)
                    .then(|| {
                        view! {
                            <ActionForm action=cancel attr:class="inline-form">
                                <input type="hidden" name="version_id" value=vid3.clone() />
                                <button class="btn btn-sm btn-danger-ghost" type="submit">
                                    "Withdraw submission"
                                </button>
                            </ActionForm>
                        }
                    })}
            </td>
        </tr>
        {move || {
            show_report
                .get()
                .then(|| {
                    view! {
                        <tr class="report-row">
                            <td colspan="5">
                                <Transition fallback=|| {
                                    view! { <Loading /> }
                                }>
                                    {move || Suspend::new(async move {
                                        match report.await {
                                            Ok(Some(r)) => {
                                                let position = r
                                                    .queue_position
                                                    .map(|p| {
                                                        view! {
                                                            <p class="alert alert-info">
                                                                {format!("In the review queue: position {p}.")}
                                                            </p>
                                                        }
                                                    });
                                                let parsed: Option<ReportView> = serde_json::from_str(
                                                        &r.report_json,
                                                    )
                                                    .ok();
                                                view! {
                                                    {position}
                                                    {parsed.map(|rv| view! { <Report report=rv /> })}
                                                }
                                                    .into_any()
                                            }
                                            Ok(None) => ().into_any(),
                                            Err(e) => {
                                                view! { <crate::ui::ErrorPanel error=e /> }.into_any()
                                            }
                                        }
                                    })}
                                </Transition>
                            </td>
                        </tr>
                    }
                })
        }}
    }
}
