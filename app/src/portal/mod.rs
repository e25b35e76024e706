//! The developer portal (`/portal`): developers of member organizations.

use crate::accounts::pages::use_auth;
use crate::domain::Role;
use crate::orgs::api::my_orgs;
use crate::ui::{action_error, Brand, FieldError, FormError, Gate, Loading, NavLink, UserMenu};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

#[component]
pub fn PortalLayout() -> impl IntoView {
    let location = use_location();
    // The onboarding page is for any signed-in user; the rest needs the developer role.
    let onboarding = move || location.pathname.get().starts_with("/portal/onboarding");
    view! {
        <div class="app console portal">
            <header class="topbar">
                <div class="topbar-inner">
                    <Brand suffix="Developers"/>
                    <nav class="topnav">
                        <NavLink href="/portal" exact=true>"Overview"</NavLink>
                    </nav>
                    <UserMenu/>
                </div>
            </header>
            <main class="main">
                {move || if onboarding() {
                    view! { <Gate><Outlet/></Gate> }.into_any()
                } else {
                    view! { <Gate role=Role::Developer><Outlet/></Gate> }.into_any()
                }}
            </main>
        </div>
    }
}

#[component]
pub fn PortalHome() -> impl IntoView {
    let orgs = Resource::new(|| (), |_| my_orgs());
    view! {
        <Title text="Developer portal"/>
        <div class="page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">"Developer portal"</p>
                    <h1>"Your organizations"</h1>
                </div>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match orgs.await {
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty-state">
                                <div class="empty-icon">"🏢"</div>
                                <h3>"You are not in an organization yet"</h3>
                                <p class="muted">"Mini-programs belong to organizations. Ask an owner to invite you."</p>
                            </div>
                        }.into_any(),
                        Ok(list) => view! {
                            <div class="card-grid" data-testid="orgs">
                                {list.into_iter().map(|o| view! {
                                    <div class="card org-card">
                                        <div class="org-avatar">{o.name.chars().next().unwrap_or('?').to_string()}</div>
                                        <div>
                                            <h3>{o.name}</h3>
                                            <p class="muted small">
                                                {if o.kind == "in_house" { "In-house team" } else { "Partner" }}
                                                " · " {o.members} {if o.members == 1 { " member" } else { " members" }}
                                            </p>
                                        </div>
                                        <span class=format!("badge org-role-{}", o.my_role)>{o.my_role.clone()}</span>
                                    </div>
                                }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(e) => view! { <crate::ui::ErrorPanel error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
pub fn Onboarding() -> impl IntoView {
    let auth = use_auth();
    let error = action_error(auth.become_developer);
    view! {
        <Title text="Become a developer"/>
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
                    <p class="small muted">"You publish only code you have the right to publish; mini-programs run in a sandbox and may use only the permissions their manifest declares; you keep users' data to what your mini-program needs; the store's operators may review, suspend or withdraw any mini-program."</p>
                </div>
                <FormError error fields=&["accept_terms"]/>
                <ActionForm action=auth.become_developer attr:class="form">
                    <label class="check">
                        <input type="checkbox" name="accept_terms" value="on"/>
                        <span>"I accept the developer terms"</span>
                    </label>
                    <FieldError error field="accept_terms"/>
                    <button class="btn btn-primary" type="submit">"Become a developer"</button>
                </ActionForm>
            </div>
        </div>
    }
}
