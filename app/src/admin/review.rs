//! The review queue and one submission's review page.

use crate::portal::upload::Report;
use crate::review::api::{get_submission, review_queue, Decide};
use crate::ui::Loaded;
use crate::ui::{action_error, FieldError, FormError, StateBadge};
use crate::versions::{human_size, ReportView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn waiting(minutes: i64) -> String {
    match minutes {
        m if m < 1 => "just now".into(),
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h", m / 60),
        m => format!("{} days", m / (24 * 60)),
    }
}

#[component]
pub fn ReviewQueue() -> impl IntoView {
    let queue = crate::ui::server_resource(|| (), |_| review_queue());
    view! {
        <Title text="Review queue" />
        <div class="page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">"Admin console"</p>
                    <h1>"Review queue"</h1>
                </div>
            </div>
            <Loaded resource=queue let:value>
                {match value {
                    q if q.is_empty() => {
                        view! {
                            <div class="empty-state">
                                <div class="empty-icon">"✅"</div>
                                <h3>"Nothing to review"</h3>
                                <p class="muted">"New submissions appear here, oldest first."</p>
                            </div>
                        }
                            .into_any()
                    }
                    q => {
                        view! {
                            <div class="card table-card">
                                <table class="table" data-testid="review-queue">
                                    <thead>
                                        <tr>
                                            <th>"#"</th>
                                            <th>"Mini-program"</th>
                                            <th>"Version"</th>
                                            <th class="hide-sm">"Organization"</th>
                                            <th>"Waiting"</th>
                                            <th></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {q
                                            .into_iter()
                                            .enumerate()
                                            .map(|(i, it)| {
                                                view! {
                                                    <tr data-mp=it.mp_id.clone()>
                                                        <td class="muted">{i + 1}</td>
                                                        <td>
                                                            <strong>{it.mp_name.clone()}</strong>
                                                        </td>
                                                        <td>{it.version.clone()}</td>
                                                        <td class="hide-sm">{it.org_name.clone()}</td>
                                                        <td class={if it.waiting_minutes > 24 * 60 {
                                                            "warn"
                                                        } else {
                                                            ""
                                                        }}>{waiting(it.waiting_minutes)}</td>
                                                        <td>
                                                            <a
                                                                class="btn btn-sm btn-primary"
                                                                href=format!("/admin/review/{}", it.version_id)
                                                            >
                                                                "Review"
                                                            </a>
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                }}
            </Loaded>
        </div>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let decide = ServerAction::<Decide>::new();
    let error = action_error(decide);
    let sub = crate::ui::server_resource(
        move || (id(), decide.version().get()),
        |(id, _)| get_submission(id),
    );
    view! {
        <Title text="Review" />
        <div class="page">
            <Loaded resource=sub let:s>
                {
                    let report: Option<ReportView> = serde_json::from_str(&s.report_json).ok();
                    let vid = s.item.version_id.clone();
                    let vid2 = vid.clone();
                    let pending = s.state == crate::versions::VersionState::InReview;
                    view! {
                        <div class="page-head">
                            <div>
                                <p class="eyebrow">
                                    <a href="/admin/review">"Review queue"</a>
                                </p>
                                <h1>{format!("{} {}", s.item.mp_name, s.item.version)}</h1>
                                <p class="muted">
                                    {s.item.org_name.clone()}" · "
                                    {human_size(s.size.max(0) as u64)}" · "
                                    <StateBadge state=s.state />
                                </p>
                            </div>
                            <a
                                class="btn"
                                target="_blank"
                                href=format!("/admin/review/{}/run", s.item.version_id)
                                data-testid="review-launch"
                            >
                                "▶ Launch in sandbox"
                            </a>
                        </div>
                        <div class="two-col">
                            <div class="card">
                                <h2>"Listing"</h2>
                                <p>
                                    <strong>{s.summary.clone()}</strong>
                                </p>
                                <div class="prose" inner_html=s.description_html.clone()></div>
                                <h3>"Release notes"</h3>
                                <p class="prewrap">{s.release_notes.clone()}</p>
                            </div>
                            <div class="card">
                                <h2>"Decision"</h2>
                                <FormError error fields=&["reason"] />
                                {if pending {
                                    view! {
                                        <ActionForm action=decide attr:class="form">
                                            <input type="hidden" name="version_id" value=vid />
                                            <input type="hidden" name="approve" value="true" />
                                            <input type="hidden" name="reason" value="" />
                                            <button
                                                class="btn btn-primary btn-block"
                                                type="submit"
                                                data-testid="approve"
                                            >
                                                "Approve"
                                            </button>
                                        </ActionForm>
                                        <ActionForm action=decide attr:class="form">
                                            <input type="hidden" name="version_id" value=vid2 />
                                            <input type="hidden" name="approve" value="false" />
                                            <label class="field">
                                                <span>"Reason for rejecting (the developer reads it)"</span>
                                                <textarea name="reason" rows="3"></textarea>
                                                <FieldError error field="reason" />
                                            </label>
                                            <button
                                                class="btn btn-danger btn-block"
                                                type="submit"
                                                data-testid="reject"
                                            >
                                                "Reject"
                                            </button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <p class="alert alert-info" data-testid="decided">
                                            {format!("Decided: {}.", s.state.label())}
                                        </p>
                                        <a href="/admin/apps">"Go to releases →"</a>
                                    }
                                        .into_any()
                                }}
                            </div>
                        </div>
                        <div class="card">
                            <h2>"Validation report"</h2>
                            {report.map(|r| view! { <Report report=r /> })}
                        </div>
                    }
                        .into_any()
                }
            </Loaded>
        </div>
    }
}
