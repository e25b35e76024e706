//! The developer portal (`/portal`): developers of member organizations.

pub mod apps;
pub mod docs;
pub mod orgs;
pub mod upload;

use crate::accounts::session::use_auth;
use crate::domain::Role;
use crate::miniprograms::api::my_miniprograms;
use crate::orgs::api::{my_invitations, my_orgs, AcceptInvitation, CreateOrg, SwitchOrg};
use crate::ui::Loaded;
use crate::ui::{action_error, Brand, FieldError, FormError, Gate, NavLink, StateBadge, UserMenu};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

/// The portal's organization switch, shared by the layout's switcher and the pages that list
/// per organization (their resources refetch when it changes).
#[derive(Clone, Copy)]
pub struct OrgSwitch(pub ServerAction<SwitchOrg>);

/// The version of the org switch, for resources to depend on (0 outside the portal).
pub fn org_switch_version() -> usize {
    use_context::<OrgSwitch>().map_or(0, |s| s.0.version().get())
}

/// The switcher in the portal's top bar: all organizations, or one of them.
#[component]
fn OrgSwitcher() -> impl IntoView {
    let OrgSwitch(switch) = expect_context::<OrgSwitch>();
    let orgs = crate::ui::server_resource(move || switch.version().get(), |_| my_orgs());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let list = orgs.await.unwrap_or_default();
                (!list.is_empty())
                    .then(|| {
                        let none = !list.iter().any(|o| o.current);
                        view! {
                            <ActionForm action=switch attr:class="org-switcher">
                                <select
                                    name="slug"
                                    aria-label="Switch organization"
                                    data-testid="org-switcher"
                                    on:change=move |ev| {
                                        switch
                                            .dispatch(SwitchOrg {
                                                slug: event_target_value(&ev),
                                            });
                                    }
                                >
                                    <option value="" selected=none>
                                        "All organizations"
                                    </option>
                                    {list
                                        .into_iter()
                                        .map(|o| {
                                            view! {
                                                <option value=o.slug selected=o.current>
                                                    {o.name}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                                <noscript>
                                    <button class="btn btn-sm" type="submit">
                                        "Switch"
                                    </button>
                                </noscript>
                            </ActionForm>
                        }
                    })
            })}
        </Transition>
    }
}

#[component]
pub fn PortalLayout() -> impl IntoView {
    let location = use_location();
    provide_context(OrgSwitch(ServerAction::<SwitchOrg>::new()));
    // The onboarding page is for any signed-in user; the rest needs the developer role.
    // A memo, so that the gate (and the outlet inside it) is rebuilt only when the page moves in
    // or out of onboarding, not on every navigation within the portal.
    let onboarding = Memo::new(move |_| location.pathname.get().starts_with("/portal/onboarding"));
    view! {
        <div class="app console portal">
            <header class="topbar">
                <div class="topbar-inner">
                    <Brand suffix="Developers" />
                    <nav class="topnav">
                        <NavLink href="/portal" exact=true>
                            "Overview"
                        </NavLink>
                        <NavLink href="/portal/analytics">"Analytics"</NavLink>
                        <NavLink href="/portal/docs">"Docs"</NavLink>
                    </nav>
                    <OrgSwitcher />
                    <UserMenu />
                </div>
            </header>
            <main class="main">
                {move || {
                    if onboarding.get() {
                        view! {
                            <Gate>
                                <Outlet />
                            </Gate>
                        }
                            .into_any()
                    } else {
                        view! {
                            <Gate role=Role::Developer>
                                <Outlet />
                            </Gate>
                        }
                            .into_any()
                    }
                }}
            </main>
        </div>
    }
}

#[component]
pub fn PortalHome() -> impl IntoView {
    let create_org = ServerAction::<CreateOrg>::new();
    let accept = ServerAction::<AcceptInvitation>::new();
    let orgs = crate::ui::server_resource(
        move || {
            (
                create_org.version().get(),
                accept.version().get(),
                org_switch_version(),
            )
        },
        |_| my_orgs(),
    );
    let apps = crate::ui::server_resource(
        move || (accept.version().get(), org_switch_version()),
        |_| my_miniprograms(),
    );
    let invitations =
        crate::ui::server_resource(move || accept.version().get(), |_| my_invitations());
    let org_error = action_error(create_org);
    view! {
        <Title text="Developer portal" />
        <div class="page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">"Developer portal"</p>
                    <h1>"Your mini-programs"</h1>
                </div>
                <a class="btn btn-primary" href="/portal/new" data-testid="new-app">
                    "+ New mini-program"
                </a>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let inv = invitations.await.unwrap_or_default();
                    (!inv.is_empty())
                        .then(|| {
                            view! {
                                <div class="card invitations">
                                    <h2>"Invitations"</h2>
                                    {inv
                                        .into_iter()
                                        .map(|i| {
                                            view! {
                                                <div class="invite-row">
                                                    <span>
                                                        {format!("{} invites you as {}", i.org_name, i.role)}
                                                    </span>
                                                    <ActionForm action=accept attr:class="inline-form">
                                                        <input type="hidden" name="invitation_id" value=i.id />
                                                        <button class="btn btn-sm btn-primary" type="submit">
                                                            "Accept"
                                                        </button>
                                                    </ActionForm>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            }
                        })
                })}
            </Transition>
            <Loaded resource=apps let:value>
                {match value {
                    list if list.is_empty() => {
                        view! {
                            <div class="empty-state">
                                <div class="empty-icon">"🧩"</div>
                                <h3>"No mini-programs yet"</h3>
                                <p class="muted">
                                    "Register one, then upload its first version as a zip package."
                                </p>
                                <a class="btn btn-primary" href="/portal/new">
                                    "Register a mini-program"
                                </a>
                            </div>
                        }
                            .into_any()
                    }
                    list => {
                        view! {
                            <div class="card-grid" data-testid="my-apps">
                                {list
                                    .into_iter()
                                    .map(|a| {
                                        view! {
                                            <a
                                                class="card app-card"
                                                href=format!("/portal/apps/{}", a.id)
                                            >
                                                <apps::AppIcon url=a.icon_url.clone() name=a.name.clone() />
                                                <div class="grow">
                                                    <h3>{a.name.clone()}</h3>
                                                    <p class="muted small">
                                                        {a.org_name.clone()}" · "{a.kind.clone()}
                                                    </p>
                                                </div>
                                                {match (a.latest_version.clone(), a.latest_state) {
                                                    (Some(v), Some(s)) => {
                                                        view! {
                                                            <span class="small">{v}" "<StateBadge state=s /></span>
                                                        }
                                                            .into_any()
                                                    }
                                                    _ => {
                                                        view! { <span class="muted small">"no version"</span> }
                                                            .into_any()
                                                    }
                                                }}
                                            </a>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        }
                            .into_any()
                    }
                }}
            </Loaded>
            <h2 class="section-title">"Organizations"</h2>
            <Loaded resource=orgs let:list>
                <div class="card-grid" data-testid="orgs">
                    {list
                        .into_iter()
                        .map(|o| {
                            view! {
                                <a
                                    class=if o.current {
                                        "card org-card current"
                                    } else {
                                        "card org-card"
                                    }
                                    href=format!("/portal/orgs/{}", o.slug)
                                >
                                    <div class="org-avatar">
                                        {o.name.chars().next().unwrap_or('?').to_string()}
                                    </div>
                                    <div>
                                        <h3>{o.name}</h3>
                                        <p class="muted small">
                                            {o.kind.label()} " · " {o.members}
                                            {if o.members == 1 { " member" } else { " members" }}
                                        </p>
                                    </div>
                                    <span class=format!(
                                        "badge org-role-{}",
                                        o.my_role,
                                    )>{o.my_role.as_str()}</span>
                                </a>
                            }
                        })
                        .collect_view()}
                </div>
            </Loaded>
            <details class="card new-org">
                <summary>
                    <strong>"Create an organization"</strong>
                </summary>
                <FormError error=org_error fields=&["name", "kind"] />
                <ActionForm action=create_org attr:class="form row-form">
                    <label class="field grow">
                        <span>"Name"</span>
                        <input type="text" name="name" maxlength="60" required />
                        <FieldError error=org_error field="name" />
                    </label>
                    <label class="field">
                        <span>"Kind"</span>
                        <select name="kind">
                            <option value="partner">"Partner"</option>
                            <option value="in_house">"In-house"</option>
                        </select>
                    </label>
                    <button class="btn btn-primary" type="submit">
                        "Create"
                    </button>
                </ActionForm>
            </details>
        </div>
    }
}

#[component]
pub fn Onboarding() -> impl IntoView {
    let auth = use_auth();
    let error = action_error(auth.become_developer);
    view! {
        <Title text="Become a developer" />
        <div class="page narrow">
            <div class="card">
                <p class="eyebrow">"Developer onboarding"</p>
                <h1>"Publish mini-programs on Ministore"</h1>
                <ul class="checklist">
                    <li>"Create or join an organization and invite your team."</li>
                    <li>"Upload versions as zip packages and read the validation report."</li>
                    <li>"Trial builds with testers, then submit for review."</li>
                </ul>
                <div class="terms">
                    <h3>"Developer terms (summary)"</h3>
                    <p class="small muted">
                        "You publish only code you have the right to publish; mini-programs run in a sandbox and may use only the permissions their manifest declares; you keep users' data to what your mini-program needs; the store's operators may review, suspend or withdraw any mini-program."
                    </p>
                </div>
                <FormError error fields=&["accept_terms"] />
                <ActionForm action=auth.become_developer attr:class="form">
                    <label class="check">
                        <input type="checkbox" name="accept_terms" value="on" />
                        <span>"I accept the developer terms"</span>
                    </label>
                    <FieldError error field="accept_terms" />
                    <button class="btn btn-primary" type="submit">
                        "Become a developer"
                    </button>
                </ActionForm>
            </div>
        </div>
    }
}
