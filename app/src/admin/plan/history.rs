//! The earlier plans of this mini-program on this host app, and how each ended.

use super::{state_badge, when};
use crate::grayscale::PlanPage;
use leptos::prelude::*;

#[component]
pub(super) fn History(page: PlanPage) -> impl IntoView {
    (!page.history.is_empty()).then(|| {
        view! {
            <div class="card table-card">
                <h2 class="card-pad">"Earlier plans"</h2>
                <table class="table" data-testid="plan-history">
                    <thead>
                        <tr>
                            <th>"Candidate"</th>
                            <th>"Outcome"</th>
                            <th class="hide-sm">"Ended"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {page
                            .history
                            .into_iter()
                            .map(|h| {
                                view! {
                                    <tr>
                                        <td>{format!("v{} at {} %", h.candidate, h.percentage)}</td>
                                        <td>
                                            {state_badge(h.state, "history-state")}
                                            {h
                                                .state_reason
                                                .map(|r| {
                                                    view! {
                                                        <br />
                                                        <span class="small muted">{r}</span>
                                                    }
                                                })}
                                        </td>
                                        <td class="hide-sm">{h.ended_at.map(|t| when(&t))}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
    })
}
