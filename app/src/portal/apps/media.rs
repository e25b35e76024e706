//! A mini-program's icon and screenshots, each replaced or added by an upload.

use super::AppIcon;
use crate::miniprograms::api::RemoveScreenshot;
use crate::portal::upload::ImageInput;
use leptos::prelude::*;

/// The icon with its replace button, and the screenshots with their remove buttons and an add
/// button.
#[component]
pub(super) fn MediaCard(
    id: String,
    icon_url: Option<String>,
    name: String,
    screenshots: Vec<String>,
    remove_shot: ServerAction<RemoveScreenshot>,
    on_uploaded: Callback<()>,
) -> impl IntoView {
    let media = |kind: &str| format!("/portal/media/{}/{kind}", crate::domain::urlencode(&id),);
    view! {
        <div class="card">
            <h2>"Icon and screenshots"</h2>
            <div class="media-row">
                <AppIcon url=icon_url name=name large=true />
                <div>
                    <p class="muted small">
                        "A square PNG, JPEG or WebP, at least 256 × 256, up to 2 MB."
                    </p>
                    <ImageInput
                        url=media("icon")
                        label="Replace icon"
                        testid="icon-input"
                        on_done=on_uploaded
                    />
                </div>
            </div>
            <div class="shots" data-testid="screenshots">
                {screenshots
                    .into_iter()
                    .map(|u| {
                        let id = id.clone();
                        view! {
                            <figure class="shot">
                                <img src=u.clone() alt="Screenshot" loading="lazy" />
                                <ActionForm action=remove_shot attr:class="inline-form">
                                    <input type="hidden" name="id" value=id />
                                    <input type="hidden" name="url" value=u />
                                    <button class="btn btn-sm btn-danger-ghost" type="submit">
                                        "Remove"
                                    </button>
                                </ActionForm>
                            </figure>
                        }
                    })
                    .collect_view()}
            </div>
            <ImageInput
                url=media("screenshot")
                label="Add a screenshot"
                testid="screenshot-input"
                on_done=on_uploaded
            />
        </div>
    }
}
