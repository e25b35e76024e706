//! The launch page: the mini-program runs in a sandboxed iframe served from the sandbox origin;
//! `/launcher.js` (sandbox/launcher.js) answers its bridge calls, gated by its permissions.

use crate::miniprograms::api::get_launch_info;
use crate::miniprograms::LaunchInfo;
use crate::review::api::review_launch_info;
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::{Script, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
fn Runner(info: LaunchInfo, back: String) -> impl IntoView {
    if !info.trial {
        crate::analytics::beacon::track_session(info.id.clone(), info.version.clone());
    }
    view! {
        <Title text=info.name.clone() />
        <Script src="/launcher.js" />
        <div class="runner">
            <div class="runner-bar">
                <a class="btn btn-sm btn-ghost" href=back>
                    "← Back"
                </a>
                <strong>{info.name.clone()}</strong>
                <span class="muted small">{format!("v{}", info.version)}</span>
                {info
                    .trial
                    .then(|| view! { <span class="badge state-in_trial">"Trial build"</span> })}
            </div>
            <div class="phone">
                <iframe
                    data-ministore-app=""
                    data-testid="miniprogram"
                    title=info.name.clone()
                    src=info.run_url.clone()
                    sandbox="allow-scripts allow-forms"
                    referrerpolicy="no-referrer"
                    data-mp-id=info.id.clone()
                    data-mp-name=info.name.clone()
                    data-permissions=info.permissions.join(",")
                    data-user-name=info.user_name.clone().unwrap_or_default()
                    data-sandbox-origin=info.sandbox_origin.clone()
                ></iframe>
            </div>
        </div>
    }
}

#[component]
pub fn LaunchPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let trial = move || query.read().get("trial").is_some_and(|t| t == "1");
    let info = crate::ui::server_resource(
        move || (id(), trial()),
        |(id, trial)| get_launch_info(id, trial),
    );
    view! {
        <Transition fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(i) => {
                        if !i.trial && i.user_name.is_none() {
                            let id = i.id.clone();
                            Effect::new(move |_| crate::discovery::device::remember_launch(&id));
                        }
                        let back = if i.trial {
                            format!("/portal/apps/{}", i.id)
                        } else {
                            format!("/app/{}", i.id)
                        };
                        // Signed out: "Recently used" is kept on this device.
                        view! { <Runner info=i back /> }
                            .into_any()
                    }
                    Err(crate::error::AppError::NotFound { .. }) => {
                        view! { <crate::ui::NotFound /> }.into_any()
                    }
                    Err(e) => {
                        view! {
                            <div class="page">
                                <crate::ui::ErrorPanel error=e />
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// An operator runs a submission in the sandbox while reviewing it.
#[component]
pub fn ReviewLaunchPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let info = crate::ui::server_resource(id, review_launch_info);
    view! {
        <Transition fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(i) => {
                        let back = "/admin/review".to_string();
                        view! { <Runner info=i back /> }.into_any()
                    }
                    Err(e) => {
                        view! {
                            <div class="page">
                                <crate::ui::ErrorPanel error=e />
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}
