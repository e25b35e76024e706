//! The package drop zone: drag a zip (or choose one), see the upload's progress, then the
//! validation report or the precise reasons it was refused.

use crate::versions::{human_size, ProblemView, ReportView};
use leptos::prelude::*;

/// What the last upload came to.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadOutcome {
    Accepted(ReportView),
    Refused {
        message: String,
        problems: Vec<ProblemView>,
    },
}

/// The state of an upload, kept by the page so that it survives the page's refetch after an
/// upload.
#[derive(Clone, Copy)]
pub struct UploadState {
    pub progress: RwSignal<Option<f64>>,
    pub outcome: RwSignal<Option<UploadOutcome>>,
}

impl UploadState {
    pub fn new() -> Self {
        UploadState {
            progress: RwSignal::new(None),
            outcome: RwSignal::new(None),
        }
    }
}

impl Default for UploadState {
    fn default() -> Self {
        Self::new()
    }
}

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
            .and_then(|i| i.files())
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
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <div class="dropzone-icon">"⬆"</div>
            <p><strong>"Drop a package (.zip) here"</strong>" or "
                <label class="link-like">"choose a file"
                    <input type="file" accept=".zip,application/zip" class="visually-hidden" data-testid="package-input" on:change=on_change/>
                </label>
            </p>
            <p class="muted small">"Up to 10 MB compressed, 50 MB unpacked, 2,000 files. A manifest.json at the root — "
                <a href="/portal/docs" target="_blank">"the package format"</a>"."</p>
            {move || progress.get().map(|p| {
                let pct = (p * 100.0).round();
                view! {
                    <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct data-testid="upload-progress">
                        <span class="progress-fill" style=format!("width:{pct}%")></span>
                    </div>
                    <p class="small muted">{if pct >= 100.0 { "Uploaded — validating…".to_string() } else { format!("Uploading… {pct}%") }}</p>
                }
            })}
        </div>
        {move || outcome.get().map(|o| match o {
            UploadOutcome::Accepted(r) => view! {
                <div class="alert alert-ok" role="status" data-testid="upload-ok">
                    {format!("Version {} uploaded and validated.", r.version)}
                </div>
                <Report report=r/>
            }.into_any(),
            UploadOutcome::Refused { message, problems } => view! {
                <div class="alert alert-error" role="alert" data-testid="upload-refused">
                    <strong>{message}</strong>
                    {(!problems.is_empty()).then(|| view! {
                        <ul class="problems">
                            {problems.into_iter().map(|p| view! {
                                <li><code>{p.code}</code>" "{p.message}</li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            }.into_any(),
        })}
    }
}

/// PUTs `file` to `url` with XMLHttpRequest (so upload progress can be shown), reporting
/// progress (0..1) and finally the status and body of the answer (status 0: connection lost).
#[cfg(feature = "hydrate")]
pub fn put_file(
    url: &str,
    file: &web_sys::File,
    on_progress: impl Fn(f64) + 'static,
    on_done: impl Fn(u16, String) + 'static,
) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        return;
    };
    if xhr.open("PUT", url).is_err() {
        return;
    }
    let _ = xhr.set_request_header(
        "Content-Type",
        if file.type_().is_empty() {
            "application/octet-stream"
        } else {
            "application/zip"
        },
    );
    if let Ok(up) = xhr.upload() {
        let cb =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    on_progress(e.loaded() / e.total());
                }
            });
        up.set_onprogress(Some(cb.as_ref().unchecked_ref()));
        cb.forget();
    }
    let on_done = std::rc::Rc::new(on_done);
    let x = xhr.clone();
    let done = on_done.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        done(
            x.status().unwrap_or(0),
            x.response_text().ok().flatten().unwrap_or_default(),
        );
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn FnMut()>::new(move || on_done(0, String::new()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let _ = xhr.send_with_opt_blob(Some(file));
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
    put_file(
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

/// A file input that PUTs the chosen image to `url`, then calls `on_done` (or shows the error).
#[component]
pub fn ImageInput(
    #[prop(into)] url: String,
    label: &'static str,
    testid: &'static str,
    on_done: Callback<()>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let url = StoredValue::new(url);
    let on_change = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(file) = input
            .as_ref()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        error.set(None);
        busy.set(true);
        #[cfg(feature = "hydrate")]
        put_file(
            &url.get_value(),
            &file,
            |_| {},
            move |status, text| {
                busy.set(false);
                if (200..300).contains(&status) {
                    on_done.run(());
                } else {
                    let msg = serde_json::from_str::<crate::error::AppError>(&text)
                        .map(|e| e.to_string())
                        .unwrap_or_else(|_| format!("The upload failed (HTTP {status})."));
                    error.set(Some(msg));
                }
            },
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = (file, url, on_done);
        if let Some(i) = input {
            i.set_value("");
        }
    };
    view! {
        <label class="btn btn-sm">
            {move || if busy.get() { "Uploading…" } else { label }}
            <input type="file" accept="image/png,image/jpeg,image/webp" class="visually-hidden" data-testid=testid on:change=on_change/>
        </label>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
    }
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

/// A validation report: sizes, permissions, external domains, warnings and the file list.
#[component]
pub fn Report(report: ReportView) -> impl IntoView {
    let files = report.files.clone();
    view! {
        <div class="report" data-testid="report">
            <div class="stat-grid compact">
                <div class="stat"><span class="stat-value">{report.version.clone()}</span><span class="stat-label">"Version"</span></div>
                <div class="stat"><span class="stat-value">{report.file_count}</span><span class="stat-label">"Files"</span></div>
                <div class="stat"><span class="stat-value">{human_size(report.compressed_size)}</span><span class="stat-label">"Download"</span></div>
                <div class="stat"><span class="stat-value">{human_size(report.unpacked_size)}</span><span class="stat-label">"Unpacked"</span></div>
            </div>
            <div class="two-col">
                <div>
                    <h3>"Permissions requested"</h3>
                    {if report.permissions.is_empty() {
                        view! { <p class="muted small">"None: the mini-program cannot use the bridge."</p> }.into_any()
                    } else {
                        view! { <ul class="plain">{report.permissions.iter().map(|p| view! {
                            <li><span class="badge">{p.name.clone()}</span>" "<span class="small muted">{p.description.clone()}</span></li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                    <h3>"External domains referenced"</h3>
                    {if report.external_domains.is_empty() {
                        view! { <p class="muted small">"None."</p> }.into_any()
                    } else {
                        view! { <p class="small">{report.external_domains.join(", ")}</p>
                                <p class="muted small">"The sandbox blocks network access; these will not load."</p> }.into_any()
                    }}
                    {(!report.warnings.is_empty()).then(|| view! {
                        <h3>"Warnings"</h3>
                        <ul class="plain small">{report.warnings.iter().map(|w| view! { <li>"⚠ "{w.clone()}</li> }).collect_view()}</ul>
                    })}
                    <p class="muted small mono">"sha256 "{report.sha256.clone()}</p>
                </div>
                <div>
                    <h3>"Files"</h3>
                    <ul class="file-list">
                        {files.into_iter().map(|f| view! {
                            <li><span class=format!("kind kind-{}", f.kind)>{f.kind.clone()}</span><span class="mono">{f.path}</span><span class="muted small">{human_size(f.size)}</span></li>
                        }).collect_view()}
                    </ul>
                </div>
            </div>
        </div>
    }
}
