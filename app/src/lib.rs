//! Ministore's Leptos application: one router, three front ends (storefront `/`, developer
//! portal `/portal`, admin console `/admin`), shared server functions.
#![recursion_limit = "512"]

pub mod accounts;
pub mod admin;
pub mod analytics;
pub mod audit;
pub mod catalog;
pub mod curation;
pub mod discovery;
pub mod domain;
pub mod error;
pub mod grayscale;
pub mod hostapps;
mod lazy;
pub mod miniprograms;
pub mod orgs;
pub mod portal;
pub mod releases;
pub mod review;
pub mod storefront;
pub mod ui;
pub mod versions;

#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The HTML document around the app (rendered on the server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#4f46e5" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
                <script
                    id=accounts::session::USER_SCRIPT_ID
                    type="application/json"
                    inner_html=accounts::session::user_json()
                ></script>
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    accounts::session::provide_auth();
    view! {
        <Stylesheet id="leptos" href="/pkg/ministore.css" />
        <Title formatter=|t: String| {
            if t.is_empty() { "Ministore".to_string() } else { format!("{t} · Ministore") }
        } />
        <Router>
            <Routes fallback=|| view! { <ui::NotFound /> }>
                <ParentRoute path=path!("/portal") view=portal::PortalLayout>
                    <Route
                        path=path!("")
                        view={Lazy::<lazy::PortalHome>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("onboarding")
                        view={Lazy::<lazy::PortalOnboarding>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("new")
                        view={Lazy::<lazy::PortalNewApp>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("docs")
                        view={Lazy::<lazy::PortalDocs>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("analytics")
                        view={Lazy::<lazy::PortalAnalytics>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("analytics/:id")
                        view={Lazy::<lazy::PortalMpAnalytics>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("apps/:id")
                        view={Lazy::<lazy::PortalApp>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("orgs/:slug")
                        view={Lazy::<lazy::PortalOrg>::new()}
                        ssr=SsrMode::Async
                    />
                </ParentRoute>
                <ParentRoute path=path!("/admin") view=admin::AdminLayout>
                    <Route
                        path=path!("")
                        view={Lazy::<lazy::AdminHome>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("users")
                        view={Lazy::<lazy::AdminUsers>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("review")
                        view={Lazy::<lazy::AdminReviewQueue>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("review/:id")
                        view={Lazy::<lazy::AdminReview>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("review/:id/run")
                        view={Lazy::<lazy::AdminReviewLaunch>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("analytics")
                        view={Lazy::<lazy::AdminAnalytics>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("analytics/:id")
                        view={Lazy::<lazy::AdminMpAnalytics>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("collections")
                        view={Lazy::<lazy::AdminCollections>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("collections/:id")
                        view={Lazy::<lazy::AdminCollection>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("apps")
                        view={Lazy::<lazy::AdminApps>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("apps/:id")
                        view={Lazy::<lazy::AdminRelease>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("apps/:id/plan/:host")
                        view={Lazy::<lazy::AdminPlan>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("hostapps")
                        view={Lazy::<lazy::AdminHostApps>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("audit")
                        view={Lazy::<lazy::AdminAudit>::new()}
                        ssr=SsrMode::Async
                    />
                </ParentRoute>
                <ParentRoute path=path!("") view=storefront::StoreLayout>
                    <Route path=path!("") view=storefront::HomePage ssr=SsrMode::Async />
                    <Route
                        path=path!("search")
                        view=discovery::search_page::SearchPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("tag/:tag")
                        view=discovery::search_page::SearchPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("nearby")
                        view=discovery::nearby::NearbyPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("signin")
                        view=accounts::pages::SignInPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("signup")
                        view=accounts::pages::SignUpPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("account")
                        view=accounts::pages::AccountPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("app/:id")
                        view=storefront::detail::DetailPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("app/:id/run")
                        view=storefront::launch::LaunchPage
                        ssr=SsrMode::Async
                    />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
