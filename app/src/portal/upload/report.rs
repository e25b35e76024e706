//! The validation report of an accepted package.

use crate::versions::{human_size, ReportView};
use leptos::prelude::*;

/// A validation report: sizes, permissions, external domains, warnings and the file list.
#[component]
pub fn Report(report: ReportView) -> impl IntoView {
    let files = report.files.clone();
    view! {
        <div class="report" data-testid="report">
            <div class="stat-grid compact">
                <div class="stat">
                    <span class="stat-value">{report.version.clone()}</span>
                    <span class="stat-label">"Version"</span>
                </div>
                <div class="stat">
                    <span class="stat-value">{report.file_count}</span>
                    <span class="stat-label">"Files"</span>
                </div>
                <div class="stat">
                    <span class="stat-value">{human_size(report.compressed_size)}</span>
                    <span class="stat-label">"Download"</span>
                </div>
                <div class="stat">
                    <span class="stat-value">{human_size(report.unpacked_size)}</span>
                    <span class="stat-label">"Unpacked"</span>
                </div>
            </div>
            <div class="two-col">
                <div>
                    <h3>"Permissions requested"</h3>
                    {if report.permissions.is_empty() {
                        view! {
                            <p class="muted small">
                                "None: the mini-program cannot use the bridge."
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <ul class="plain">
                                {report
                                    .permissions
                                    .iter()
                                    .map(|p| {
                                        view! {
                                            <li>
                                                <span class="badge">{p.name.clone()}</span>
                                                " "
                                                <span class="small muted">{p.description.clone()}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                    <h3>"External domains referenced"</h3>
                    {if report.external_domains.is_empty() {
                        view! { <p class="muted small">"None."</p> }.into_any()
                    } else {
                        view! {
                            <p class="small">{report.external_domains.join(", ")}</p>
                            <p class="muted small">
                                "The sandbox blocks network access; these will not load."
                            </p>
                        }
                            .into_any()
                    }}
                    {(!report.warnings.is_empty())
                        .then(|| {
                            view! {
                                <h3>"Warnings"</h3>
                                <ul class="plain small">
                                    {report
                                        .warnings
                                        .iter()
                                        .map(|w| view! { <li>"⚠ "{w.clone()}</li> })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                    <p class="muted small mono">"sha256 "{report.sha256.clone()}</p>
                </div>
                <div>
                    <h3>"Files"</h3>
                    <ul class="file-list">
                        {files
                            .into_iter()
                            .map(|f| {
                                view! {
                                    <li>
                                        <span class=format!(
                                            "kind kind-{}",
                                            f.kind,
                                        )>{f.kind.clone()}</span>
                                        <span class="mono">{f.path}</span>
                                        <span class="muted small">{human_size(f.size)}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            </div>
        </div>
    }
}
