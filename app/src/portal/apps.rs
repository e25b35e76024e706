//! The portal's mini-program pages: register one, and one page per mini-program with its
//! listing, versions, upload, trial, and review submission.

use super::upload::{ImageInput, Report, UploadBox, UploadState};
use crate::catalog::api::list_categories;
use crate::miniprograms::api::{
    get_miniprogram, CreateMiniprogram, RemoveScreenshot, UpdateListing,
};
use crate::orgs::api::my_orgs;
use crate::ui::{action_error, FieldError, FormError, Loading, StateBadge};
use crate::versions::api::{version_report, CancelSubmission, StartTrial, SubmitForReview};
use crate::versions::{human_size, ReportView, VersionRow, VersionState};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn NewApp() -> impl IntoView {
    let orgs = Resource::new(|| (), |_| my_orgs());
    let cats = Resource::new(|| (), |_| list_categories());
    let create = ServerAction::<CreateMiniprogram>::new();
    let error = action_error(create);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/portal/apps/{id}"), Default::default());
        }
    });
    view! {
        <Title text="New mini-program"/>
        <div class="page narrow">
            <p class="eyebrow"><a href="/portal">"Developer portal"</a></p>
            <h1>"Register a mini-program"</h1>
            <div class="card">
                <FormError error fields=&["org_slug", "name", "kind", "category", "summary", "description_md", "tags"]/>
                <ActionForm action=create attr:class="form">
                    <Transition fallback=|| view! { <Loading/> }>
                        {move || Suspend::new(async move {
                            let orgs = orgs.await.unwrap_or_default();
                            let cats = cats.await.unwrap_or_default();
                            view! {
                                <label class="field"><span>"Organization"</span>
                                    <select name="org_slug">
                                        {orgs.into_iter().filter(|o| o.my_role != "tester").map(|o| view! { <option value=o.slug selected=o.current>{o.name}</option> }).collect_view()}
                                    </select>
                                    <FieldError error field="org_slug"/>
                                </label>
                                <label class="field"><span>"Category"</span>
                                    <select name="category">
                                        {cats.into_iter().map(|c| view! { <option value=c.slug>{format!("{} {}", c.icon, c.name)}</option> }).collect_view()}
                                    </select>
                                    <FieldError error field="category"/>
                                </label>
                            }
                        })}
                    </Transition>
                    <label class="field"><span>"Name"</span>
                        <input type="text" name="name" maxlength="40" required/>
                        <FieldError error field="name"/>
                    </label>
                    <fieldset class="field segmented"><legend>"Kind"</legend>
                        <label><input type="radio" name="kind" value="program" checked/>" Program"</label>
                        <label><input type="radio" name="kind" value="game"/>" Game"</label>
                    </fieldset>
                    <label class="field"><span>"Summary"</span>
                        <input type="text" name="summary" maxlength="90" placeholder="One line for the store (90 characters)"/>
                        <FieldError error field="summary"/>
                    </label>
                    <label class="field"><span>"Description (Markdown)"</span>
                        <textarea name="description_md" rows="6"></textarea>
                        <FieldError error field="description_md"/>
                    </label>
                    <label class="field"><span>"Tags"</span>
                        <input type="text" name="tags" placeholder="comma, separated"/>
                        <FieldError error field="tags"/>
                    </label>
                    <button class="btn btn-primary" type="submit">"Register"</button>
                </ActionForm>
            </div>
        </div>
    }
}

#[component]
pub fn AppPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let trial = ServerAction::<StartTrial>::new();
    let submit = ServerAction::<SubmitForReview>::new();
    let cancel = ServerAction::<CancelSubmission>::new();
    let update = ServerAction::<UpdateListing>::new();
    let uploads = RwSignal::new(0u32);
    let detail = Resource::new(
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
    let cats = Resource::new(|| (), |_| list_categories());
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
        <Title text="Mini-program"/>
        <div class="page">
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Err(e) => view! { <crate::ui::ErrorPanel error=e/> }.into_any(),
                        Ok(d) => {
                            let cats = cats.await.unwrap_or_default();
                            let can_edit = matches!(d.my_org_role.as_deref(), Some("owner" | "developer"));
                            let has_trial = d.versions.iter().any(|v| v.state == VersionState::InTrial);
                            let mp_id = d.id.clone();
                            let listing = d.clone();
                            view! {
                                <div class="page-head">
                                    <div class="app-title">
                                        <AppIcon url=d.icon_url.clone() name=d.name.clone()/>
                                        <div>
                                            <p class="eyebrow"><a href="/portal">{d.org_name.clone()}</a></p>
                                            <h1>{d.name.clone()}</h1>
                                            <p class="muted small mono">{d.id.clone()}</p>
                                        </div>
                                    </div>
                                    {has_trial.then(|| view! {
                                        <a class="btn" href=format!("/app/{}/run?trial=1", d.id) data-testid="open-trial">"▶ Open trial build"</a>
                                    })}
                                </div>
                                {d.suspended.then(|| view! { <div class="alert alert-error">"This mini-program is suspended by the store's operators."</div> })}
                                {errors.into_iter().map(|e| view! { <FormError error=e/> }).collect_view()}
                                {can_edit.then(|| view! {
                                    <div class="card">
                                        <h2>"Upload a version"</h2>
                                        <UploadBox mp_id=mp_id.clone() state=upload_state on_done=on_uploaded/>
                                    </div>
                                })}
                                <div class="card table-card">
                                    <h2 class="card-pad">"Versions"</h2>
                                    {if d.versions.is_empty() {
                                        view! { <div class="empty-state small flat"><p class="muted">"No versions yet. Upload a package to start."</p></div> }.into_any()
                                    } else {
                                        view! {
                                            <table class="table" data-testid="versions">
                                                <thead><tr><th>"Version"</th><th>"State"</th><th class="hide-sm">"Size"</th><th class="hide-sm">"Uploaded"</th><th>"Actions"</th></tr></thead>
                                                <tbody>
                                                    {d.versions.into_iter().map(|v| view! {
                                                        <VersionLine v=v can_edit trial submit cancel/>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        }.into_any()
                                    }}
                                </div>
                                {d.trial_link.clone().map(|link| view! {
                                    <div class="card trial-card" data-testid="trial-card">
                                        <div class="qr-code small" inner_html=d.trial_qr_svg.clone().unwrap_or_default()></div>
                                        <div>
                                            <h2>"Trial build"</h2>
                                            <p class="muted small">"Members and testers of the organization open it with this link or by scanning the code (they sign in first)."</p>
                                            <p class="mono small">{link}</p>
                                        </div>
                                    </div>
                                })}
                                {can_edit.then(|| {
                                    let media = |kind: &str| format!("/portal/media/{}/{kind}", crate::domain::urlencode(&d.id));
                                    view! {
                                        <div class="card">
                                            <h2>"Icon and screenshots"</h2>
                                            <div class="media-row">
                                                <AppIcon url=d.icon_url.clone() name=d.name.clone() large=true/>
                                                <div>
                                                    <p class="muted small">"A square PNG, JPEG or WebP, at least 256 × 256, up to 2 MB."</p>
                                                    <ImageInput url=media("icon") label="Replace icon" testid="icon-input" on_done=on_uploaded/>
                                                </div>
                                            </div>
                                            <div class="shots" data-testid="screenshots">
                                                {d.screenshots.iter().cloned().map(|u| {
                                                    let id = d.id.clone();
                                                    view! {
                                                        <figure class="shot">
                                                            <img src=u.clone() alt="Screenshot" loading="lazy"/>
                                                            <ActionForm action=remove_shot attr:class="inline-form">
                                                                <input type="hidden" name="id" value=id/>
                                                                <input type="hidden" name="url" value=u/>
                                                                <button class="btn btn-sm btn-danger-ghost" type="submit">"Remove"</button>
                                                            </ActionForm>
                                                        </figure>
                                                    }
                                                }).collect_view()}
                                            </div>
                                            <ImageInput url=media("screenshot") label="Add a screenshot" testid="screenshot-input" on_done=on_uploaded/>
                                        </div>
                                    }
                                })}
                                {can_edit.then(|| view! { <ListingForm d=listing cats update/> })}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
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
            <td><strong>{v.version.clone()}</strong></td>
            <td>
                <StateBadge state/>
                {v.review_reason.clone().filter(|_| state == VersionState::Rejected).map(|r| view! {
                    <p class="small reason" data-testid="reject-reason">{format!("Reviewer: {r}")}</p>
                })}
            </td>
            <td class="hide-sm muted">{human_size(v.size.max(0) as u64)}</td>
            <td class="hide-sm muted small">{v.created_at.get(..10).unwrap_or("").to_string()}</td>
            <td class="actions">
                <button class="btn btn-sm btn-ghost" on:click=move |_| show_report.update(|s| *s = !*s)>
                    {move || if show_report.get() { "Hide report" } else { "Report" }}
                </button>
                {(can_edit && state == VersionState::Validated).then(|| view! {
                    <ActionForm action=trial attr:class="inline-form">
                        <input type="hidden" name="version_id" value=vid1.clone()/>
                        <button class="btn btn-sm" type="submit">"Start trial"</button>
                    </ActionForm>
                })}
                {(can_edit && matches!(state, VersionState::Validated | VersionState::InTrial)).then(|| view! {
                    <details class="submit-box">
                        <summary class="btn btn-sm btn-primary">"Submit for review"</summary>
                        <ActionForm action=submit attr:class="form compact">
                            <input type="hidden" name="version_id" value=vid2.clone()/>
                            <label class="field"><span>"Release notes"</span>
                                <textarea name="release_notes" rows="3" required placeholder="What changed in this version?"></textarea>
                            </label>
                            <button class="btn btn-primary btn-sm" type="submit">"Submit"</button>
                        </ActionForm>
                    </details>
                })}
                {(can_edit && state == VersionState::InReview).then(|| view! {
                    <ActionForm action=cancel attr:class="inline-form">
                        <input type="hidden" name="version_id" value=vid3.clone()/>
                        <button class="btn btn-sm btn-danger-ghost" type="submit">"Withdraw submission"</button>
                    </ActionForm>
                })}
            </td>
        </tr>
        {move || show_report.get().then(|| view! {
            <tr class="report-row"><td colspan="5">
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match report.await {
                            Ok(Some(r)) => {
                                let position = r.queue_position.map(|p| view! {
                                    <p class="alert alert-info">{format!("In the review queue: position {p}.")}</p>
                                });
                                let parsed: Option<ReportView> = serde_json::from_str(&r.report_json).ok();
                                view! { {position} {parsed.map(|rv| view! { <Report report=rv/> })} }.into_any()
                            }
                            Ok(None) => ().into_any(),
                            Err(e) => view! { <crate::ui::ErrorPanel error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </td></tr>
        })}
    }
}

#[component]
fn ListingForm(
    d: crate::miniprograms::MpDetail,
    cats: Vec<crate::catalog::Category>,
    update: ServerAction<UpdateListing>,
) -> impl IntoView {
    let error = action_error(update);
    let saved = move || matches!(update.value().get(), Some(Ok(())));
    let category = d.category.clone().unwrap_or_default();
    view! {
        <div class="card">
            <h2>"Store listing"</h2>
            {move || saved().then(|| view! { <div class="alert alert-ok" role="status">"Listing saved."</div> })}
            <FormError error fields=&["name", "kind", "category", "summary", "description_md", "tags"]/>
            <ActionForm action=update attr:class="form">
                <input type="hidden" name="id" value=d.id.clone()/>
                <label class="field"><span>"Name"</span><input type="text" name="name" value=d.name.clone() maxlength="40"/><FieldError error field="name"/></label>
                <input type="hidden" name="kind" value=d.kind.clone()/>
                <label class="field"><span>"Category"</span>
                    <select name="category">
                        {cats.into_iter().map(|c| {
                            let sel = c.slug == category;
                            view! { <option value=c.slug selected=sel>{c.name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>"Summary"</span><input type="text" name="summary" value=d.summary.clone() maxlength="90"/><FieldError error field="summary"/></label>
                <label class="field"><span>"Description (Markdown)"</span><textarea name="description_md" rows="6">{d.description_md.clone()}</textarea></label>
                <label class="field"><span>"Tags"</span><input type="text" name="tags" value=d.tags.join(", ")/></label>
                <button class="btn btn-primary" type="submit">"Save listing"</button>
            </ActionForm>
        </div>
    }
}

/// A mini-program's icon, or its initial on a colour when it has none.
#[component]
pub fn AppIcon(url: Option<String>, name: String, #[prop(optional)] large: bool) -> impl IntoView {
    let class = if large { "app-icon large" } else { "app-icon" };
    match url {
        Some(u) => view! { <img class=class src=u alt="" loading="lazy"/> }.into_any(),
        None => view! { <span class=format!("{class} placeholder")>{name.chars().next().unwrap_or('?').to_string()}</span> }.into_any(),
    }
}
