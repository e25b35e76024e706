//! The package upload: the drop zone, the upload's progress, and what the endpoint answered.

use super::report::Report;
use super::{UploadOutcome, UploadState};
use crate::versions::{ProblemView, ReportView};
use leptos::prelude::*;

#[component]
pub fn UploadBox(
    #[prop(into)] mp_id: String,
    state: UploadState,
    on_done: Callback<()>,
) -> impl IntoView {
    let UploadState { progress, outcome } = state;
    let dragging = RwSignal::new(false);
    let mp = StoredValue::new(mp_id);

    let send = move |file: web_sys::File| {
        outcome.set(None);
        progress.set(Some(0.0));
        start_upload(mp.get_value(), file, progress, outcome, on_done);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            send(file);
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(file) = input
            .as_ref()
            .and_then(web_sys::HtmlInputElement::files)
            .and_then(|f| f.get(0))
        {
            send(file);
        }
        if let Some(i) = input {
            i.set_value("");
        }
    };
    view! {
        <div
            class="dropzone"
            class:dragging=move || dragging.get()
            data-testid="dropzone"
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <div class="dropzone-icon">"⬆"</div>
            <p>
                <strong>"Drop a package (.zip) here"</strong>
                " or "
                <label class="link-like">
                    "choose a file"
                    <input
                        type="file"
                        accept=".zip,application/zip"
                        class="visually-hidden"
                        data-testid="package-input"
                        on:change=on_change
                    />
                </label>
            </p>
            <p class="muted small">
                "Up to 10 MB compressed, 50 MB unpacked, 2,000 files. A manifest.json at the root — "
                <a href="/portal/docs" target="_blank">
                    "the package format"
                </a>"."
            </p>
            {move || {
                progress
                    .get()
                    .map(|p| {
                        let pct = (p * 100.0).round();
                        view! {
                            <div
                                class="progress"
                                role="progressbar"
                                aria-valuemin="0"
                                aria-valuemax="100"
                                aria-valuenow=pct
                                data-testid="upload-progress"
                            >
                                <span class="progress-fill" style=format!("width:{pct}%")></span>
                            </div>
                            <p class="small muted">
                                {if pct >= 100.0 {
                                    "Uploaded — validating…".to_string()
                                } else {
                                    format!("Uploading… {pct}%")
                                }}
                            </p>
                        }
                    })
            }}
        </div>
        {move || {
            outcome
                .get()
                .map(|o| match o {
                    UploadOutcome::Accepted(r) => {
                        view! {
                            <div class="alert alert-ok" role="status" data-testid="upload-ok">
                                {format!("Version {} uploaded and validated.", r.version)}
                            </div>
                            <Report report=r />
                        }
                            .into_any()
                    }
                    UploadOutcome::Refused { message, problems } => {
                        view! {
                            <div
                                class="alert alert-error"
                                role="alert"
                                data-testid="upload-refused"
                            >
                                <strong>{message}</strong>
                                {(!problems.is_empty())
                                    .then(|| {
                                        view! {
                                            <ul class="problems">
                                                {problems
                                                    .into_iter()
                                                    .map(|p| {
                                                        view! {
                                                            <li>
                                                                <code>{p.code}</code>
                                                                " "
                                                                {p.message}
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                    })}
                            </div>
                        }
                            .into_any()
                    }
                })
        }}
    }
}

#[cfg(feature = "hydrate")]
fn start_upload(
    mp_id: String,
    file: web_sys::File,
    progress: RwSignal<Option<f64>>,
    outcome: RwSignal<Option<UploadOutcome>>,
    on_done: Callback<()>,
) {
    let url = format!("/portal/upload/{}", crate::domain::urlencode(&mp_id));
    super::put_file(
        &url,
        &file,
        move |p| progress.set(Some(p)),
        move |status, text| {
            progress.set(None);
            outcome.set(Some(if status == 0 {
                UploadOutcome::Refused {
                    message: "The upload failed: the connection was lost. Try again.".into(),
                    problems: vec![],
                }
            } else {
                parse_outcome(status, &text)
            }));
            on_done.run(());
        },
    );
}

#[cfg(not(feature = "hydrate"))]
fn start_upload(
    _mp_id: String,
    _file: web_sys::File,
    _progress: RwSignal<Option<f64>>,
    _outcome: RwSignal<Option<UploadOutcome>>,
    _on_done: Callback<()>,
) {
}

/// Reads the upload endpoint's answer.
pub fn parse_outcome(status: u16, body: &str) -> UploadOutcome {
    #[derive(serde::Deserialize)]
    struct Ok {
        report: ReportView,
    }
    #[derive(serde::Deserialize)]
    struct Err {
        message: Option<String>,
        #[serde(default)]
        problems: Vec<ProblemView>,
    }
    if (200..300).contains(&status) {
        if let Ok(ok) = serde_json::from_str::<Ok>(body) {
            return UploadOutcome::Accepted(ok.report);
        }
    }
    match serde_json::from_str::<Err>(body) {
        Ok(e) => UploadOutcome::Refused {
            message: e
                .message
                .unwrap_or_else(|| format!("The upload was refused (HTTP {status}).")),
            problems: e.problems,
        },
        Err(_) => UploadOutcome::Refused {
            message: format!("The upload was refused (HTTP {status})."),
            problems: vec![],
        },
    }
}
