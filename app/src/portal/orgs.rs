//! An organization's page: members, invitations (owners invite and remove).

use crate::orgs::api::{get_org, InviteMember, RemoveMember};
use crate::ui::Loaded;
use crate::ui::{action_error, FieldError, FormError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrgPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let invite = ServerAction::<InviteMember>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let org = crate::ui::server_resource(
        move || (slug(), invite.version().get(), remove.version().get()),
        |(s, ..)| get_org(s),
    );
    let invite_error = action_error(invite);
    let remove_error = action_error(remove);
    view! {
        <Title text="Organization" />
        <div class="page">
            <Loaded resource=org let:o>
                {
                    let owner = o.my_role == crate::domain::OrgRole::Owner;
                    let slug = o.slug.clone();
                    view! {
                        <div class="page-head">
                            <div>
                                <p class="eyebrow">
                                    <a href="/portal">"Developer portal"</a>
                                </p>
                                <h1>{o.name.clone()}</h1>
                                <p class="muted">
                                    {o.kind.label()}" · you are "{o.my_role.as_str()}
                                </p>
                            </div>
                        </div>
                        <FormError error=remove_error />
                        <div class="card table-card">
                            <table class="table" data-testid="members">
                                <thead>
                                    <tr>
                                        <th>"Member"</th>
                                        <th class="hide-sm">"Email"</th>
                                        <th>"Role"</th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {o
                                        .members
                                        .into_iter()
                                        .map(|m| {
                                            let slug = slug.clone();
                                            view! {
                                                <tr data-email=m.email.clone()>
                                                    <td>{m.display_name.clone()}</td>
                                                    <td class="hide-sm mono">{m.email.clone()}</td>
                                                    <td>
                                                        <span class=format!(
                                                            "badge org-role-{}",
                                                            m.role,
                                                        )>{m.role.as_str()}</span>
                                                    </td>
                                                    <td>
                                                        {owner
                                                            .then(|| {
                                                                view! {
                                                                    <ActionForm action=remove attr:class="inline-form">
                                                                        <input type="hidden" name="slug" value=slug />
                                                                        <input
                                                                            type="hidden"
                                                                            name="account_id"
                                                                            value=m.account_id.clone()
                                                                        />
                                                                        <button class="btn btn-sm btn-danger-ghost" type="submit">
                                                                            "Remove"
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
                        {owner
                            .then(|| {
                                view! {
                                    <div class="card">
                                        <h2>"Invite a member"</h2>
                                        <p class="muted small">
                                            "Owners manage members; developers upload and submit; testers open trial builds."
                                        </p>
                                        <FormError error=invite_error fields=&["email", "role"] />
                                        <ActionForm action=invite attr:class="form row-form">
                                            <input type="hidden" name="slug" value=o.slug.clone() />
                                            <label class="field grow">
                                                <span>"Email"</span>
                                                <input type="email" name="email" required />
                                                <FieldError error=invite_error field="email" />
                                            </label>
                                            <label class="field">
                                                <span>"Role"</span>
                                                <select name="role">
                                                    <option value="developer">"Developer"</option>
                                                    <option value="tester">"Tester"</option>
                                                    <option value="owner">"Owner"</option>
                                                </select>
                                            </label>
                                            <button class="btn btn-primary" type="submit">
                                                "Invite"
                                            </button>
                                        </ActionForm>
                                        {(!o.invitations.is_empty())
                                            .then(|| {
                                                view! {
                                                    <h3>"Pending"</h3>
                                                    <ul class="plain" data-testid="pending-invitations">
                                                        {o
                                                            .invitations
                                                            .into_iter()
                                                            .map(|i| {
                                                                view! {
                                                                    <li>
                                                                        <span class="mono">{i.email}</span>
                                                                        " as "
                                                                        {i.role.as_str()}
                                                                    </li>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </ul>
                                                }
                                            })}
                                    </div>
                                }
                            })}
                    }
                        .into_any()
                }
            </Loaded>
        </div>
    }
}
