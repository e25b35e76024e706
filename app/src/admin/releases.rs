//! Releases in the admin console: every mini-program, and one page per mini-program to release
//! an approved version to host apps, withdraw, suspend, and roll back.

use crate::releases::api::{
    admin_miniprograms, get_release_overview, ReleaseVersion, Rollback, SetSuspended, Withdraw,
};
use crate::ui::Loaded;
use crate::ui::{action_error, FieldError, FormError, StateBadge};
use crate::versions::VersionState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AppsPage() -> impl IntoView {
    let list = crate::ui::server_resource(|| (), |_| admin_miniprograms());
    view! {
        <Title text="Mini-programs" />
        <div class="page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">"Admin console"</p>
                    <h1>"Mini-programs"</h1>
                </div>
            </div>
            <Loaded resource=list let:value>
                {match value {
                    l if l.is_empty() => {
                        view! {
                            <div class="empty-state">
                                <h3>"No mini-programs yet"</h3>
                            </div>
                        }
                            .into_any()
                    }
                    l => {
                        view! {
                            <div class="card table-card">
                                <table class="table" data-testid="admin-apps">
                                    <thead>
                                        <tr>
                                            <th>"Mini-program"</th>
                                            <th class="hide-sm">"Organization"</th>
                                            <th>"Latest"</th>
                                            <th>"Live in"</th>
                                            <th></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {l
                                            .into_iter()
                                            .map(|a| {
                                                view! {
                                                    <tr data-mp=a.id.clone()>
                                                        <td>
                                                            <strong>{a.name.clone()}</strong>
                                                            {a
                                                                .suspended
                                                                .then(|| {
                                                                    view! {
                                                                        " "
                                                                        <span class="badge badge-danger">"Suspended"</span>
                                                                    }
                                                                })}
                                                        </td>
                                                        <td class="hide-sm">{a.org_name.clone()}</td>
                                                        <td>
                                                            {a.latest_version.clone().unwrap_or_default()}" "
                                                            {a.latest_state.map(|s| view! { <StateBadge state=s /> })}
                                                        </td>
                                                        <td>
                                                            {format!(
                                                                "{} host app{}",
                                                                a.live_in,
                                                                if a.live_in == 1 { "" } else { "s" },
                                                            )}
                                                        </td>
                                                        <td>
                                                            <a class="btn btn-sm" href=format!("/admin/apps/{}", a.id)>
                                                                "Manage"
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
pub fn ReleasePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let release = ServerAction::<ReleaseVersion>::new();
    let withdraw = ServerAction::<Withdraw>::new();
    let suspend = ServerAction::<SetSuspended>::new();
    let rollback = ServerAction::<Rollback>::new();
    let errors = [
        action_error(release),
        action_error(withdraw),
        action_error(rollback),
    ];
    let suspend_error = action_error(suspend);
    let overview = crate::ui::server_resource(
        move || {
            (
                id(),
                release.version().get(),
                withdraw.version().get(),
                suspend.version().get(),
                rollback.version().get(),
            )
        },
        |(id, ..)| get_release_overview(id),
    );
    view! {
        <Title text="Release" />
        <div class="page">
            <Loaded resource=overview let:o>
                {
                    let approved: Vec<_> = o
                        .releasable
                        .iter()
                        .filter(|v| v.state == VersionState::Approved)
                        .cloned()
                        .collect();
                    let rollbackable: Vec<_> = o
                        .releasable
                        .iter()
                        .filter(|v| v.state == VersionState::Superseded)
                        .cloned()
                        .collect();
                    let hosts = o.host_apps.clone();
                    let (mp1, mp2) = (o.mp_id.clone(), o.mp_id.clone());
                    view! {
                        <div class="page-head">
                            <div>
                                <p class="eyebrow">
                                    <a href="/admin/apps">"Mini-programs"</a>
                                </p>
                                <h1>{o.mp_name.clone()}</h1>
                                <p class="muted">
                                    {o.org_name.clone()}" · "
                                    <span class="mono">{o.mp_id.clone()}</span>
                                </p>
                            </div>
                            <a
                                class="btn btn-ghost"
                                href=format!("/admin/analytics/{}", o.mp_id)
                                data-testid="mp-analytics"
                            >
                                "Analytics"
                            </a>
                        </div>
                        {errors.into_iter().map(|e| view! { <FormError error=e /> }).collect_view()}
                        {o
                            .suspended
                            .then(|| {
                                view! {
                                    <div class="alert alert-error" data-testid="suspended">
                                        {format!(
                                            "Suspended: {}",
                                            o.suspended_reason.clone().unwrap_or_default(),
                                        )}
                                    </div>
                                }
                            })}
                        <div class="card table-card">
                            <h2 class="card-pad">"Host apps"</h2>
                            <table class="table" data-testid="host-releases">
                                <thead>
                                    <tr>
                                        <th>"Host app"</th>
                                        <th>"Serving"</th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {o
                                        .host_apps
                                        .clone()
                                        .into_iter()
                                        .map(|h| {
                                            let mp = o.mp_id.clone();
                                            let key = h.app_key.clone();
                                            view! {
                                                <tr data-host=h.app_key.clone()>
                                                    <td>
                                                        <strong>{h.name.clone()}</strong>
                                                        <br />
                                                        <span class="mono small muted">{h.app_key.clone()}</span>
                                                    </td>
                                                    <td>
                                                        {match (h.version.clone(), h.active) {
                                                            (Some(v), true) => {
                                                                match h.plan.clone() {
                                                                    Some(plan) => {
                                                                        view! {
                                                                            <span class="badge badge-ok">{format!("v{v}")}</span>
                                                                            " "
                                                                            <span class="badge badge-warn" data-testid="plan-badge">
                                                                                {plan}
                                                                            </span>
                                                                        }
                                                                            .into_any()
                                                                    }
                                                                    None => {
                                                                        view! {
                                                                            <span class="badge badge-ok">
                                                                                {format!("v{v} · full")}
                                                                            </span>
                                                                        }
                                                                            .into_any()
                                                                    }
                                                                }
                                                            }
                                                            (Some(v), false) => {
                                                                view! {
                                                                    <span class="badge">{format!("withdrawn (was v{v})")}</span>
                                                                }
                                                                    .into_any()
                                                            }
                                                            _ => {
                                                                view! { <span class="muted">"not released"</span> }
                                                                    .into_any()
                                                            }
                                                        }}
                                                    </td>
                                                    <td class="row-actions">
                                                        {h
                                                            .active
                                                            .then(|| {
                                                                view! {
                                                                    <a
                                                                        class="btn btn-sm"
                                                                        data-testid="grayscale"
                                                                        href=format!("/admin/apps/{}/plan/{}", mp, key)
                                                                    >
                                                                        "Grayscale"
                                                                    </a>
                                                                    <ActionForm action=withdraw attr:class="inline-form">
                                                                        <input type="hidden" name="mp_id" value=mp />
                                                                        <input type="hidden" name="app_key" value=key />
                                                                        <button class="btn btn-sm btn-danger-ghost" type="submit">
                                                                            "Withdraw"
                                                                        </button>
                                                                    </ActionForm>
                                                                }
                                                            })}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <div class="two-col">
                            <div class="card">
                                <h2>"Release a version"</h2>
                                {if approved.is_empty() {
                                    view! {
                                        <p class="muted">
                                            "No approved version waits for release."
                                        </p>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <ActionForm action=release attr:class="form">
                                            <label class="field">
                                                <span>"Version"</span>
                                                <select name="version_id">
                                                    {approved
                                                        .into_iter()
                                                        .map(|v| view! { <option value=v.id>{v.version}</option> })
                                                        .collect_view()}
                                                </select>
                                            </label>
                                            <fieldset class="field">
                                                <legend>"To host apps"</legend>
                                                {hosts
                                                    .into_iter()
                                                    .enumerate()
                                                    .map(|(i, h)| {
                                                        view! {
                                                            <label class="check">
                                                                <input
                                                                    type="checkbox"
                                                                    name=format!("app_keys[{i}]")
                                                                    value=h.app_key
                                                                    checked=true
                                                                />
                                                                " "
                                                                {h.name}
                                                            </label>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </fieldset>
                                            <button
                                                class="btn btn-primary"
                                                type="submit"
                                                data-testid="release"
                                            >
                                                "Release to 100 %"
                                            </button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                }}
                                {(!rollbackable.is_empty())
                                    .then(|| {
                                        view! {
                                            <h3>"Roll back"</h3>
                                            <ActionForm action=rollback attr:class="form row-form">
                                                <input type="hidden" name="mp_id" value=mp1 />
                                                <select name="version_id">
                                                    {rollbackable
                                                        .into_iter()
                                                        .map(|v| view! { <option value=v.id>{v.version}</option> })
                                                        .collect_view()}
                                                </select>
                                                <button class="btn" type="submit" data-testid="rollback">
                                                    "Roll back"
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                            </div>
                            <div class="card">
                                <h2>
                                    {if o.suspended {
                                        "Lift the suspension"
                                    } else {
                                        "Suspend everywhere"
                                    }}
                                </h2>
                                <p class="muted small">
                                    "A suspended mini-program stops resolving for every host app and leaves the storefront at once."
                                </p>
                                <FormError error=suspend_error fields=&["reason"] />
                                <ActionForm action=suspend attr:class="form">
                                    <input type="hidden" name="mp_id" value=mp2 />
                                    <input
                                        type="hidden"
                                        name="suspended"
                                        value=(!o.suspended).to_string()
                                    />
                                    {(!o.suspended)
                                        .then(|| {
                                            view! {
                                                <label class="field">
                                                    <span>"Reason"</span>
                                                    <input type="text" name="reason" />
                                                    <FieldError error=suspend_error field="reason" />
                                                </label>
                                            }
                                        })}
                                    {o
                                        .suspended
                                        .then(|| {
                                            view! { <input type="hidden" name="reason" value="" /> }
                                        })}
                                    <button
                                        class=if o.suspended { "btn" } else { "btn btn-danger" }
                                        type="submit"
                                    >
                                        {if o.suspended { "Lift suspension" } else { "Suspend" }}
                                    </button>
                                </ActionForm>
                            </div>
                        </div>
                    }
                        .into_any()
                }
            </Loaded>
        </div>
    }
}
