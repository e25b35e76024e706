//! Host apps in the admin console: create (the secret is shown once), rotate, disable.

use crate::hostapps::api::{list_host_apps, CreateHostApp, RotateSecret, SetHostAppDisabled};
use crate::hostapps::{Credential, PLATFORMS};
use crate::ui::Loaded;
use crate::ui::{action_error, FieldError, FormError};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn SecretOnce(c: Credential) -> impl IntoView {
    view! {
        <div class="alert alert-ok secret" role="status" data-testid="new-secret">
            <p>
                <strong>"Copy the secret now — it is shown only this once."</strong>
            </p>
            <p class="mono">"App key: "{c.app_key.clone()}</p>
            <p class="mono">"Secret: "<span data-testid="secret-value">{c.secret.clone()}</span></p>
            <p class="small">
                "Calls carry "<code>{format!("Authorization: Bearer {}.<secret>", c.app_key)}</code>
            </p>
        </div>
    }
}

#[component]
pub fn HostAppsPage() -> impl IntoView {
    let create = ServerAction::<CreateHostApp>::new();
    let rotate = ServerAction::<RotateSecret>::new();
    let disable = ServerAction::<SetHostAppDisabled>::new();
    let list = crate::ui::server_resource(
        move || {
            (
                create.version().get(),
                rotate.version().get(),
                disable.version().get(),
            )
        },
        |_| list_host_apps(),
    );
    let error = action_error(create);
    let other_errors = [action_error(rotate), action_error(disable)];
    view! {
        <Title text="Host apps" />
        <div class="page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">"Admin console"</p>
                    <h1>"Host apps"</h1>
                </div>
            </div>
            {move || {
                create
                    .value()
                    .get()
                    .and_then(std::result::Result::ok)
                    .map(|c| view! { <SecretOnce c /> })
            }}
            {move || {
                rotate
                    .value()
                    .get()
                    .and_then(std::result::Result::ok)
                    .map(|c| view! { <SecretOnce c /> })
            }}
            {other_errors.into_iter().map(|e| view! { <FormError error=e /> }).collect_view()}
            <Loaded resource=list let:value>
                {match value {
                    l if l.is_empty() => {
                        view! {
                            <div class="empty-state small">
                                <p class="muted">"No host app yet."</p>
                            </div>
                        }
                            .into_any()
                    }
                    l => {
                        view! {
                            <div class="card table-card">
                                <table class="table" data-testid="host-apps">
                                    <thead>
                                        <tr>
                                            <th>"Name"</th>
                                            <th>"App key"</th>
                                            <th class="hide-sm">"Platforms"</th>
                                            <th>"Live"</th>
                                            <th>"Status"</th>
                                            <th></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {l
                                            .into_iter()
                                            .map(|h| {
                                                let (k1, k2) = (h.app_key.clone(), h.app_key.clone());
                                                view! {
                                                    <tr data-key=h.app_key.clone()>
                                                        <td>
                                                            <strong>{h.name.clone()}</strong>
                                                        </td>
                                                        <td class="mono small">{h.app_key.clone()}</td>
                                                        <td class="hide-sm">{h.platforms.join(", ")}</td>
                                                        <td>{h.released}</td>
                                                        <td>
                                                            {if h.disabled {
                                                                view! { <span class="badge badge-danger">"Disabled"</span> }
                                                                    .into_any()
                                                            } else {
                                                                view! { <span class="badge badge-ok">"Active"</span> }
                                                                    .into_any()
                                                            }}
                                                        </td>
                                                        <td class="actions">
                                                            <ActionForm action=rotate attr:class="inline-form">
                                                                <input type="hidden" name="app_key" value=k1 />
                                                                <button class="btn btn-sm" type="submit">
                                                                    "Rotate secret"
                                                                </button>
                                                            </ActionForm>
                                                            <ActionForm action=disable attr:class="inline-form">
                                                                <input type="hidden" name="app_key" value=k2 />
                                                                <input
                                                                    type="hidden"
                                                                    name="disabled"
                                                                    value=(!h.disabled).to_string()
                                                                />
                                                                <button class="btn btn-sm btn-danger-ghost" type="submit">
                                                                    {if h.disabled { "Enable" } else { "Disable" }}
                                                                </button>
                                                            </ActionForm>
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
            <div class="card">
                <h2>"Create a host app"</h2>
                <FormError error fields=&["name", "platforms"] />
                <ActionForm action=create attr:class="form">
                    <label class="field">
                        <span>"Name"</span>
                        <input type="text" name="name" required maxlength="60" />
                        <FieldError error field="name" />
                    </label>
                    <fieldset class="field">
                        <legend>"Platforms"</legend>
                        {PLATFORMS
                            .iter()
                            .enumerate()
                            .map(|(i, p)| {
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            name=format!("platforms[{i}]")
                                            value=*p
                                        />
                                        " "
                                        {*p}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    <button class="btn btn-primary" type="submit">
                        "Create host app"
                    </button>
                </ActionForm>
            </div>
        </div>
    }
}
