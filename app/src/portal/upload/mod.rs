//! The package drop zone: drag a zip (or choose one), see the upload's progress, then the
//! validation report or the precise reasons it was refused.
//!
//! The package upload is in [`package`], the icon and screenshot inputs in [`media`], the
//! validation report in [`report`]; the upload's state and the XMLHttpRequest both kinds of
//! upload use are here.

mod media;
mod package;
mod report;

pub use media::ImageInput;
pub use package::{parse_outcome, UploadBox};
pub use report::Report;

use crate::versions::{ProblemView, ReportView};
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
