//! The plan's state and its actions: start, pause, resume, complete, roll back, discard.

use super::gate::health_view;
use super::{refresh, when};
use crate::error::AppError;
use crate::grayscale::api::{discard_plan, plan_action};
use crate::grayscale::{PlanPage, PlanState};
use leptos::prelude::*;

/// The plan's state, what it does now, its action buttons and the candidate's health.
#[component]
pub(super) fn StatusCard(page: PlanPage, reload: RwSignal<u32>) -> impl IntoView {
    let Some(plan_id) = page.plan_id.clone() else {
        return ().into_any();
    };
    let state = page.state.unwrap_or(PlanState::Draft);
    let act = Action::new(move |a: &String| {
        let (id, a) = (plan_id.clone(), a.clone());
        async move { plan_action(id, a).await }
    });
    let discard = Action::new(move |id: &String| discard_plan(id.clone()));
    Effect::new(move |_| {
        if act.value().get().is_some_and(|r| r.is_ok())
            || discard.value().get().is_some_and(|r| r.is_ok())
        {
            refresh(reload);
        }
    });
    let error = move || {
        act.value()
            .get()
            .and_then(std::result::Result::err)
            .or_else(|| discard.value().get().and_then(std::result::Result::err))
            .map(|e: AppError| {
                view! {
                    <div class="alert alert-error" role="alert">
                        {e.to_string()}
                    </div>
                }
            })
    };
    let pending = move || act.pending().get() || discard.pending().get();
    let button = move |label: &'static str, action: &'static str, class: &'static str| {
        view! {
            <button
                class=class
                type="button"
                data-testid=format!("plan-{action}")
                disabled=pending
                on:click=move |_| {
                    act.dispatch(action.to_string());
                }
            >
                {label}
            </button>
        }
    };
    let candidate = page
        .candidate
        .clone()
        .map(|c| c.version)
        .unwrap_or_default();
    let id2 = page.plan_id.clone().unwrap_or_default();
    let health = page.health.clone();
    let gate = page.input.max_error_rate_pct;
    view! {
        <div class="card plan-status" data-testid="plan-status">
            <div class="plan-status-row">
                <div>
                    <h2>
                        {match state {
                            PlanState::Draft => "Draft plan".to_string(),
                            PlanState::Running => format!("Rolling out v{candidate}"),
                            PlanState::Paused => format!("Paused at {} %", page.input.percentage),
                            _ => String::new(),
                        }}
                    </h2>
                    <p class="muted small">
                        {match state {
                            PlanState::Draft => {
                                "Nobody gets the candidate until you start the plan.".to_string()
                            }
                            PlanState::Running => {
                                "Changes you save apply within a second on every server."
                                    .to_string()
                            }
                            PlanState::Paused => {
                                "The candidate keeps its current audience; scheduled steps wait until you resume."
                                    .to_string()
                            }
                            _ => String::new(),
                        }}{page.started_at.clone().map(|s| format!(" Started {}.", when(&s)))}
                    </p>
                </div>
                <div class="plan-actions">
                    {match state {
                        PlanState::Draft => {
                            view! {
                                {button("Start rollout", "start", "btn btn-primary")}
                                <button
                                    class="btn btn-danger-ghost"
                                    type="button"
                                    data-testid="plan-discard"
                                    disabled=pending
                                    on:click=move |_| {
                                        discard.dispatch(id2.clone());
                                    }
                                >
                                    "Discard draft"
                                </button>
                            }
                                .into_any()
                        }
                        PlanState::Running => {
                            view! {
                                {button("Pause", "pause", "btn")}
                                {button("Complete: make it stable", "complete", "btn btn-primary")}
                                {button("Roll back", "rollback", "btn btn-danger")}
                            }
                                .into_any()
                        }
                        PlanState::Paused => {
                            view! {
                                {button("Resume", "resume", "btn btn-primary")}
                                {button("Complete: make it stable", "complete", "btn")}
                                {button("Roll back", "rollback", "btn btn-danger")}
                            }
                                .into_any()
                        }
                        _ => ().into_any(),
                    }}
                </div>
            </div>
            {page
                .state_reason
                .clone()
                .map(|r| {
                    view! {
                        <div class="alert alert-warn" data-testid="state-reason">
                            {r}
                        </div>
                    }
                })}
            {error}
            {health.map(|h| health_view(h, &candidate, gate))}
        </div>
    }
    .into_any()
}
