//! The grayscale release page of one mini-program on one host app: the plan's slider, presets,
//! allow-list, condition builder, scheduled ramp, minimum version and error-rate gate; the
//! audience preview; start, pause, resume, complete, roll back; the candidate's health and the
//! plan history.
//!
//! The page and its layout live here; each part of it has a file of its own: the plan's state
//! and actions ([`status`]), the editor form ([`form`]) with its state ([`state`]), condition
//! rows ([`conditions`]), scheduled steps ([`ramp`]), the error-rate gate and the candidate's
//! health ([`gate`]), the audience preview ([`preview`]) and earlier plans ([`history`]).

mod conditions;
mod form;
mod gate;
mod history;
mod preview;
mod ramp;
mod state;
mod status;

use crate::grayscale::api::get_plan_page;
use crate::grayscale::{PlanPage, PlanState};
use crate::ui::Loaded;
use form::Editor;
use history::History;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use status::StatusCard;

#[component]
pub fn PlanPageView() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("id").unwrap_or_default(),
            p.get("host").unwrap_or_default(),
        )
    };
    let reload = RwSignal::new(0u32);
    let page = crate::ui::server_resource(
        move || (key(), reload.get()),
        |((mp, host), _)| get_plan_page(mp, host),
    );
    view! {
        <Title text="Grayscale release" />
        <div class="page plan-page">
            <Loaded resource=page let:p>
                <PlanBody page=p reload=reload />
            </Loaded>
        </div>
    }
}

/// Shows the plan as it is now after a change. A full reload rather than a refetch: refetching
/// the page's resource from inside the view it rebuilds was seen to leave the old view on screen
/// now and then (a Leptos 0.8 `Transition` issue, noted in the lifecycle issue).
fn refresh(reload: RwSignal<u32>) {
    #[cfg(feature = "hydrate")]
    {
        let _ = reload;
        let _ = window().location().reload();
    }
    #[cfg(not(feature = "hydrate"))]
    reload.update(|n| *n += 1);
}

fn state_badge(s: PlanState, testid: &'static str) -> impl IntoView {
    let class = match s {
        PlanState::Running => "badge badge-ok",
        PlanState::Paused => "badge badge-warn",
        PlanState::Draft => "badge",
        PlanState::Completed => "badge badge-info",
        PlanState::RolledBack => "badge badge-danger",
    };
    view! {
        <span class=class data-testid=testid>
            {s.label()}
        </span>
    }
}

fn when(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ") + " UTC"
}

#[component]
fn PlanBody(page: PlanPage, reload: RwSignal<u32>) -> impl IntoView {
    let p = page.clone();
    let header = view! {
        <div class="page-head">
            <div>
                <p class="eyebrow">
                    <a href="/admin/apps">"Mini-programs"</a>
                    " / "
                    <a href=format!("/admin/apps/{}", p.mp_id)>{p.mp_name.clone()}</a>
                </p>
                <h1>"Grayscale release"</h1>
                <p class="muted">
                    {p.host_name.clone()}" · "<span class="mono">{p.app_key.clone()}</span>
                </p>
            </div>
            <div class="plan-head-state">{p.state.map(|s| state_badge(s, "plan-state"))}</div>
        </div>
    };
    if !p.release_active || p.stable.is_none() {
        return view! {
            {header}
            <div class="empty-state" data-testid="no-release">
                <h3>"Not released to this host app"</h3>
                <p class="muted">
                    "A grayscale plan rolls a candidate out next to a stable version. Release a version fully first, then come back."
                </p>
                <a class="btn" href=format!("/admin/apps/{}", p.mp_id)>
                    "Back to releases"
                </a>
            </div>
        }
        .into_any();
    }
    if p.plan_id.is_none() && p.choices.is_empty() {
        return view! {
            {header}
            <StableCard page=p.clone() />
            <div class="empty-state" data-testid="no-candidate">
                <h3>"No candidate version"</h3>
                <p class="muted">
                    "Approve a newer version in the review queue; it can then be rolled out here to a share of users."
                </p>
            </div>
            <History page=p />
        }
        .into_any();
    }
    view! {
        {header}
        <StableCard page=p.clone() />
        <StatusCard page=p.clone() reload=reload />
        <Editor page=p.clone() reload=reload />
        <History page=p />
    }
    .into_any()
}

#[component]
fn StableCard(page: PlanPage) -> impl IntoView {
    let stable = page.stable.map(|v| v.version).unwrap_or_default();
    let candidate = page.candidate.map(|v| v.version);
    let pct = page.input.percentage;
    let running = page
        .state
        .is_some_and(super::super::grayscale::PlanState::is_open);
    view! {
        <div class="card rollout-card">
            <div class="rollout-versions">
                <div>
                    <p class="small muted">"Stable"</p>
                    <p class="rollout-v" data-testid="stable-version">
                        {format!("v{stable}")}
                    </p>
                </div>
                <div class="rollout-arrow" aria-hidden="true">
                    "→"
                </div>
                <div>
                    <p class="small muted">"Candidate"</p>
                    <p class="rollout-v" data-testid="candidate-version">
                        {candidate.clone().map_or_else(|| "—".into(), |c| format!("v{c}"))}
                    </p>
                </div>
            </div>
            {running
                .then(|| {
                    view! {
                        <div
                            class="rollout-bar"
                            role="img"
                            aria-label=format!("{pct} % of users get the candidate")
                        >
                            <div class="rollout-fill" style=format!("width:{pct}%")></div>
                            <span class="rollout-label">
                                {format!("{pct} % candidate · {} % stable", 100 - pct)}
                            </span>
                        </div>
                    }
                })}
        </div>
    }
}
