//! The page of one mini-program: its versions, upload, trial build, icon and screenshots, and
//! store listing.

use super::listing::ListingForm;
use super::media::MediaCard;
use super::places::PlacesCard;
use super::versions::VersionsCard;
use super::AppIcon;
use crate::catalog::api::list_categories;
use crate::miniprograms::api::{get_miniprogram, RemoveScreenshot, UpdateListing};
use crate::portal::upload::{UploadBox, UploadState};
use crate::ui::{action_error, FormError, Loading};
use crate::versions::api::{CancelSubmission, StartTrial, SubmitForReview};
use crate::versions::VersionState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AppPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let trial = ServerAction::<StartTrial>::new();
    let submit = ServerAction::<SubmitForReview>::new();
    let cancel = ServerAction::<CancelSubmission>::new();
    let update = ServerAction::<UpdateListing>::new();
    let uploads = RwSignal::new(0u32);
    let detail = crate::ui::server_resource(
        move || {
            (
                id(),
                uploads.get(),
                trial.version().get(),
                submit.version().get(),
                cancel.version().get(),
                update.version().get(),
            )
        },
        |(id, ..)| get_miniprogram(id),
    );
    // Loaded with the page's data: a boundary of its own inside the `<select>` failed to
    // hydrate about every other load (the streamed options land outside the select).
    let cats = crate::ui::server_resource(|| (), |_| list_categories());
    let errors = [
        action_error(trial),
        action_error(submit),
        action_error(cancel),
    ];
    let on_uploaded = Callback::new(move |_| uploads.update(|n| *n += 1));
    let upload_state = UploadState::new();
    let remove_shot = ServerAction::<RemoveScreenshot>::new();
    Effect::new(move |_| {
        if remove_shot.version().get() > 0 {
            uploads.update(|n| *n += 1);
        }
    });
    view! {
        <Title text="Mini-program" />
        <div class="page">
            <Transition fallback=|| {
                view! { <Loading /> }
            }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Err(e) => view! { <crate::ui::ErrorPanel error=e /> }.into_any(),
                        Ok(d) => {
                            let cats = cats.await.unwrap_or_default();
                            let can_edit = matches!(
                                d.my_org_role.as_deref(),
                                Some("owner" | "developer")
                            );
                            let has_trial = d
                                .versions
                                .iter()
                                .any(|v| v.state == VersionState::InTrial);
                            let mp_id = d.id.clone();
                            let listing = d.clone();
                            view! {
                                <div class="page-head">
                                    <div class="app-title">
                                        <AppIcon url=d.icon_url.clone() name=d.name.clone() />
                                        <div>
                                            <p class="eyebrow">
                                                <a href="/portal">{d.org_name.clone()}</a>
                                            </p>
                                            <h1>{d.name.clone()}</h1>
                                            <p class="muted small mono">{d.id.clone()}</p>
                                        </div>
                                    </div>
                                    {has_trial
                                        .then(|| {
                                            view! {
                                                <a
                                                    class="btn"
                                                    href=format!("/app/{}/run?trial=1", d.id)
                                                    data-testid="open-trial"
                                                >
                                                    "▶ Open trial build"
                                                </a>
                                            }
                                        })}
                                    <a
                                        class="btn btn-ghost"
                                        href=format!("/portal/analytics/{}", d.id)
                                        data-testid="mp-analytics"
                                    >
                                        "Analytics"
                                    </a>
                                </div>
                                {d
                                    .suspended
                                    .then(|| {
                                        view! {
                                            <div class="alert alert-error">
                                                "This mini-program is suspended by the store's operators."
                                            </div>
                                        }
                                    })}
                                {errors
                                    .into_iter()
                                    .map(|e| view! { <FormError error=e /> })
                                    .collect_view()}
                                {can_edit
                                    .then(|| {
                                        view! {
                                            <div class="card">
                                                <h2>"Upload a version"</h2>
                                                <UploadBox
                                                    mp_id=mp_id.clone()
                                                    state=upload_state
                                                    on_done=on_uploaded
                                                />
                                            </div>
                                        }
                                    })}
                                <VersionsCard versions=d.versions can_edit trial submit cancel />
                                {d
                                    .trial_link
                                    .clone()
                                    .map(|link| {
                                        view! {
                                            <div class="card trial-card" data-testid="trial-card">
                                                <div
                                                    class="qr-code small"
                                                    inner_html=d.trial_qr_svg.clone().unwrap_or_default()
                                                ></div>
                                                <div>
                                                    <h2>"Trial build"</h2>
                                                    <p class="muted small">
                                                        "Members and testers of the organization open it with this link or by scanning the code (they sign in first)."
                                                    </p>
                                                    <p class="mono small">{link}</p>
                                                </div>
                                            </div>
                                        }
                                    })}
                                {can_edit
                                    .then(|| {
                                        view! {
                                            <MediaCard
                                                id=d.id.clone()
                                                icon_url=d.icon_url.clone()
                                                name=d.name.clone()
                                                screenshots=d.screenshots.clone()
                                                remove_shot
                                                on_uploaded
                                            />
                                        }
                                    })}
                                {can_edit.then(|| view! { <ListingForm d=listing cats update /> })}
                                {can_edit.then(|| view! { <PlacesCard id=mp_id.clone() /> })}
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}
