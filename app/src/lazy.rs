//! The developer portal's and the admin console's pages as lazy routes: with
//! `cargo leptos build --split`, their code leaves the main wasm bundle and is fetched when one
//! of their pages is first shown, so a storefront visitor never downloads them. (Without
//! `--split`, the same routes simply stay in the main bundle.)

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A lazy route showing `$component`: no route data of its own (each page starts its own
/// resources), only its code is split off.
macro_rules! lazy_page {
    ($($name:ident => $component:path),* $(,)?) => {$(
        pub struct $name;

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                $name
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                view! { <$component/> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    PortalHome => crate::portal::PortalHome,
    PortalOnboarding => crate::portal::Onboarding,
    PortalNewApp => crate::portal::apps::NewApp,
    PortalDocs => crate::portal::docs::DocsPage,
    PortalApp => crate::portal::apps::AppPage,
    PortalOrg => crate::portal::orgs::OrgPage,
    AdminHome => crate::admin::AdminHome,
    AdminUsers => crate::admin::UsersPage,
    AdminReviewQueue => crate::admin::review::ReviewQueue,
    AdminReview => crate::admin::review::ReviewPage,
    AdminReviewLaunch => crate::storefront::launch::ReviewLaunchPage,
    AdminApps => crate::admin::releases::AppsPage,
    AdminRelease => crate::admin::releases::ReleasePage,
    AdminPlan => crate::admin::plan::PlanPageView,
    AdminHostApps => crate::admin::hostapps::HostAppsPage,
    AdminAudit => crate::admin::audit::AuditPage,
    AdminCollections => crate::admin::collections::CollectionsPage,
    AdminCollection => crate::admin::collection::CollectionPage,
    AdminAnalytics => crate::analytics::page::AdminAnalyticsPage,
    AdminMpAnalytics => crate::analytics::mp_page::AdminMpAnalyticsPage,
    PortalAnalytics => crate::analytics::mp_page::PortalAnalyticsPage,
    PortalMpAnalytics => crate::analytics::mp_page::PortalMpAnalyticsPage,
}
