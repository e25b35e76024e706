//! The admin console (`/admin`): platform operators and admins.

pub mod audit;
pub mod collection;
pub mod collections;
pub mod hostapps;
pub mod plan;
pub mod releases;
pub mod review;
mod users;

pub use users::UsersPage;

use crate::analytics::api::get_platform_stats;
use crate::domain::Role;
use crate::ui::Loaded;
use crate::ui::{Brand, Gate, NavLink, UserMenu};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;

#[component]
pub fn AdminLayout() -> impl IntoView {
    view! {
        <div class="app console admin">
            <header class="topbar dark">
                <div class="topbar-inner">
                    <Brand suffix="Admin" />
                    <nav class="topnav">
                        <NavLink href="/admin" exact=true>
                            "Overview"
                        </NavLink>
                        <NavLink href="/admin/analytics">"Analytics"</NavLink>
                        <NavLink href="/admin/review">"Review"</NavLink>
                        <NavLink href="/admin/apps">"Releases"</NavLink>
                        <NavLink href="/admin/collections">"Curation"</NavLink>
                        <NavLink href="/admin/hostapps">"Host apps"</NavLink>
                        <NavLink href="/admin/audit">"Audit"</NavLink>
                        <NavLink href="/admin/users">"Users"</NavLink>
                    </nav>
                    <UserMenu />
                </div>
            </header>
            <main class="main">
                <Gate role=Role::Operator>
                    <Outlet />
                </Gate>
            </main>
        </div>
    }
}

#[component]
pub fn AdminHome() -> impl IntoView {
    let stats = crate::ui::server_resource(|| (), |_| get_platform_stats());
    view! {
        <Title text="Admin console" />
        <div class="page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">"Admin console"</p>
                    <h1>"Platform overview"</h1>
                </div>
            </div>
            <Loaded resource=stats let:s>
                {
                    let total: i64 = s.accounts_by_role.iter().map(|(_, n)| n).sum();
                    let max = s.signups.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
                    view! {
                        <div class="stat-grid">
                            <div class="stat">
                                <span class="stat-value">{total}</span>
                                <span class="stat-label">"Accounts"</span>
                            </div>
                            <div class="stat">
                                <span class="stat-value">{s.organizations}</span>
                                <span class="stat-label">"Organizations"</span>
                            </div>
                            <div class="stat">
                                <span class="stat-value">{s.categories}</span>
                                <span class="stat-label">"Categories"</span>
                            </div>
                        </div>
                        <div class="two-col">
                            <div class="card">
                                <h2>"Accounts by role"</h2>
                                <div class="hbars">
                                    {s
                                        .accounts_by_role
                                        .iter()
                                        .map(|(r, n)| {
                                            let w = if total > 0 {
                                                (*n as f64 / total as f64 * 100.0).max(1.0)
                                            } else {
                                                0.0
                                            };
                                            view! {
                                                <div class="hbar">
                                                    <span class="hbar-label">{r.label()}</span>
                                                    <span class="hbar-track">
                                                        <span
                                                            class=format!("hbar-fill role-{r}")
                                                            style=format!("width:{w:.1}%")
                                                        ></span>
                                                    </span>
                                                    <span class="hbar-value">{*n}</span>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </div>
                            <div class="card">
                                <h2>"Sign-ups, last 14 days"</h2>
                                <div class="vbars" role="img" aria-label="Sign-ups per day">
                                    {s
                                        .signups
                                        .iter()
                                        .map(|(d, n)| {
                                            let h = *n as f64 / max as f64 * 100.0;
                                            view! {
                                                <div class="vbar" title=format!("{d}: {n}")>
                                                    <span
                                                        class="vbar-fill"
                                                        style=format!("height:{h:.1}%")
                                                    ></span>
                                                    <span class="vbar-label">{d[8..].to_string()}</span>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </div>
                        </div>
                    }
                        .into_any()
                }
            </Loaded>
        </div>
    }
}
