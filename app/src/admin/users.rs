//! The admin's Users page: search, paginate, change role, disable.

use crate::accounts::api::{list_users, SetUserDisabled, SetUserRole};
use crate::domain::{urlencode, Role};
use crate::ui::Loaded;
use crate::ui::{action_error, FormError, Gate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <Title text="Users" />
        <Gate role=Role::Admin>
            <UsersTable />
        </Gate>
    }
}

#[component]
fn UsersTable() -> impl IntoView {
    let query = use_query_map();
    let q = Signal::derive(move || query.read().get("q").unwrap_or_default());
    let page = Signal::derive(move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    });
    let set_role = ServerAction::<SetUserRole>::new();
    let set_disabled = ServerAction::<SetUserDisabled>::new();
    let role_error = action_error(set_role);
    let disabled_error = action_error(set_disabled);
    let users = crate::ui::server_resource(
        move || {
            (
                q.get(),
                page.get(),
                set_role.version().get(),
                set_disabled.version().get(),
            )
        },
        |(q, page, _, _)| list_users(q, page),
    );
    view! {
        <div class="page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">"Admin console"</p>
                    <h1>"Users"</h1>
                </div>
                <form method="get" action="/admin/users" class="search-form" role="search">
                    <input
                        type="search"
                        name="q"
                        placeholder="Search by name or email"
                        value=q
                        aria-label="Search users"
                    />
                    <button class="btn" type="submit">
                        "Search"
                    </button>
                </form>
            </div>
            <FormError error=role_error />
            <FormError error=disabled_error />
            <Loaded resource=users let:value>
                {match value {
                    p if p.items.is_empty() => {
                        view! {
                            <div class="empty-state">
                                <div class="empty-icon">"🔎"</div>
                                <h3>"No account matches"</h3>
                                <p class="muted">"Try part of a name or an email address."</p>
                            </div>
                        }
                            .into_any()
                    }
                    p => {
                        let pages = p.pages();
                        let cur = p.page;
                        let qs = q.get_untracked();
                        let link = move |n: u32| {
                            format!("/admin/users?q={}&page={n}", urlencode(&qs))
                        };
                        view! {
                            <div class="card table-card">
                                <table class="table" data-testid="users-table">
                                    <thead>
                                        <tr>
                                            <th>"Name"</th>
                                            <th>"Email"</th>
                                            <th>"Role"</th>
                                            <th>"Status"</th>
                                            <th class="hide-sm">"Joined"</th>
                                            <th></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {p
                                            .items
                                            .into_iter()
                                            .map(|u| {
                                                let id = u.id.clone();
                                                let id2 = u.id.clone();
                                                view! {
                                                    <tr data-email=u.email.clone()>
                                                        <td>{u.display_name.clone()}</td>
                                                        <td class="mono">{u.email.clone()}</td>
                                                        <td>
                                                            <ActionForm action=set_role attr:class="inline-form">
                                                                <input type="hidden" name="account_id" value=id />
                                                                <select name="role" aria-label="Role">
                                                                    {Role::ALL
                                                                        .into_iter()
                                                                        .map(|r| {
                                                                            view! {
                                                                                <option value=r.as_str() selected=r == u.role>
                                                                                    {r.label()}
                                                                                </option>
                                                                            }
                                                                        })
                                                                        .collect_view()}
                                                                </select>
                                                                <button class="btn btn-sm" type="submit">
                                                                    "Save"
                                                                </button>
                                                            </ActionForm>
                                                        </td>
                                                        <td>
                                                            {if u.disabled {
                                                                view! { <span class="badge badge-danger">"Disabled"</span> }
                                                                    .into_any()
                                                            } else {
                                                                view! { <span class="badge badge-ok">"Active"</span> }
                                                                    .into_any()
                                                            }}
                                                        </td>
                                                        <td class="hide-sm muted">{u.created_at.clone()}</td>
                                                        <td>
                                                            <ActionForm action=set_disabled attr:class="inline-form">
                                                                <input type="hidden" name="account_id" value=id2 />
                                                                <input
                                                                    type="hidden"
                                                                    name="disabled"
                                                                    value=(!u.disabled).to_string()
                                                                />
                                                                <button
                                                                    class=if u.disabled {
                                                                        "btn btn-sm"
                                                                    } else {
                                                                        "btn btn-sm btn-danger-ghost"
                                                                    }
                                                                    type="submit"
                                                                >
                                                                    {if u.disabled { "Enable" } else { "Disable" }}
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
                            <nav class="pager" aria-label="Pages">
                                <span class="muted small">
                                    {format!("{} accounts · page {cur} of {pages}", p.total)}
                                </span>
                                {(cur > 1)
                                    .then(|| {
                                        view! {
                                            <a class="btn btn-sm" href=link(cur - 1)>
                                                "← Previous"
                                            </a>
                                        }
                                    })}
                                {(cur < pages)
                                    .then(|| {
                                        view! {
                                            <a class="btn btn-sm" href=link(cur + 1)>
                                                "Next →"
                                            </a>
                                        }
                                    })}
                            </nav>
                        }
                            .into_any()
                    }
                }}
            </Loaded>
        </div>
    }
}
